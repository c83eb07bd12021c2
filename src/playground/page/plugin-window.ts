// The plugin's UI as Figma shows it: the html given to figma.showUI in an `<iframe sandbox="allow-scripts allow-downloads">`
// (so its origin is `null`), at the requested size, with Figma's theme colours, and messages bridged both
// ways in Figma's shapes: the UI posts `{ pluginMessage }` to its parent and receives `{ pluginMessage }`.
// The manifest's networkAccess is enforced on it as a Content-Security-Policy, as Figma does.
import type { FigmaHost } from '../../host/figma'
import { type Theme, themeClass, themeCss } from './theme'

export interface PluginWindow {
  /** Resolves when the UI has loaded and sent its first message to the main thread. */
  ready: Promise<void>
  readonly isReady: boolean
  /** Follows figma.ui.resize / show / hide; called every frame. */
  sync(): void
  remove(): void
}

function documentFor(html: string, options: ShowUIOptions | undefined, policy: string, theme: Theme): string {
  const themed = options?.themeColors === true
  const csp = policy === '' ? '' : `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}">`
  return (
    `<!doctype html><html${themed ? ` class="${themeClass(theme)}"` : ''}><head>${csp}<meta charset="utf-8">` +
    `${themed ? `<style id="figma-style">${themeCss(theme)}</style>` : ''}</head><body>${html}</body></html>`
  )
}

export function openPluginWindow(
  host: FigmaHost,
  frame: HTMLElement,
  titleEl: HTMLElement,
  pluginId: string,
  policy: string,
  theme: Theme
): PluginWindow {
  const iframe = document.createElement('iframe')
  // allow-downloads: Figma plugins save files from their UI with a Blob and an `<a download>` (a common
  // practice in published plugins' code), which Chromium blocks in a sandboxed frame without this flag.
  // Inferred from that practice; Figma's docs do not list the iframe's sandbox flags.
  iframe.setAttribute('sandbox', 'allow-scripts allow-downloads')
  iframe.title = 'Plugin UI'
  iframe.srcdoc = documentFor(host.ui.html ?? '', host.ui.options, policy, theme)
  frame.dataset.theme = theme
  titleEl.textContent = host.ui.options?.title ?? 'Plugin'
  frame.appendChild(iframe)

  let isReady = false
  let markReady: () => void = () => undefined
  const ready = new Promise<void>((resolve) => (markReady = resolve))
  let stopListening: (() => void) | undefined

  const fromUi = (event: MessageEvent): void => {
    if (event.source !== iframe.contentWindow) return
    const data = event.data as { pluginMessage?: unknown } | null
    if (data === null || typeof data !== 'object' || !('pluginMessage' in data)) return
    if (host.ui.closed) return // sent as the window closed: nothing receives it, as in Figma
    // The browser's postMessage already made this copy (and refused what cannot be cloned), as Figma's does.
    host.ui.send(data.pluginMessage, { copied: true })
    if (!isReady) {
      isReady = true
      markReady()
    }
  }
  window.addEventListener('message', fromUi)
  // Messages the plugin posts before the UI has loaded wait in the host, as Figma holds them.
  iframe.addEventListener('load', () => {
    stopListening = host.ui.onMessage((pluginMessage) => {
      iframe.contentWindow?.postMessage({ pluginMessage, pluginId }, '*')
    })
  })

  return {
    ready,
    get isReady() {
      return isReady
    },
    sync() {
      const width = `${host.ui.width}px`
      const height = `${host.ui.height}px`
      if (iframe.style.width !== width) iframe.style.width = width
      if (iframe.style.height !== height) iframe.style.height = height
      frame.hidden = !host.ui.visible
    },
    remove() {
      window.removeEventListener('message', fromUi)
      stopListening?.()
      iframe.remove()
      frame.hidden = true
    }
  }
}
