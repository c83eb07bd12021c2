// Frames: a container with fills, clipping and auto layout (with wrap).
import { flow, type FlowItem } from '../auto-layout'
import type { HostContext } from '../context'
import { solid, frozenPaints } from '../paints'
import { NodeImpl, registerNodeClass } from './base-node'
import { withChildren } from './container'
import { withCorners, withFills } from './fills'
import { LayoutChildImpl, type Axis } from './layout-child'

type LayoutMode = 'NONE' | 'HORIZONTAL' | 'VERTICAL'
type SizingMode = 'FIXED' | 'AUTO'

function oneOf<T extends string>(method: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new Error(`in ${method}: Invalid value "${String(value)}", expected one of ${allowed.join(', ')}`)
  return value as T
}
function num(method: string, value: unknown, min = -Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new Error(`in ${method}: Expected a finite number${min > -Infinity ? ` >= ${min}` : ''}`)
  }
  return value
}

export class FrameImpl extends withChildren(withCorners(withFills(LayoutChildImpl))) {
  _clipsContent = true
  _layoutMode: LayoutMode = 'NONE'
  _primarySizing: SizingMode = 'AUTO'
  _counterSizing: SizingMode = 'FIXED'
  _wrap: 'NO_WRAP' | 'WRAP' = 'NO_WRAP'
  _itemSpacing = 0
  _counterSpacing: number | null = null
  _pad = { top: 0, right: 0, bottom: 0, left: 0 }
  _alignMain: 'MIN' | 'CENTER' | 'MAX' | 'SPACE_BETWEEN' = 'MIN'
  _alignCross: 'MIN' | 'CENTER' | 'MAX' | 'BASELINE' = 'MIN'
  _alignContent: 'AUTO' | 'SPACE_BETWEEN' = 'AUTO'
  _reverseZ = false
  _laying = false

  constructor(ctx: HostContext, id: string) {
    super(ctx, 'FRAME', id, 'Frame', 100, 100)
    this._fills = frozenPaints([solid(1, 1, 1)], ctx.images)
  }

  _checkChild(method: string, child: NodeImpl): void {
    if (child._type === 'PAGE' || child._type === 'DOCUMENT') throw new Error(`in ${method}: Cannot add a ${child._type} node to a frame`)
    if (child._type === 'SECTION') throw new Error(`in ${method}: Sections can only be children of pages and other sections`)
  }

  override _clips(): boolean {
    return this._clipsContent
  }
  get clipsContent(): boolean {
    return this._clipsContent
  }
  set clipsContent(value: boolean) {
    this._clipsContent = Boolean(value)
  }

  _isAutoLayout(): boolean {
    return this._layoutMode !== 'NONE'
  }
  _primaryAxis(): Axis {
    return this._layoutMode === 'VERTICAL' ? 'y' : 'x'
  }
  override _hugs(axis: Axis): boolean {
    if (!this._isAutoLayout()) return false
    return (axis === this._primaryAxis() ? this._primarySizing : this._counterSizing) === 'AUTO'
  }
  override _setHug(method: string, axis: Axis, hug: boolean): void {
    if (!this._isAutoLayout()) {
      if (hug) throw new Error(`in ${method}: HUG is only valid on auto-layout frames and text nodes`)
      return
    }
    if (axis === this._primaryAxis()) this._primarySizing = hug ? 'AUTO' : 'FIXED'
    else this._counterSizing = hug ? 'AUTO' : 'FIXED'
    this._relayout()
  }

  /** Resizing an auto-layout frame fixes the axes it hugged, as Figma does. */
  override _setSize(width: number, height: number): void {
    if (this._isAutoLayout()) {
      if (width !== this._w && this._hugs('x')) this._setHug('resize', 'x', false)
      if (height !== this._h && this._hugs('y')) this._setHug('resize', 'y', false)
    }
    this._w = width
    this._h = height
    this._relayout()
    this._geometryChanged()
  }

  override _childrenChanged(): void {
    if (this._laying || !this._isAutoLayout()) return
    const before = [this._w, this._h]
    this._relayout()
    if (before[0] !== this._w || before[1] !== this._h) this._geometryChanged()
  }

  /** Positions children (and sizes FILL children and hugging axes) from the auto-layout properties. */
  _relayout(): void {
    if (!this._isAutoLayout() || this._laying) return
    this._laying = true
    try {
      const horizontal = this._layoutMode === 'HORIZONTAL'
      const kids = this._kids().filter(
        (c): c is LayoutChildImpl => c instanceof LayoutChildImpl && c._visible && c._layoutPositioning === 'AUTO'
      )
      const items: FlowItem[] = kids.map((c) => ({
        main: horizontal ? c._w : c._h,
        cross: horizontal ? c._h : c._w,
        grow: c._layoutGrow === 1,
        stretch: c._layoutAlign === 'STRETCH'
      }))
      const p = this._pad
      const result = flow(items, {
        main: horizontal ? this._w : this._h,
        cross: horizontal ? this._h : this._w,
        hugMain: this._primarySizing === 'AUTO',
        hugCross: this._counterSizing === 'AUTO',
        padMainStart: horizontal ? p.left : p.top,
        padMainEnd: horizontal ? p.right : p.bottom,
        padCrossStart: horizontal ? p.top : p.left,
        padCrossEnd: horizontal ? p.bottom : p.right,
        gap: this._itemSpacing,
        crossGap: this._wrap === 'WRAP' ? this.counterAxisSpacing : 0,
        wrap: this._wrap === 'WRAP',
        alignMain: this._alignMain,
        alignCross: this._alignCross,
        alignContent: this._alignContent
      })
      kids.forEach((c, i) => {
        const r = result.items[i]!
        c._x = horizontal ? r.main : r.cross
        c._y = horizontal ? r.cross : r.main
        const w = horizontal ? r.mainSize : r.crossSize
        const h = horizontal ? r.crossSize : r.mainSize
        if (w !== c._w || h !== c._h) c._sizeFromParent(w, h)
      })
      this._w = Math.max(0.01, horizontal ? result.main : result.cross)
      this._h = Math.max(0.01, horizontal ? result.cross : result.main)
    } finally {
      this._laying = false
    }
  }

