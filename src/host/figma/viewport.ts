// figma.viewport: a centre and a zoom over a screen of fixed pixel size.
import { implOf } from './nodes/base-node'
import { renderBounds } from './render/svg'
import { asFigmaApi } from './strict'

class ViewportImpl {
  _center: Vector = { x: 0, y: 0 }
  _zoom = 1
  /** Every scrollAndZoomIntoView target, for tests. */
  readonly _history: Rect[] = []

  constructor(private readonly _screen: { width: number; height: number }) {}

  // Read only: the plugin reads the centre to place new work and moves the view only by scrollAndZoomIntoView.
  get center(): Vector {
    return { ...this._center }
  }
  get zoom(): number {
    return this._zoom
  }
  get bounds(): Rect {
    const width = this._screen.width / this._zoom
    const height = this._screen.height / this._zoom
    return { x: this._center.x - width / 2, y: this._center.y - height / 2, width, height }
  }
  scrollAndZoomIntoView(nodes: ReadonlyArray<BaseNode>): void {
    if (!Array.isArray(nodes)) throw new Error('in scrollAndZoomIntoView: Expected an array of nodes')
    const box = renderBounds(nodes.map((n) => implOf('scrollAndZoomIntoView', n)))
    if (!box) return
    this._history.push(box)
    this._center = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    // Fit with a margin, never past Figma's zoom range.
    const fit = Math.min(this._screen.width / box.width, this._screen.height / box.height) * 0.9
    this._zoom = Math.min(256, Math.max(0.01, fit))
  }
}

export function createViewport(screen: { width: number; height: number }): { api: ViewportAPI; history: Rect[] } {
  const impl = new ViewportImpl(screen)
  return { api: asFigmaApi<ViewportAPI>(impl, { label: () => 'figma.viewport' }), history: impl._history }
}
