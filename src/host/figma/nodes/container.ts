// Children, mixed into pages, frames and sections (Figma's ChildrenMixin). Of the find* family only
// findAllWithCriteria (the plugin's job search) and findAll/findOne (how tests read what it built) are here.
import { NodeImpl, implOf } from './base-node'
import { NotImplementedError } from '../strict'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AbstractCtor<T> = abstract new (...args: any[]) => T

type Predicate = (node: SceneNode) => boolean

export function withChildren<B extends AbstractCtor<NodeImpl>>(Base: B) {
  abstract class Container extends Base {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(...args: any[]) {
      super(...args)
      this._children = []
    }

    /** Throws when `child` may not live here (a page in a frame, a section in a frame…). */
    abstract _checkChild(method: string, child: NodeImpl): void

    /** Guards reading children (pages not loaded under dynamic-page). */
    _checkChildrenAccess(_method: string): void {}

    get children(): ReadonlyArray<SceneNode> {
      this._checkChildrenAccess('get_children')
      return Object.freeze(this._kids().map((c) => c._proxy as SceneNode))
    }

    _kids(): NodeImpl[] {
      return this._children!
    }

    appendChild(child: SceneNode): void {
      this.insertChild(this._kids().length, child, 'appendChild')
    }

    insertChild(index: number, child: SceneNode, method = 'insertChild'): void {
      const impl = implOf(method, child)
      const kids = this._kids()
      if (!Number.isInteger(index) || index < 0 || index > kids.length) {
        throw new Error(`in ${method}: Expected "index" to be an integer between 0 and ${kids.length}`)
      }
      if (impl._isAncestorOf(this)) throw new Error(`in ${method}: Cannot move node. New parent is a descendant of the node`)
      this._checkChild(method, impl)
      const old = impl._parent
      const oldPage = impl._page()
      if (old === this) {
        // Re-inserting in the same parent: the index counts positions before the node is taken out.
        const from = kids.indexOf(impl)
        kids.splice(from, 1)
        kids.splice(from < index ? index - 1 : index, 0, impl)
      } else {
        impl._detach()
        impl._parent = this
        kids.splice(index, 0, impl)
        this._ctx.nodeMoved(impl, old)
      }
      this._ctx.changes.moved(impl, oldPage)
    }

    findAll(callback?: Predicate): SceneNode[] {
      this._checkChildrenAccess('findAll')
      const out: SceneNode[] = []
      const visit = (n: NodeImpl): void => {
        for (const c of n._children ?? []) {
          const p = c._proxy as SceneNode
          if (!callback || callback(p)) out.push(p)
          visit(c)
        }
      }
      visit(this)
      return out
    }

    findOne(callback: Predicate): SceneNode | null {
      this._checkChildrenAccess('findOne')
      const visit = (n: NodeImpl): SceneNode | null => {
        for (const c of n._children ?? []) {
          const p = c._proxy as SceneNode
          if (callback(p)) return p
          const found = visit(c)
          if (found) return found
        }
        return null
      }
      return visit(this)
    }

    /**
     * Figma's fast search (typings, plugin-api.d.ts line 7260; criteria at line 12821): nodes below this
     * one, in the same pre-order as findAll, matching every criterion given. `pluginData: {}` matches any
     * of this plugin's keys, `keys` any one of them. An empty `keys` list matching nothing is our reading;
     * the typings do not say. Other criteria (sharedPluginData, types' friends) are not modelled.
     */
    findAllWithCriteria(criteria: FindAllCriteria<NodeType[]>): SceneNode[] {
      this._checkChildrenAccess('findAllWithCriteria')
      if (typeof criteria !== 'object' || criteria === null) throw new Error('in findAllWithCriteria: Expected "criteria" to be an object')
      for (const key of Object.keys(criteria)) {
        if (key !== 'types' && key !== 'pluginData') throw new NotImplementedError(`findAllWithCriteria({ ${key} })`)
      }
      const types = criteria.types ? new Set<string>(criteria.types) : null
      const { pluginData } = criteria
      const hasAny = (keys: string[], wanted: string[] | undefined): boolean =>
        wanted === undefined ? keys.length > 0 : keys.some((k) => wanted.includes(k))
      const matches = (n: NodeImpl): boolean =>
        (!types || types.has(n._type)) &&
        (!pluginData || hasAny(n._data.keys(), pluginData.keys))
      const out: SceneNode[] = []
      const visit = (n: NodeImpl): void => {
        for (const c of n._children ?? []) {
          if (matches(c)) out.push(c._proxy as SceneNode)
          visit(c)
        }
      }
      visit(this)
      return out
    }
  }
  return Container
}
