// What a node inside an auto-layout frame has (AutoLayoutChildrenMixin and the layoutSizing shorthands).
import type { NodeImpl } from './base-node'
import { SceneImpl } from './scene-node'

export type Axis = 'x' | 'y'
export type Sizing = 'FIXED' | 'HUG' | 'FILL'

/** The auto-layout parent's view of its children; implemented by frames. */
export interface AutoLayoutParent {
  _isAutoLayout(): boolean
  _primaryAxis(): Axis
}

export function autoLayoutParentOf(node: NodeImpl): AutoLayoutParent | null {
  const p = node._parent as (NodeImpl & Partial<AutoLayoutParent>) | null
  return p && typeof p._isAutoLayout === 'function' && p._isAutoLayout() ? (p as AutoLayoutParent) : null
}

export abstract class LayoutChildImpl extends SceneImpl {
  _layoutGrow = 0
  _layoutAlign: 'INHERIT' | 'STRETCH' = 'INHERIT'
  _layoutPositioning: 'AUTO' | 'ABSOLUTE' = 'AUTO'

  /** Whether this node sizes itself to its content on `axis` (auto-layout frames, auto-resizing text). */
  _hugs(_axis: Axis): boolean {
    return false
  }
  /** Turns hugging on or off on `axis`; only frames and text can hug. */
  _setHug(method: string, _axis: Axis, hug: boolean): void {
    if (hug) throw new Error(`in ${method}: HUG is only valid on auto-layout frames and text nodes`)
  }

  /** The auto-layout parent sets this size (FILL, STRETCH); no notification back up. */
  _sizeFromParent(width: number, height: number): void {
    this._w = width
    this._h = height
  }

  /** The node's size is set by its auto-layout parent (FILL) or by itself (HUG/FIXED). */
  _sizing(axis: Axis): Sizing {
    const parent = autoLayoutParentOf(this)
    if (parent && this._layoutPositioning === 'AUTO') {
      const fills = axis === parent._primaryAxis() ? this._layoutGrow === 1 : this._layoutAlign === 'STRETCH'
      if (fills) return 'FILL'
    }
    return this._hugs(axis) ? 'HUG' : 'FIXED'
  }

  _setSizing(method: string, axis: Axis, value: Sizing): void {
    if (value !== 'FIXED' && value !== 'HUG' && value !== 'FILL') throw new Error(`in ${method}: Invalid value "${String(value)}"`)
    const parent = autoLayoutParentOf(this)
    if (value === 'FILL' && (!parent || this._layoutPositioning === 'ABSOLUTE')) {
      throw new Error(`in ${method}: FILL can only be set on children of auto-layout frames`)
    }
    if (value === 'HUG') this._setHug(method, axis, true)
    else if (this._hugs(axis)) this._setHug(method, axis, false)
    if (parent) {
      const fill = value === 'FILL'
      if (axis === parent._primaryAxis()) this._layoutGrow = fill ? 1 : 0
      else this._layoutAlign = fill ? 'STRETCH' : 'INHERIT'
    }
    this._geometryChanged()
  }

  get layoutSizingHorizontal(): Sizing {
    return this._sizing('x')
  }
  set layoutSizingHorizontal(value: Sizing) {
    this._setSizing('set_layoutSizingHorizontal', 'x', value)
  }
  get layoutSizingVertical(): Sizing {
    return this._sizing('y')
  }
  set layoutSizingVertical(value: Sizing) {
    this._setSizing('set_layoutSizingVertical', 'y', value)
  }

  get layoutGrow(): number {
    return this._layoutGrow
  }
  set layoutGrow(value: number) {
    if (value !== 0 && value !== 1) throw new Error('in set_layoutGrow: Expected 0 or 1')
    this._layoutGrow = value
    this._geometryChanged()
  }
  get layoutAlign(): 'INHERIT' | 'STRETCH' {
    return this._layoutAlign
  }
  set layoutAlign(value: 'INHERIT' | 'STRETCH') {
    if (value !== 'INHERIT' && value !== 'STRETCH') {
      throw new Error(`in set_layoutAlign: "${String(value)}" is not supported here; use INHERIT or STRETCH (MIN/CENTER/MAX are deprecated)`)
    }
    this._layoutAlign = value
    this._geometryChanged()
  }
  get layoutPositioning(): 'AUTO' | 'ABSOLUTE' {
    return this._layoutPositioning
  }
  set layoutPositioning(value: 'AUTO' | 'ABSOLUTE') {
    if (value !== 'AUTO' && value !== 'ABSOLUTE') throw new Error(`in set_layoutPositioning: Invalid value "${String(value)}"`)
    if (value === 'ABSOLUTE' && !autoLayoutParentOf(this)) {
      throw new Error('in set_layoutPositioning: Can only set layoutPositioning = ABSOLUTE on children of auto-layout frames')
    }
    this._layoutPositioning = value
    this._geometryChanged()
  }
}
