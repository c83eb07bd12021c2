// What every node shares: the document-wide stores and services, and the plugin run acting on them.
import type { FontRegistry } from './fonts'
import type { ImageStore } from './image-store'
import type { Scheduler } from './scheduler'
import type { NodeImpl } from './nodes/base-node'
import type { PageImpl } from './nodes/page-node'
import type { DocumentImpl } from './nodes/document-node'
import type { SceneImpl } from './nodes/scene-node'
import type { Sessions } from './session'
import type { NodeChanges } from './node-changes'

export interface HostContext {
  readonly images: ImageStore
  readonly scheduler: Scheduler
  readonly nodes: Map<string, NodeImpl>
  /** The manifest's `relaunchButtons` commands: setRelaunchData accepts only these. */
  readonly relaunchCommands: readonly string[]
  document: DocumentImpl
  /** Every run of the plugin on this document, and which one is acting now. */
  readonly sessions: Sessions
  /** The acting run's current page (each person has their own). */
  readonly currentPage: PageImpl
  /** The acting run's fonts: those on its machine, and those it has loaded. */
  readonly fonts: FontRegistry
  nextId(): string
  /** Reports node changes to pages' 'nodechange' listeners. */
  readonly changes: NodeChanges
  /** Fired (asynchronously) when the acting run's selection on `page` changes. */
  selectionChanged(page: PageImpl): void
  /** A node changed parent or was removed: selections drop nodes no longer on their page. */
  nodeMoved(node: NodeImpl, oldParent: NodeImpl | null): void
  exportNode(node: SceneImpl, settings: ExportSettings | undefined): Promise<Uint8Array | string>
}

/** The parts of the context that do not depend on who is acting. */
export type SharedParts = Omit<HostContext, 'document' | 'sessions' | 'currentPage' | 'fonts' | 'selectionChanged' | 'nodeMoved'>

/** A context whose per-run parts always answer for the acting session. */
export function createContext(shared: SharedParts, sessions: Sessions): HostContext {
  // Set by the first load; nodes are only made once there is a document to hold them.
  let document: DocumentImpl | undefined
  const ctx: HostContext = {
    ...shared,
    get document(): DocumentImpl {
      if (!document) throw new Error('The host has no document yet: load one first')
      return document
    },
    set document(value: DocumentImpl) {
      document = value
    },
    sessions,
    get currentPage(): PageImpl {
      return sessions.current.currentPage
    },
    get fonts(): FontRegistry {
      return sessions.current.fonts
    },
    selectionChanged(page) {
      sessions.current.selectionChanged(page)
    },
    nodeMoved() {
      // Everyone's selection loses what left its page, not only the selection of whoever moved it.
      for (const session of sessions.all) {
        sessions.act(session, () => {
          for (const page of ctx.document._children as PageImpl[]) page._pruneSelection()
        })
      }
    }
  }
  return ctx
}

export function createIdAllocator(nodes: Map<string, NodeImpl>): () => string {
  let counter = 2
  return () => {
    let id: string
    do id = `1:${counter++}`
    while (nodes.has(id))
    return id
  }
}
