// Frames: a container with fills, corners and clipping. The plugin lays panels out itself
// (src/main/layout.ts), so auto layout is not modelled: its properties throw as not implemented.
import type { HostContext } from '../context'
import { solid, frozenPaints } from '../paints'
import { NodeImpl, registerNodeClass } from './base-node'
import { withChildren } from './container'
import { withCorners, withFills } from './fills'
import { SceneImpl } from './scene-node'

export class FrameImpl extends withChildren(withCorners(withFills(SceneImpl))) {
  _clipsContent = true

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
}
registerNodeClass(FrameImpl)
