// Rectangles and sections: painted boxes (sections also hold children, but never sit in frames).
import type { HostContext } from '../context'
import { frozenPaints, solid } from '../paints'
import { withLayoutChild } from './auto-layout'
import { NodeImpl, registerNodeClass } from './base-node'
import { withChildren } from './container'
import { withCorners, withFills } from './fills'
import { SceneImpl } from './scene-node'

export class RectangleImpl extends withCorners(withFills(withLayoutChild(SceneImpl))) {
  constructor(ctx: HostContext, id: string) {
    super(ctx, 'RECTANGLE', id, 'Rectangle', 100, 100)
    // Figma's default rectangle grey, #D9D9D9.
    this._fills = frozenPaints([solid(0.85, 0.85, 0.85)], ctx.images)
  }
}
registerNodeClass(RectangleImpl)

const SECTION_CHILD_TYPES = new Set(['FRAME', 'SECTION', 'GROUP', 'RECTANGLE', 'ELLIPSE', 'TEXT', 'COMPONENT', 'INSTANCE'])

export class SectionImpl extends withChildren(withCorners(withFills(SceneImpl))) {
  constructor(ctx: HostContext, id: string) {
    super(ctx, 'SECTION', id, 'Section', 100, 100)
    this._fills = frozenPaints([solid(1, 1, 1)], ctx.images)
  }

  _checkChild(method: string, child: NodeImpl): void {
    if (!SECTION_CHILD_TYPES.has(child._type)) throw new Error(`in ${method}: Cannot add a ${child._type} node to a section`)
  }

  /** Sections clip what they hold on the canvas. */
  override _clips(): boolean {
    return true
  }
}
registerNodeClass(SectionImpl)
