// The last export of each reference frame, kept until Figma says the frame may have changed. A stale
// reference sends the wrong picture and costs the designer money, so every doubt drops the entry:
// - the current page's 'nodechange' (documentAccess: dynamic-page allows it, unlike figma's 'documentchange'):
//   a changed, created or moved node drops itself and every ancestor it has now; a removed or moved node
//   also drops every entry whose frame held it when exported (the event does not name the old parent);
// - another current page (a switch, or a document the listener was not on) clears everything;
// - a fingerprint of the frame's subtree must still match, for a change whose event has not arrived yet.
import type { ExportedReference } from '../messages'

interface Entry {
  fingerprint: string
  /** Every node in the frame's subtree when it was exported. */
  ids: Set<string>
  result: ExportedReference
}

export class ReferenceCache {
  /** By node id, then by export settings (a reference and its thumbnail are different exports). */
  private readonly entries = new Map<string, Map<string, Entry>>()
  private page: PageNode | null = null
  /** Change events heard so far. */
  private heard = 0
  private readonly onChange = (event: NodeChangeEvent): void => this.changed(event)

  /** The cached export of `node` for these export settings, or undefined (then export, and `store`). */
  get(node: SceneNode, settings: string): ExportedReference | undefined {
    if (!this.watching()) return undefined
    const entry = this.entries.get(node.id)?.get(settings)
    if (!entry || entry.fingerprint !== fingerprint(node)) return undefined
    return entry.result
  }

  /** Taken before exporting: what the frame looked like, and how many changes had been heard. */
  begin(node: SceneNode): Before {
    this.watching()
    return { fingerprint: fingerprint(node), ids: subtreeIds(node), heard: this.heard }
  }

  store(node: SceneNode, settings: string, before: Before, result: ExportedReference): void {
    // Only frames on the page whose changes are heard can be trusted later, and only if nothing changed
    // while the export ran (its bytes may show the document before or after that change).
    if (!this.watching() || pageOf(node) !== this.page || this.heard !== before.heard || fingerprint(node) !== before.fingerprint) return
    const byNode = this.entries.get(node.id) ?? new Map<string, Entry>()
    byNode.set(settings, { fingerprint: before.fingerprint, ids: before.ids, result })
    this.entries.set(node.id, byNode)
  }

  /** Drops every export whose frame held this node. */
  private dropHolding(id: string): void {
    for (const [nodeId, byNode] of this.entries) {
      for (const [settings, entry] of byNode) if (entry.ids.has(id)) byNode.delete(settings)
      if (byNode.size === 0) this.entries.delete(nodeId)
    }
  }

  clear(): void {
    this.entries.clear()
  }

  /** Listens on the current page; a different page than before clears everything. */
  private watching(): boolean {
    const page = figma.currentPage
    if (page === this.page) return true
    this.clear()
    this.heard++
    if (this.page && !this.page.removed) this.page.off('nodechange', this.onChange)
    this.page = page
    page.on('nodechange', this.onChange)
    return true
  }

  private changed(event: NodeChangeEvent): void {
    this.heard++
    for (const change of event.nodeChanges) {
      const left = change.type === 'DELETE' || change.node.removed || (change.type === 'PROPERTY_CHANGE' && change.properties.includes('parent'))
      if (left) this.dropHolding(change.id)
      if (change.node.removed) continue
      for (let n: BaseNode | null = change.node; n && n.type !== 'PAGE'; n = n.parent) this.entries.delete(n.id)
    }
  }
}

interface Before {
  fingerprint: string
  ids: Set<string>
  heard: number
}

function subtreeIds(node: SceneNode): Set<string> {
  const ids = new Set<string>()
  const visit = (n: SceneNode): void => {
    ids.add(n.id)
    if ('children' in n) for (const child of n.children) visit(child)
  }
  visit(node)
  return ids
}

function pageOf(node: BaseNode): BaseNode | null {
  let n: BaseNode | null = node
  while (n && n.type !== 'PAGE') n = n.parent
  return n
}

// Properties that change how a node looks, read where the node has them. Text spacing (line height, letter
// spacing, case, decoration) is left to the change events, like everything not listed.
const LOOKS = [
  'fills', 'strokes', 'strokeWeight', 'strokeAlign', 'effects', 'cornerRadius', 'clipsContent', 'rotation', 'blendMode',
  'isMask', 'fontName', 'fontSize', 'textAlignHorizontal'
] as const

/** What a frame's subtree looks like, cheaply: a second line of defence behind the change events. */
export function fingerprint(node: SceneNode): string {
  const parts: string[] = []
  const visit = (n: SceneNode): void => {
    const box = 'width' in n ? `${n.x},${n.y},${n.width},${n.height}` : ''
    const text = n.type === 'TEXT' ? n.characters : ''
    const opacity = 'opacity' in n ? n.opacity : 1
    let looks = ''
    for (const key of LOOKS) if (key in n) looks += `|${describe(Reflect.get(n, key))}`
    parts.push(`${n.id}|${n.type}|${box}|${n.visible}|${opacity}|${text}${looks}`)
    if ('children' in n) {
      parts.push(`[${n.children.length}`)
      for (const child of n.children) visit(child)
      parts.push(']')
    }
  }
  visit(node)
  return parts.join(';')
}

/** figma.mixed is a symbol, which JSON leaves out. */
function describe(value: unknown): string {
  return typeof value === 'symbol' ? 'mixed' : (JSON.stringify(value) ?? '')
}
