// Frames: a container with fills, corners and clipping. The plugin lays panels out itself
// (src/main/layout.ts); of auto layout only layoutMode is modelled (./auto-layout.ts), for layouts a
// designer built with it. Its other properties throw as not implemented.
import type { HostContext } from '../context'
import { solid, frozenPaints } from '../paints'
import { type LayoutMode, setLayoutMode, withLayoutChild } from './auto-layout'
import { NodeImpl, registerNodeClass } from './base-node'
import { withChildren } from './container'
import { withCorners, withFills } from './fills'
import { SceneImpl } from './scene-node'

export class FrameImpl extends withChildren(withCorners(withFills(withLayoutChild(SceneImpl)))) {
  _clipsContent = true
  _layoutMode: LayoutMode = 'NONE'

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

  /**
   * plugin-api.d.ts line 10822: "Duplicates the frame node. By default, the duplicate will be parented under
   * `figma.currentPage`" (appended last, keeping its x and y). Its children come along with new ids.
   */
  clone(): FrameNode {
    const copy = this._copy()
    const page = this._ctx.currentPage
    copy._parent = page
    page._children!.push(copy)
    this._ctx.changes.created(copy)
    return copy._proxy as FrameNode
  }
  get clipsContent(): boolean {
    return this._clipsContent
  }
  set clipsContent(value: boolean) {
    this._clipsContent = Boolean(value)
  }
  /** plugin-api.d.ts line 7744. */
  get layoutMode(): LayoutMode {
    return this._layoutMode
  }
  set layoutMode(value: LayoutMode) {
    setLayoutMode(this, value)
  }
}
registerNodeClass(FrameImpl)
