// Children and the find* family, mixed into pages, frames and sections (Figma's ChildrenMixin).
import { NodeImpl, implOf } from './base-node'

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
      this._childrenChanged()
    }

    findChildren(callback?: Predicate): SceneNode[] {
      this._checkChildrenAccess('findChildren')
      const kids = this._kids().map((c) => c._proxy as SceneNode)
      return callback ? kids.filter((n) => callback(n)) : kids
    }

    findChild(callback: Predicate): SceneNode | null {
      return this.findChildren(callback)[0] ?? null
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

    findAllWithCriteria(criteria: { types?: NodeType[]; pluginData?: { keys?: string[] } }): SceneNode[] {
      const types = criteria.types ? new Set<string>(criteria.types) : null
      const keys = criteria.pluginData?.keys
      return this.findAll((n) => {
        if (types && !types.has(n.type)) return false
        if (criteria.pluginData && !n.getPluginDataKeys().some((k) => !keys || keys.includes(k))) return false
        return true
      })
    }
  }
  return Container
}
