// Geometry, visibility and export: what every node on the canvas has.
import type { Box } from '../../../box'
import type { HostContext } from '../context'
import { NodeImpl, type NodeKind } from './base-node'

export const MIN_SIZE = 0.01

function checkNumber(method: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`in ${method}: Expected "${name}" to be a finite number`)
  return value
}

export type { Box }

export abstract class SceneImpl extends NodeImpl {
  _x = 0
  _y = 0
  _w: number
  _h: number
  _visible = true
  _opacity = 1

  constructor(ctx: HostContext, type: NodeKind, id: string, name: string, width: number, height: number) {
    super(ctx, type, id, name)
    this._w = width
    this._h = height
  }

  get x(): number {
    return this._x
  }
  set x(value: number) {
    this._x = checkNumber('set_x', 'x', value)
  }
  get y(): number {
    return this._y
  }
  set y(value: number) {
    this._y = checkNumber('set_y', 'y', value)
  }
  get width(): number {
    return this._w
  }
  get height(): number {
    return this._h
  }
  get rotation(): number {
    return 0
  }

  resize(width: number, height: number): void {
    this._checkSize('resize', width, height)
    this._setSize(width, height)
  }
  resizeWithoutConstraints(width: number, height: number): void {
    this._checkSize('resizeWithoutConstraints', width, height)
    this._setSize(width, height)
  }
  _checkSize(method: string, width: number, height: number): void {
    checkNumber(method, 'width', width)
    checkNumber(method, 'height', height)
    if (width < MIN_SIZE) throw new Error(`in ${method}: Expected "width" to have value >= ${MIN_SIZE}`)
    if (height < MIN_SIZE) throw new Error(`in ${method}: Expected "height" to have value >= ${MIN_SIZE}`)
  }
  _setSize(width: number, height: number): void {
    this._w = width
    this._h = height
  }

  get visible(): boolean {
    return this._visible
  }
  set visible(value: boolean) {
    this._visible = Boolean(value)
  }
  // The plugin never sets opacity; the setter stays for the canvas export's pixel tests, which build a faded
  // group through the API.
  get opacity(): number {
    return this._opacity
  }
  set opacity(value: number) {
    checkNumber('set_opacity', 'opacity', value)
    if (value < 0 || value > 1) throw new Error('in set_opacity: Expected "opacity" to be between 0 and 1')
    this._opacity = value
  }

  /** Groups do not create a coordinate space: x/y are relative to the nearest non-group ancestor. */
  _absOrigin(): { x: number; y: number } {
    let p = this._parent
    while (p && p._type === 'GROUP') p = p._parent
    if (!(p instanceof SceneImpl)) return { x: 0, y: 0 }
    const o = p._absOrigin()
    return { x: o.x + p.x, y: o.y + p.y }
  }
  _absBox(): Box {
    const o = this._absOrigin()
    return { x: o.x + this.x, y: o.y + this.y, width: this.width, height: this.height }
  }

  get absoluteBoundingBox(): Rect {
    return this._absBox()
  }
  /**
   * The area export draws (Figma's absoluteRenderBounds, approximated: no strokes outside, no effects):
   * the node's box plus children that overflow an unclipped container; null when hidden.
   */
  _renderBox(): Box | null {
    if (!this._visible) return null
    let box = this._absBox()
    if (this._children && !this._clips()) {
      for (const c of this._children) {
        const cb = c instanceof SceneImpl ? c._renderBox() : null
        if (cb) box = union(box, cb)
      }
    }
    return box
  }
  _clips(): boolean {
    return false
  }
  /** What export draws: the render bounds, or the node's own box when `useAbsoluteBounds` is set. */
  _exportBox(absolute: boolean): Box | null {
    if (!this._visible) return null
    return absolute ? this._absBox() : this._renderBox()
  }

  exportAsync(settings?: ExportSettings): Promise<Uint8Array | string> {
    return this._ctx.exportNode(this, settings)
  }
}

export function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x)
  const y = Math.min(a.y, b.y)
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y }
}
