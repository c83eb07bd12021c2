// What every node shares: the document-wide stores and services.
import type { FontRegistry } from './fonts'
import type { ImageStore } from './image-store'
import type { Scheduler } from './scheduler'
import type { NodeImpl } from './nodes/base-node'
import type { PageImpl } from './nodes/page-node'
import type { DocumentImpl } from './nodes/document-node'
import type { SceneImpl } from './nodes/scene-node'

export type DocumentAccess = 'dynamic-page' | 'full'

export interface HostContext {
  readonly images: ImageStore
  readonly fonts: FontRegistry
  readonly scheduler: Scheduler
  readonly documentAccess: DocumentAccess
  readonly nodes: Map<string, NodeImpl>
  document: DocumentImpl
  currentPage: PageImpl
  nextId(): string
  /** Fired (asynchronously) when the selection of the current page changes. */
  selectionChanged(page: PageImpl): void
  /** A node changed parent or was removed: selections drop nodes no longer on their page. */
  nodeMoved(node: NodeImpl, oldParent: NodeImpl | null): void
  exportNode(node: SceneImpl, settings: ExportSettings | undefined): Promise<Uint8Array | string>
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
