// The least of auto layout the plugin meets: a frame's layoutMode, and on its children layoutPositioning and
// constraints. A flow child (layoutPositioning 'AUTO') of an auto-layout frame is placed by the frame, not
// by the caller, so an image inserted into an auto-layout layout without 'ABSOLUTE' ends up in the stack and
// pushes the text along, as in Figma. Not modelled: padding, spacing, alignment, hugging (the frame growing
// to fit its flow children), wrapping, and where GRID puts things (reading a GRID child's place throws).
import { NotImplementedError } from '../strict'
import type { AbstractCtor } from './container'
import type { NodeImpl } from './base-node'
import type { SceneImpl } from './scene-node'

/** plugin-api.d.ts line 7744: `layoutMode: 'NONE' | 'HORIZONTAL' | 'VERTICAL' | 'GRID'`. */
export const LAYOUT_MODES = ['NONE', 'HORIZONTAL', 'VERTICAL', 'GRID'] as const
export type LayoutMode = (typeof LAYOUT_MODES)[number]
/** plugin-api.d.ts line 4690. */
const CONSTRAINT_TYPES = new Set(['MIN', 'CENTER', 'MAX', 'STRETCH', 'SCALE'])

/** The auto-layout mode of `node` when it is a frame (only frames carry `_layoutMode` here). */
function layoutModeOf(node: NodeImpl | null): LayoutMode | undefined {
  return (node as { _layoutMode?: LayoutMode } | null)?._layoutMode
}

type LayoutChild = SceneImpl & { _layoutPositioning: 'AUTO' | 'ABSOLUTE' }

/**
 * AutoLayoutChildrenMixin's layoutPositioning (plugin-api.d.ts line 8580) and ConstraintMixin's constraints
 * (line 7291), on the node types that have both (frames, rectangles, text; not sections).
 */
export function withLayoutChild<B extends AbstractCtor<SceneImpl>>(Base: B) {
  abstract class LayoutChildImpl extends Base {
    _layoutPositioning: 'AUTO' | 'ABSOLUTE' = 'AUTO'
    _constraints: Constraints = { horizontal: 'MIN', vertical: 'MIN' }

    /** Where the parent's auto layout puts this node, or undefined when the caller's x and y hold. */
    _flowPlace(): { x: number; y: number } | undefined {
      const mode = layoutModeOf(this._parent)
      if (mode === undefined || mode === 'NONE' || this._layoutPositioning !== 'AUTO') return undefined
      if (mode === 'GRID') throw new NotImplementedError('the place of a child in a GRID auto-layout frame')
      // Stacked from the frame's corner in child order, hidden children taking no room (padding and spacing
      // are taken as 0, the API's defaults for a new frame: inferred).
      let along = 0
      for (const sibling of this._parent!._children!) {
        if (sibling === this) break
        const s = sibling as LayoutChild
        if (s._layoutPositioning !== 'AUTO' || !s._visible) continue
        along += mode === 'VERTICAL' ? s.height : s.width
      }
      return mode === 'VERTICAL' ? { x: 0, y: along } : { x: along, y: 0 }
    }

    override get x(): number {
      return this._flowPlace()?.x ?? super.x
    }
    // A flow child's x and y are the frame's to set: a write is taken and then laid over (inferred from
    // Figma re-running the layout; the typings only say ABSOLUTE "allows explicitly setting x, y").
    override set x(value: number) {
      super.x = value
    }
    override get y(): number {
      return this._flowPlace()?.y ?? super.y
    }
    override set y(value: number) {
      super.y = value
    }

    get layoutPositioning(): 'AUTO' | 'ABSOLUTE' {
      return this._layoutPositioning
    }
    set layoutPositioning(value: 'AUTO' | 'ABSOLUTE') {
      if (value !== 'AUTO' && value !== 'ABSOLUTE') throw new Error(`in set_layoutPositioning: Expected "layoutPositioning" to be "AUTO" or "ABSOLUTE", got ${JSON.stringify(value)}`)
      // The typings: "Applicable only on direct children of auto-layout frames"; Figma throws when it is set
      // to ABSOLUTE elsewhere (the throw and its wording are inferred).
      const mode = layoutModeOf(this._parent)
      if (value === 'ABSOLUTE' && (mode === undefined || mode === 'NONE')) {
        throw new Error('in set_layoutPositioning: Can only set layoutPositioning = ABSOLUTE if the parent node has layoutMode !== NONE')
      }
      // Taken out of the flow, it stays where the layout had put it until moved (inferred).
      const place = this._flowPlace()
      if (place) {
        this._x = place.x
        this._y = place.y
      }
      this._layoutPositioning = value
    }

    get constraints(): Constraints {
      return { ...this._constraints }
    }
    set constraints(value: Constraints) {
      const ok = typeof value === 'object' && value !== null && CONSTRAINT_TYPES.has(value.horizontal) && CONSTRAINT_TYPES.has(value.vertical)
      if (!ok) throw new Error('in set_constraints: Expected "constraints" to be { horizontal, vertical }, each one of MIN, CENTER, MAX, STRETCH, SCALE')
      this._constraints = { horizontal: value.horizontal, vertical: value.vertical }
    }
  }
  return LayoutChildImpl
}

/** Frames' auto-layout mode; children then keep the place the old mode gave them (inferred). */
export function setLayoutMode(frame: NodeImpl & { _layoutMode: LayoutMode }, value: unknown): void {
  if (!(LAYOUT_MODES as readonly unknown[]).includes(value)) {
    throw new Error(`in set_layoutMode: Expected "layoutMode" to be one of ${LAYOUT_MODES.join(', ')}, got ${JSON.stringify(value)}`)
  }
  for (const child of frame._children ?? []) {
    const c = child as Partial<LayoutChild> & { _flowPlace?: () => { x: number; y: number } | undefined }
    const place = frame._layoutMode === 'GRID' ? undefined : c._flowPlace?.()
    if (place) {
      c._x = place.x
      c._y = place.y
    }
  }
  frame._layoutMode = value as LayoutMode
}
