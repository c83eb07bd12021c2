// The cast index in the document's plugin data (src/kling/cast.ts says what it holds and when a page is
// stale). Built when the plugin opens, loading only the pages that are stale; kept fresh from the current
// page's 'nodechange' events (a frame renamed, added or removed there rescans that page alone). Looking a name
// up reads the index and the one node it names, never a page walk.
import {
  CAST_KEY,
  type CastEntry,
  type CastIndex,
  type CastMember,
  castByAlias,
  emptyCastIndex,
  isAngleName,
  isCastName,
  parseCastIndex,
  serializeCastIndex,
  stalePages,
  withPage
} from '../kling/cast'
import { aliasOf } from '../kling/tokens'
import { fillId, fillLabel, picturesFromFills, visibleImageFills } from './fill-angles'

/** What can be a cast member: Figma's frame-like nodes (a section or group is a place, not a face). */
export const CAST_TYPES: NodeType[] = ['FRAME', 'COMPONENT', 'INSTANCE']

/** The cast members on one page; the page must be loaded (the current page always is). */
export function scanPage(page: PageNode): CastMember[] {
  // findAllWithCriteria: Figma documents it as much faster than findAll with a callback.
  return page
    .findAllWithCriteria({ types: CAST_TYPES as ('FRAME' | 'COMPONENT' | 'INSTANCE')[] })
    .filter((node) => isCastName(node.name))
    .map((node) => ({ name: node.name.trim(), nodeId: node.id, angles: castAngles(node).length, width: Math.round(node.width), height: Math.round(node.height) }))
}

/** A cast frame's angles: its direct children named "angle 1", "angle 2"…, in that order. */
export function angleFrames(node: SceneNode): SceneNode[] {
  if (!('children' in node)) return []
  const number = (n: SceneNode) => Number(/\d+/.exec(n.name)?.[0] ?? 0)
  return node.children.filter((c) => isAngleName(c.name)).sort((a, b) => number(a) - number(b))
}

/**
 * A cast frame's angles as the UI sends them: its "angle N" child frames first, then its image fills after
 * the first (only when the frame is `@`-named). All of them, even beyond Kling's limit: the count is checked
 * where it is shown, so the designer hears how many there are.
 */
export function castAngles(node: SceneNode): { id: string; name: string }[] {
  const frames = angleFrames(node).map((a) => ({ id: a.id, name: a.name }))
  if (!picturesFromFills(node)) return frames
  const fills = visibleImageFills(node).slice(1).map((_, i) => ({ id: fillId(node.id, i + 2), name: fillLabel(i + 2) }))
  return [...frames, ...fills]
}

// The last stored value read, parsed: the page's change listener asks on every burst (a storyboard being placed
// makes hundreds), and the value changes only when the index is written. Callers never change what they get.
let lastRead: { raw: string; index: CastIndex | undefined } | undefined

export function readCastIndex(): CastIndex | undefined {
  const raw = figma.root.getPluginData(CAST_KEY)
  if (lastRead?.raw !== raw) lastRead = { raw, index: parseCastIndex(raw) }
  return lastRead.index
}

function writeCastIndex(index: CastIndex): void {
  figma.root.setPluginData(CAST_KEY, serializeCastIndex(index))
}

const pageIds = (): string[] => figma.root.children.map((p) => p.id)

/**
 * On open: the current page is always scanned (it is loaded, and it is where the designer works); other
 * pages only when stale (`stalePages`), each loaded first. A missing or damaged index is rebuilt from scratch.
 */
export async function refreshCastIndexOnOpen(now = Date.now()): Promise<CastIndex> {
  const ids = pageIds()
  let index = readCastIndex() ?? emptyCastIndex()
  const current = figma.currentPage
  index = withPage(index, current.id, scanPage(current), now, ids)
  for (const id of stalePages(index, ids, now)) {
    const page = figma.root.children.find((p) => p.id === id)
    if (!page) continue
    await page.loadAsync()
    index = withPage(index, id, scanPage(page), now, ids)
  }
  writeCastIndex(index)
  return index
}

