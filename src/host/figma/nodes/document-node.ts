// The document root: pages, and the plugin data the plugin keeps on figma.root.
import type { HostContext } from '../context'
import { NodeImpl, registerNodeClass } from './base-node'
import { withChildren } from './container'
import { NotImplementedError } from '../strict'

export class DocumentImpl extends withChildren(NodeImpl) {
  constructor(ctx: HostContext, name: string) {
    super(ctx, 'DOCUMENT', '0:0', name)
  }

  _checkChild(method: string, child: NodeImpl): void {
    if (child._type !== 'PAGE') throw new Error(`in ${method}: Only pages can be children of the document`)
  }

  /** The plugin searches page by page (each loaded first), never the whole document at once. */
  override _checkChildrenAccess(method: string): void {
    if (method !== 'get_children') throw new NotImplementedError(`DocumentNode.${method} (search each page instead)`)
  }

  override remove(): void {
    throw new Error('in remove: The document cannot be removed')
  }
}
registerNodeClass(DocumentImpl)
