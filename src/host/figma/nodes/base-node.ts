// Behaviour every node shares: identity, name, parent, removal, plugin data and relaunch data.
import type { HostContext } from '../context'
import { PluginDataStore } from '../plugin-data'
import { asFigmaApi, publicKeysOf, unwrap } from '../strict'
import { traced } from '../trace'

const TYPE_LABELS: Record<string, string> = {
  DOCUMENT: 'DocumentNode', PAGE: 'PageNode', FRAME: 'FrameNode', SECTION: 'SectionNode', GROUP: 'GroupNode',
  RECTANGLE: 'RectangleNode', ELLIPSE: 'EllipseNode', TEXT: 'TextNode', COMPONENT: 'ComponentNode', INSTANCE: 'InstanceNode'
}

// Keys some node type implements: on a type without them they read as undefined, as on a real node.
const anyNodeKeys = new Set<string>()
export function registerNodeClass(cls: { prototype: object }): void {
  for (const k of publicKeysOf(Object.create(cls.prototype) as object)) anyNodeKeys.add(k)
}

const ALWAYS_READABLE = new Set(['removed', 'id', 'type', 'toString'])

export type NodeKind = keyof typeof TYPE_LABELS

export abstract class NodeImpl {
  _parent: NodeImpl | null = null
  _children: NodeImpl[] | null = null
  _removed = false
  _name: string
  readonly _data = new PluginDataStore()

  constructor(readonly _ctx: HostContext, readonly _type: NodeKind, readonly _id: string, name: string) {
    this._name = name
    _ctx.nodes.set(_id, this)
  }

  /** The acting run's handle on this node: what the plugin holds and compares. */
  get _proxy(): BaseNode {
    return this._ctx.sessions.current.handleOf(this)
  }

  /** A new handle for one run: every access through it happens as that run (`enter`). */
  _makeHandle(enter: <R>(fn: () => R) => R): BaseNode {
    return asFigmaApi<BaseNode>(this, {
      label: () => TYPE_LABELS[this._type] ?? this._type,
      guard: (key, kind) => this._guard(key, kind),
      absentKeys: () => anyNodeKeys,
      enter,
      after: (key, kind, args) => this._ctx.changes.afterAccess(this, key, kind, args)
    })
  }

  /** Throws for access Figma would refuse (removed node, unloaded page). */
  _guard(key: string, kind: 'get' | 'set' | 'call'): void {
    if (this._removed && !ALWAYS_READABLE.has(key)) {
      const where = kind === 'call' ? key : `${kind}_${key}`
      throw new Error(`in ${where}: The node with id "${this._id}" does not exist`)
    }
  }

  get id(): string {
    return this._id
  }
  get type(): string {
    return this._type
  }
  get name(): string {
    return this._name
  }
  set name(value: string) {
    if (typeof value !== 'string') throw new Error('in set_name: Expected a string')
    this._name = value
  }
  get parent(): (BaseNode & ChildrenMixin) | null {
    return (this._parent?._proxy as (BaseNode & ChildrenMixin) | undefined) ?? null
  }
  get removed(): boolean {
    return this._removed
  }

  remove(): void {
    const old = this._parent
    this._ctx.changes.deleted(this, this._page())
    this._detach()
    this._markRemoved()
    this._ctx.nodeMoved(this, old)
  }

  _detach(): void {
    const siblings = this._parent?._children
    if (siblings) siblings.splice(siblings.indexOf(this), 1)
    this._parent = null
  }

  _markRemoved(): void {
    this._removed = true
    this._ctx.nodes.delete(this._id)
    for (const c of this._children ?? []) c._markRemoved()
  }

  getPluginData(key: string): string {
    return this._data.get(key)
  }
  setPluginData(key: string, value: string): void {
    traced('setPluginData', () => this._data.set(key, value), key)
  }
  getPluginDataKeys(): string[] {
    return this._data.keys()
  }
  /**
   * plugin-api.d.ts lines 6431–6492: each call replaces all the node's relaunch data; `{}` clears it; a
   * description over 1000 characters throws; the command must be one of the manifest's relaunchButtons.
   * Figma only hides a button whose command is not declared; here it throws, so the bug cannot pass unseen.
   */
  setRelaunchData(data: { [command: string]: string }): void {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('in setRelaunchData: Expected "data" to be an object of command: description')
    if (this._ctx.relaunchCommands.length === 0) throw new Error('in setRelaunchData: the manifest declares no relaunchButtons')
    const next = new Map<string, string>()
    for (const [command, description] of Object.entries(data)) {
      if (typeof description !== 'string') throw new Error(`in setRelaunchData: Expected the description of "${command}" to be a string`)
      if (description.length > 1000) throw new Error(`in setRelaunchData: The description of "${command}" is ${description.length} characters; the limit is 1000`)
      if (!this._ctx.relaunchCommands.includes(command)) {
        throw new Error(`in setRelaunchData: "${command}" is not a relaunchButtons command in the manifest (${this._ctx.relaunchCommands.join(', ')}), so Figma would show no button`)
      }
      next.set(command, description)
    }
    this._relaunch = next
  }
  getRelaunchData(): { [command: string]: string } {
    return Object.fromEntries(this._relaunch)
  }
  _relaunch = new Map<string, string>()

  toString(): string {
    return `[${TYPE_LABELS[this._type] ?? this._type} ${this._id}]`
  }

  /** Walks up to the page that holds this node (null when detached). */
  _page(): NodeImpl | null {
    let n: NodeImpl | null = this
    while (n && n._type !== 'PAGE') n = n._parent
    return n
  }

  /**
   * A detached deep copy with new ids: every own property (size, fills, text, font…) and the plugin and
   * relaunch data, as a designer's duplicate keeps them (inferred from Figma's duplicate; clone() is
   * documented at plugin-api.d.ts line 10822). Children are copied in order. Paints are frozen, so shared.
   */
  _copy(): NodeImpl {
    const Kind = this.constructor as new (ctx: HostContext, id: string) => NodeImpl
    const copy = new Kind(this._ctx, this._ctx.nextId())
    const skip = new Set(['_parent', '_children', '_removed', '_ctx', '_type', '_id', '_data', '_relaunch'])
    const self = this as unknown as Record<string, unknown>
    const target = copy as unknown as Record<string, unknown>
    for (const key of Object.keys(self)) {
      if (skip.has(key)) continue
      const value = self[key]
      target[key] = value !== null && typeof value === 'object' && !Object.isFrozen(value) && !Array.isArray(value) ? { ...value } : value
    }
    for (const key of this._data.keys()) copy._data.set(key, this._data.get(key))
    copy._relaunch = new Map(this._relaunch)
    if (this._children && copy._children) {
      for (const child of this._children) {
        const c = child._copy()
        c._parent = copy
        copy._children.push(c)
      }
    }
    return copy
  }

  _isAncestorOf(other: NodeImpl): boolean {
    for (let n: NodeImpl | null = other; n; n = n._parent) if (n === this) return true
    return false
  }
}

/** The implementation behind a node handed to the plugin, or an error if it is not one of ours. */
export function implOf(method: string, value: unknown): NodeImpl {
  const impl = unwrap(value)
  if (!(impl instanceof NodeImpl)) throw new Error(`in ${method}: Expected a node`)
  impl._guard(method, 'call')
  return impl
}