/**
 * After a change on the current page: its entry scanned again, the rest kept. Written only when its members
 * differ, so placing panels (a burst of new frames, none `@`-named) never edits the document's plugin data.
 */
export function refreshCurrentPage(now = Date.now()): CastIndex {
  const stored = readCastIndex()
  const page = figma.currentPage
  const members = scanPage(page)
  const before = stored?.pages[page.id]?.members ?? []
  if (stored && JSON.stringify(before) === JSON.stringify(members)) return stored
  if (!stored && members.length === 0) return emptyCastIndex()
  const index = withPage(stored ?? emptyCastIndex(), page.id, members, now, pageIds())
  writeCastIndex(index)
  return index
}

const CAST_PROPERTIES: ReadonlySet<string> = new Set(['name', 'parent', 'width', 'height', 'fills'])

/**
 * Does this burst of changes touch the cast: a node the current page's index holds (renamed, resized, removed),
 * or one that is, or sits in, an `@` frame or an angle (added, renamed, its fills changed)? Everything else
 * (a storyboard's panels being placed, say) is passed over without scanning the page, which would make placing
 * n panels O(n²).
 */
export function touchesCast(event: NodeChangeEvent, indexed: ReadonlySet<string> = indexedOnCurrentPage()): boolean {
  return event.nodeChanges.some((change) => {
    const node = change.node
    if (indexed.has(node.id)) return true
    if (node.removed) return false
    if (change.type === 'PROPERTY_CHANGE' && !change.properties.some((p) => CAST_PROPERTIES.has(p))) return false
    return isCastName(node.name) || isAngleName(node.name) || (node.parent !== null && 'name' in node.parent && isCastName(node.parent.name))
  })
}

/** The node ids of the current page's cast members in the index. */
function indexedOnCurrentPage(): Set<string> {
  return new Set((readCastIndex()?.pages[figma.currentPage.id]?.members ?? []).map((m) => m.nodeId))
}

/** The names in the index, as written (`@Ines`), the current page's first; for the UI's mention lookup. */
export function castNames(index: CastIndex | undefined = readCastIndex()): string[] {
  if (!index) return []
  return [...castByAlias(index, pageIds(), figma.currentPage.id).values()].map((m) => m.name)
}

/**
 * The cast member a mention names, read from the index and checked on the node itself: a member gone or
 * renamed since the index was written sends its page to be scanned again, then is looked up once more.
 */
export async function findCastMember(name: string): Promise<{ node: SceneNode; entry: CastEntry } | undefined> {
  const key = aliasOf(name).toLowerCase()
  const lookup = async (): Promise<{ node: SceneNode; entry: CastEntry } | 'stale' | undefined> => {
    const entry = membersByAlias().get(key)
    if (!entry) return undefined
    const node = await figma.getNodeByIdAsync(entry.nodeId)
    if (!node || node.type === 'DOCUMENT' || node.type === 'PAGE' || aliasOf(node.name).toLowerCase() !== key) return 'stale'
    return { node: node as SceneNode, entry }
  }
  const first = await lookup()
  if (first !== 'stale') return first
  const index = readCastIndex() ?? emptyCastIndex()
  const entry = membersByAlias().get(key)
  const page = figma.root.children.find((p) => p.id === entry?.pageId)
  if (!page) return undefined
  await page.loadAsync()
  writeCastIndex(withPage(index, page.id, scanPage(page), Date.now(), pageIds()))
  const second = await lookup()
  return second === 'stale' ? undefined : second
}

// The index as a map, parsed once per stored value and current page: a lookup reads the stored string
// (the one source of truth, which another run of the plugin may have rewritten) and compares it.
let parsed: { raw: string; pageId: string; byAlias: Map<string, CastEntry> } | undefined

function membersByAlias(): Map<string, CastEntry> {
  const raw = figma.root.getPluginData(CAST_KEY)
  const pageId = figma.currentPage.id
  if (parsed && parsed.raw === raw && parsed.pageId === pageId) return parsed.byAlias
  const index = parseCastIndex(raw)
  const byAlias = index ? castByAlias(index, pageIds(), pageId) : new Map<string, CastEntry>()
  parsed = { raw, pageId, byAlias }
  return byAlias
}
