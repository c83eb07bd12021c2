// figma.notify as Figma shows it: a short-lived message at the bottom of the canvas.
import type { Notice } from '../../host/figma'

export function showToast(container: HTMLElement, notice: Notice): void {
  const el = document.createElement('div')
  el.className = notice.error ? 'toast error' : 'toast'
  el.textContent = notice.message
  container.appendChild(el)
  setTimeout(() => el.remove(), Math.min(notice.timeout ?? 4000, 10_000))
}