  override _sizeFromParent(width: number, height: number): void {
    this._w = width
    this._h = height
    this._relayout()
  }

  get layoutMode(): LayoutMode {
    return this._layoutMode
  }
  set layoutMode(value: LayoutMode) {
    if ((value as string) === 'GRID') throw new Error('not implemented in the Keyframe host: FrameNode.layoutMode = "GRID"')
    this._layoutMode = oneOf('set_layoutMode', value, ['NONE', 'HORIZONTAL', 'VERTICAL'] as const)
    if (value === 'NONE') this._wrap = 'NO_WRAP'
    this._childrenChanged()
  }
  get layoutWrap(): 'NO_WRAP' | 'WRAP' {
    return this._wrap
  }
  set layoutWrap(value: 'NO_WRAP' | 'WRAP') {
    if (!this._isAutoLayout()) throw new Error('in set_layoutWrap: layoutWrap can only be set on auto-layout frames (layoutMode HORIZONTAL or VERTICAL)')
    this._wrap = oneOf('set_layoutWrap', value, ['NO_WRAP', 'WRAP'] as const)
    this._childrenChanged()
  }
  get primaryAxisSizingMode(): SizingMode {
    return this._primarySizing
  }
  set primaryAxisSizingMode(value: SizingMode) {
    this._primarySizing = oneOf('set_primaryAxisSizingMode', value, ['FIXED', 'AUTO'] as const)
    this._childrenChanged()
  }
  get counterAxisSizingMode(): SizingMode {
    return this._counterSizing
  }
  set counterAxisSizingMode(value: SizingMode) {
    this._counterSizing = oneOf('set_counterAxisSizingMode', value, ['FIXED', 'AUTO'] as const)
    this._childrenChanged()
  }
  get itemSpacing(): number {
    return this._itemSpacing
  }
  set itemSpacing(value: number) {
    this._itemSpacing = num('set_itemSpacing', value)
    this._childrenChanged()
  }
  /** Reads as itemSpacing until set; null makes it follow itemSpacing again. */
  get counterAxisSpacing(): number {
    return this._counterSpacing ?? this._itemSpacing
  }
  set counterAxisSpacing(value: number | null) {
    this._counterSpacing = value === null ? null : num('set_counterAxisSpacing', value, 0)
    this._childrenChanged()
  }
  get primaryAxisAlignItems(): 'MIN' | 'CENTER' | 'MAX' | 'SPACE_BETWEEN' {
    return this._alignMain
  }
  set primaryAxisAlignItems(value: 'MIN' | 'CENTER' | 'MAX' | 'SPACE_BETWEEN') {
    this._alignMain = oneOf('set_primaryAxisAlignItems', value, ['MIN', 'CENTER', 'MAX', 'SPACE_BETWEEN'] as const)
    this._childrenChanged()
  }
  get counterAxisAlignItems(): 'MIN' | 'CENTER' | 'MAX' | 'BASELINE' {
    return this._alignCross
  }
  set counterAxisAlignItems(value: 'MIN' | 'CENTER' | 'MAX' | 'BASELINE') {
    this._alignCross = oneOf('set_counterAxisAlignItems', value, ['MIN', 'CENTER', 'MAX', 'BASELINE'] as const)
    this._childrenChanged()
  }
  get counterAxisAlignContent(): 'AUTO' | 'SPACE_BETWEEN' {
    return this._alignContent
  }
  set counterAxisAlignContent(value: 'AUTO' | 'SPACE_BETWEEN') {
    if (this._wrap !== 'WRAP') throw new Error('in set_counterAxisAlignContent: counterAxisAlignContent can only be set on wrapping auto-layout frames')
    this._alignContent = oneOf('set_counterAxisAlignContent', value, ['AUTO', 'SPACE_BETWEEN'] as const)
    this._childrenChanged()
  }
  get itemReverseZIndex(): boolean {
    return this._reverseZ
  }
  set itemReverseZIndex(value: boolean) {
    this._reverseZ = Boolean(value)
  }
  get paddingTop(): number {
    return this._pad.top
  }
  set paddingTop(value: number) {
    this._setPad('top', value)
  }
  get paddingRight(): number {
    return this._pad.right
  }
  set paddingRight(value: number) {
    this._setPad('right', value)
  }
  get paddingBottom(): number {
    return this._pad.bottom
  }
  set paddingBottom(value: number) {
    this._setPad('bottom', value)
  }
  get paddingLeft(): number {
    return this._pad.left
  }
  set paddingLeft(value: number) {
    this._setPad('left', value)
  }
  _setPad(side: 'top' | 'right' | 'bottom' | 'left', value: number): void {
    const method = `set_padding${side[0]!.toUpperCase()}${side.slice(1)}`
    this._pad[side] = num(method, value, 0)
    this._childrenChanged()
  }
}
registerNodeClass(FrameImpl)
