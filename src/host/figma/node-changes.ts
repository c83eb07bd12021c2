// PageNode.on('nodechange'): what the host reports when a node on a page is created, removed or changed.
// Modelled on plugin-api.d.ts (PageNode.on, lines ~10720–10780; NodeChange, CreateChange, DeleteChange,
// PropertyChange and BaseDocumentChange, lines ~3640–3710; NodeChangeProperty, line ~3763):
// - one NodeChangeEvent per page per burst of changes, delivered later (asynchronously, as every Figma event);
// - a CreateChange or DeleteChange only for the highest node added or removed, not for its children;
// - `origin` is 'LOCAL' for the listening run's own changes and 'REMOTE' for another person's;
// - `node` is the listener's handle on the node, which reads `removed: true` once it is gone.
// Inferred (the typings do not say): several property changes to one node in a burst are merged into one
// PropertyChange; a node moved to another page is reported as deleted there and created here.
import type { NodeImpl } from './nodes/base-node'
import type { Scheduler } from './scheduler'
import type { Session, Sessions } from './session'

type Kind = 'CREATE' | 'DELETE' | 'PROPERTY_CHANGE'

interface Pending {
  node: NodeImpl
  kind: Kind
  properties: Set<NodeChangeProperty>
  by: Session
}

interface Listener {
  session: Session
  fn: (event: NodeChangeEvent) => void
}

/** The host's node setters; each is named as the NodeChangeProperty it changes. */
const SETTABLE = new Set<string>([
  'name', 'x', 'y', 'visible', 'opacity', 'fills', 'strokes', 'strokeWeight', 'cornerRadius', 'clipsContent', 'characters', 'fontName',
  'fontSize', 'lineHeight', 'textAlignHorizontal', 'textAutoResize'
] satisfies NodeChangeProperty[])

/** Methods that change a node, and the properties they change. */
const METHOD_PROPERTIES: Record<string, NodeChangeProperty[]> = {
  resize: ['width', 'height'],
  resizeWithoutConstraints: ['width', 'height'],
  setPluginData: ['pluginData'],
  setRelaunchData: ['pluginData']
}

export class NodeChanges {
  private readonly pending = new Map<NodeImpl, Map<NodeImpl, Pending>>()
  private readonly listeners = new Map<NodeImpl, Listener[]>()
  private scheduled = false

  constructor(
    private readonly scheduler: Scheduler,
    private readonly sessions: Sessions
  ) {}

  on(page: NodeImpl, fn: (event: NodeChangeEvent) => void): void {
    const list = this.listeners.get(page) ?? []
    list.push({ session: this.sessions.current, fn })
    this.listeners.set(page, list)
  }

  off(page: NodeImpl, fn: (event: NodeChangeEvent) => void): void {
    const list = this.listeners.get(page) ?? []
    const i = list.findIndex((l) => l.fn === fn && l.session === this.sessions.current)
    if (i >= 0) list.splice(i, 1)
  }

  /** A new document was built: its making is not a change anyone saw. */
  discard(): void {
    this.pending.clear()
  }

  /** A write or call through a node's handle succeeded: report what it changed. */
  afterAccess(node: NodeImpl, key: string, kind: 'set' | 'call', args: unknown[]): void {
    if (kind === 'set') {
      if (SETTABLE.has(key)) this.property(node, [key as NodeChangeProperty])
      return
    }
    const properties = METHOD_PROPERTIES[key]
    if (properties) this.property(node, properties)
  }

  created(node: NodeImpl): void {
    this.record(node._page(), node, 'CREATE', [])
  }

  /** Before a node leaves `page` (removed, or moved to another page). */
  deleted(node: NodeImpl, page: NodeImpl | null): void {
    this.record(page, node, 'DELETE', [])
  }

  /** A node got a new parent: on the same page a change of `parent`, across pages a delete and a create. */
  moved(node: NodeImpl, oldPage: NodeImpl | null): void {
    const page = node._page()
    if (oldPage === page) this.record(page, node, 'PROPERTY_CHANGE', ['parent'])
    else {
      this.deleted(node, oldPage)
      this.created(node)
    }
  }

  property(node: NodeImpl, properties: NodeChangeProperty[]): void {
    this.record(node._page(), node, 'PROPERTY_CHANGE', properties)
  }

  private record(page: NodeImpl | null, node: NodeImpl, kind: Kind, properties: NodeChangeProperty[]): void {
    if (!page || node === page) return
    const changes = this.pending.get(page) ?? new Map<NodeImpl, Pending>()
    this.pending.set(page, changes)
    const by = this.sessions.current
    const earlier = changes.get(node)
    if (!earlier || kind !== 'PROPERTY_CHANGE') {
      // A create or delete stands for everything else that happened to the node in this burst.
      if (earlier?.kind === 'CREATE' && kind === 'DELETE') changes.delete(node)
      else changes.set(node, { node, kind, properties: new Set(properties), by })
    } else if (earlier.kind === 'PROPERTY_CHANGE') {
      for (const p of properties) earlier.properties.add(p)
    }
    if (!this.scheduled) {
      this.scheduled = true
      this.scheduler.later(() => this.flush())
    }
  }

  private flush(): void {
    this.scheduled = false
    const pending = [...this.pending]
    this.pending.clear()
    for (const [page, changes] of pending) {
      // Only the highest node created or removed is reported, not its children.
      const all = [...changes.values()].filter((c) => !(c.kind !== 'PROPERTY_CHANGE' && hasAncestorIn(c.node, changes, c.kind)))
      if (all.length === 0) continue
      for (const listener of [...(this.listeners.get(page) ?? [])]) {
        const event: NodeChangeEvent = {
          nodeChanges: all.map((c) => {
            const base = {
              id: c.node._id,
              origin: c.by === listener.session ? ('LOCAL' as const) : ('REMOTE' as const),
              node: listener.session.handleOf(c.node) as SceneNode
            }
            return c.kind === 'PROPERTY_CHANGE' ? { ...base, type: c.kind, properties: [...c.properties] } : { ...base, type: c.kind }
          })
        }
        this.sessions.act(listener.session, () => listener.fn(event))
      }
    }
  }
}

function hasAncestorIn(node: NodeImpl, changes: Map<NodeImpl, Pending>, kind: Kind): boolean {
  for (let n = node._parent; n; n = n._parent) if (changes.get(n)?.kind === kind) return true
  return false
}
