// Pages: the canvas children, the selection, and dynamic-page loading.
import type { HostContext } from '../context'
import { NodeImpl, implOf, registerNodeClass } from './base-node'
import { withChildren } from './container'

const CANVAS_CHILD_TYPES = new Set(['FRAME', 'SECTION', 'GROUP', 'RECTANGLE', 'ELLIPSE', 'TEXT', 'COMPONENT', 'INSTANCE'])

export class PageImpl extends withChildren(NodeImpl) {
  constructor(ctx: HostContext, id: string, name: string) {
    super(ctx, 'PAGE', id, name)
  }

  /** The acting run's selection on this page: each person selects on their own. */
  get _selection(): NodeImpl[] {
    return this._ctx.sessions.current.selections.get(this) ?? []
  }
  set _selection(nodes: NodeImpl[]) {
    this._ctx.sessions.current.selections.set(this, nodes)
  }

  /** Under dynamic-page (Keyframe's manifest) only the current page is loaded until the plugin loads others, and only for that run. */
  get _loaded(): boolean {
    return this._ctx.sessions.current.loadedPages.has(this)
  }

  _checkChild(method: string, child: NodeImpl): void {
    if (!CANVAS_CHILD_TYPES.has(child._type)) throw new Error(`in ${method}: Cannot add a ${child._type} node to a page`)
  }

  override _checkChildrenAccess(method: string): void {
    if (this._loaded || this._ctx.currentPage === this) return
    throw new Error(
      `in ${method}: Cannot access children on a page that has not been explicitly loaded. ` +
        'Remember to call `await page.loadAsync()` or `await figma.loadAllPagesAsync()` first.'
    )
  }

  /** plugin-api.d.ts PageNode.on: 'nodechange' is the only page event (see ../node-changes.ts). */
  on(type: 'nodechange', callback: (event: NodeChangeEvent) => void): void {
    this._checkEvent('on', type, callback)
    this._ctx.changes.on(this, callback)
  }
  off(type: 'nodechange', callback: (event: NodeChangeEvent) => void): void {
    this._checkEvent('off', type, callback)
    this._ctx.changes.off(this, callback)
  }
  _checkEvent(method: string, type: string, callback: unknown): void {
    if (type !== 'nodechange') throw new Error(`in ${method}: Unsupported page event "${String(type)}"; pages only emit "nodechange"`)
    if (typeof callback !== 'function') throw new Error(`in ${method}: Expected a callback function`)
  }

  async loadAsync(): Promise<void> {
    this._ctx.sessions.current.loadedPages.add(this)
  }

  get selection(): ReadonlyArray<SceneNode> {
    return Object.freeze(this._selection.map((n) => n._proxy as SceneNode))
  }
  set selection(value: ReadonlyArray<SceneNode>) {
    if (!Array.isArray(value)) throw new Error('in set_selection: Expected an array of nodes')
    const next: NodeImpl[] = []
    for (const node of value) {
      const impl = implOf('set_selection', node)
      if (impl._page() !== this || impl === this) {
        throw new Error(`in set_selection: Node "${impl._id}" is not on this page; only nodes on the page can be selected`)
      }
      if (!next.includes(impl)) next.push(impl)
    }
    this._setSelection(next)
  }

  _setSelection(next: NodeImpl[]): void {
    const same = next.length === this._selection.length && next.every((n, i) => n === this._selection[i])
    this._selection = next
    if (!same) this._ctx.selectionChanged(this)
  }

  /** Drops selected nodes that were removed or moved off this page. */
  _pruneSelection(): void {
    const kept = this._selection.filter((n) => !n._removed && n._page() === this)
    if (kept.length !== this._selection.length) this._setSelection(kept)
  }

  override remove(): void {
    throw new Error('in remove: Removing pages is not supported by the Keyframe host')
  }
}
registerNodeClass(PageImpl)
