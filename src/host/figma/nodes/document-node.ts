// The document root: pages, and the plugin data the plugin keeps on figma.root.
import type { HostContext } from '../context'
import { NodeImpl, registerNodeClass } from './base-node'
import { withChildren } from './container'
import type { PageImpl } from './page-node'

export class DocumentImpl extends withChildren(NodeImpl) {
  constructor(ctx: HostContext, name: string) {
    super(ctx, 'DOCUMENT', '0:0', name)
  }

  _checkChild(method: string, child: NodeImpl): void {
    if (child._type !== 'PAGE') throw new Error(`in ${method}: Only pages can be children of the document`)
  }

  /** Searching every page needs all pages loaded first under dynamic-page, as in Figma. */
  override _checkChildrenAccess(method: string): void {
    if (method === 'get_children' || method === 'findChildren') return
    if (this._ctx.documentAccess !== 'dynamic-page') return
    if ((this._children as PageImpl[]).every((p) => p._loaded)) return
    throw new Error(`in ${method}: Cannot call ${method} on the document node without first calling figma.loadAllPagesAsync()`)
  }

  override remove(): void {
    throw new Error('in remove: The document cannot be removed')
  }
}
registerNodeClass(DocumentImpl)
