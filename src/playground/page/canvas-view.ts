// Draws the current page of the in-memory document (the host's own SVG renderer, zoomed to fit), labels
// top-level frames and sections as Figma does, outlines the selection, and selects by click and
// shift-click. It looks at the page only when the host's change count moved, redraws only when a cheap
// snapshot of the page changed, at most once an animation frame,
// and hands each image to the browser once (an object URL per image hash), so placing an image costs the
// plugin's main code (on this same thread) no more than Figma's canvas would.
import type { Box } from '../../box'
import { type FigmaHost, type NodeSnapshot, type PageSnapshot, traced } from '../../host/figma'
import { fitLabel } from './frame-label'

const MARGIN = 48
const LABEL_SPACE = 24
const SVG_NS = 'http://www.w3.org/2000/svg'
const LABEL_FONT_PX = 11
const LABEL_FONT = `${LABEL_FONT_PX}px Inter, system-ui, sans-serif`

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const escAttr = (s: string): string => esc(s).replace(/"/g, '&quot;')

function contentBox(nodes: NodeSnapshot[]): Box {
  const shown = nodes.filter((n) => n.visible)
  if (shown.length === 0) return { x: 0, y: 0, width: 800, height: 600 }
  const x = Math.min(...shown.map((n) => n.absoluteX))
  const y = Math.min(...shown.map((n) => n.absoluteY))
  const right = Math.max(...shown.map((n) => n.absoluteX + n.width))
  const bottom = Math.max(...shown.map((n) => n.absoluteY + n.height))
  return { x: x - MARGIN, y: y - MARGIN - LABEL_SPACE, width: right - x + 2 * MARGIN, height: bottom - y + 2 * MARGIN + LABEL_SPACE }
}

export class CanvasView {
  private drawnKey = ''
  /** The host's change count and the view's size at the last snapshot. */
  private seen = ''
  private overlayKey = ''
  private box: Box = { x: 0, y: 0, width: 1, height: 1 }
  private scale = 1
  private page: PageSnapshot | undefined
  private readonly drawing = document.createElement('div')
  private readonly overlay = document.createElementNS(SVG_NS, 'svg')
  /** Object URLs of the images drawn, by hash; revoked once a redraw no longer uses them. */
  private urls = new Map<string, string>()
  private paintScheduled = false
  /** Measures labels in screen pixels, in the font they are drawn in. */
  private readonly measurer = document.createElement('canvas').getContext('2d')

  constructor(private readonly host: FigmaHost, private readonly el: HTMLElement) {
    this.drawing.setAttribute('aria-hidden', 'true')
    this.overlay.style.position = 'absolute'
    el.prepend(this.drawing, this.overlay)
    el.addEventListener('mousedown', (event) => this.click(event))
  }

  /** Called every frame (and after anything that may have changed the page). */
  refresh(): void {
    traced('playground: snapshot and compare', () => this.refreshNow())
  }

  private refreshNow(): void {
    const size = `${this.el.clientWidth}x${this.el.clientHeight}`
    // Nothing written through the API (nor loaded, nor selected) since the last look, at the same size: the
    // page shows what it showed, so it is not snapshotted and compared again.
    const seen = `${this.host.changeCount()}|${size}`
    if (seen === this.seen) return
    this.seen = seen
    const page = this.host.snapshot()
    this.page = page
    const docKey = `${size}|${JSON.stringify(page.children)}`
    if (docKey !== this.drawnKey) {
      this.drawnKey = docKey
      this.layout(page)
      // A burst of changes (a job's fills) is drawn once, in the next frame.
      if (!this.paintScheduled) {
        this.paintScheduled = true
        requestAnimationFrame(() => traced('playground: redraw', () => this.paint()))
      }
    }
    // draw() clears overlayKey, so labels and outlines follow a redraw as well as the selection.
    const overlayKey = `#${page.selection.join(',')}`
    if (overlayKey !== this.overlayKey) {
      this.overlayKey = overlayKey
      this.drawOverlay(page)
    }
  }

  /** Where the page goes (zoom and offset) and the overlay, at once: clicks and pointOf use them. */
  private layout(page: PageSnapshot): void {
    this.box = contentBox(page.children)
    const { clientWidth: w, clientHeight: h } = this.el
    this.scale = Math.min(w / this.box.width, h / this.box.height, 2)
    const { width, height } = this.size()
    this.overlay.style.left = `${Math.round((w - width) / 2)}px`
    this.overlay.style.top = `${Math.round((h - height) / 2)}px`
    this.overlay.setAttribute('width', String(width))
    this.overlay.setAttribute('height', String(height))
    this.overlay.setAttribute('viewBox', `${this.box.x} ${this.box.y} ${this.box.width} ${this.box.height}`)
    this.overlayKey = ''
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(1, Math.round(this.box.width * this.scale)), height: Math.max(1, Math.round(this.box.height * this.scale)) }
  }

  /** The page itself, as the latest layout places it. */
  private paint(): void {
    this.paintScheduled = false
    const { width, height } = this.size()
    const used = new Map<string, string>()
    const imageHref = (hash: string, bytes: Uint8Array, mimeType: string): string => {
      let url = this.urls.get(hash)
      if (!url) url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }))
      used.set(hash, url)
      return url
    }
    this.drawing.innerHTML = this.host.renderSvg(undefined, { box: this.box, width, height, imageHref })
    for (const [hash, url] of this.urls) if (!used.has(hash)) URL.revokeObjectURL(url)
    this.urls = used
    const svg = this.drawing.firstElementChild as SVGElement | null
    if (svg) {
      svg.style.left = this.overlay.style.left
      svg.style.top = this.overlay.style.top
    }
  }

  private drawOverlay(page: PageSnapshot): void {
    const px = 1 / this.scale
    const selected = new Set(page.selection)
    const measurer = this.measurer
    if (measurer) measurer.font = LABEL_FONT
    const measure = (text: string): number => measurer?.measureText(text).width ?? text.length * LABEL_FONT_PX * 0.6
    let out = ''
    for (const node of page.children) {
      if (!node.visible) continue
      // Figma names top-level frames and sections above them, the name cut to the frame's width.
      if (node.type === 'FRAME' || node.type === 'SECTION') {
        const label = fitLabel(node.name, node.width * this.scale, measure)
        out += `<text x="${node.absoluteX}" y="${node.absoluteY - 6 * px}" font-size="${LABEL_FONT_PX * px}" fill="${selected.has(node.id) ? '#0d99ff' : '#666'}" font-family="Inter, system-ui, sans-serif" data-name="${escAttr(node.name)}">${esc(label)}</text>`
      }
      if (selected.has(node.id)) {
        out += `<rect x="${node.absoluteX}" y="${node.absoluteY}" width="${node.width}" height="${node.height}" fill="none" stroke="#0d99ff" stroke-width="${2 * px}"/>`
      }
    }
    this.overlay.innerHTML = out
  }

  /** Where a top-level node's centre is in the browser window (for tests that click on the canvas). */
  pointOf(id: string): { x: number; y: number } {
    const node = this.host.snapshot().children.find((n) => n.id === id)
    if (!node) throw new Error(`No top-level node with id "${id}"`)
    const rect = this.overlay.getBoundingClientRect()
    return {
      x: rect.left + (node.absoluteX + node.width / 2 - this.box.x) * this.scale,
      y: rect.top + (node.absoluteY + node.height / 2 - this.box.y) * this.scale
    }
  }

  /** The topmost visible top-level node under a point of the page, if any. */
  private hit(event: MouseEvent): NodeSnapshot | undefined {
    const rect = this.overlay.getBoundingClientRect()
    const x = this.box.x + (event.clientX - rect.left) / this.scale
    const y = this.box.y + (event.clientY - rect.top) / this.scale
    const nodes = this.page?.children ?? []
    for (let i = nodes.length - 1; i >= 0; i--) {
      const n = nodes[i]!
      if (n.visible && x >= n.absoluteX && x <= n.absoluteX + n.width && y >= n.absoluteY && y <= n.absoluteY + n.height) return n
    }
    return undefined
  }

  private click(event: MouseEvent): void {
    if (event.button !== 0) return
    const node = this.hit(event)
    const current = this.page?.selection ?? []
    let next: string[]
    if (event.shiftKey) next = node ? (current.includes(node.id) ? current.filter((id) => id !== node.id) : [...current, node.id]) : current
    else next = node ? [node.id] : []
    event.preventDefault()
    if (next.join(',') !== current.join(',')) this.host.select(next)
    this.refresh()
  }
}
