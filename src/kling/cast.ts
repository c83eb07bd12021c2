// The cast: frames named `@Name` anywhere in the file, kept as an index in the document's plugin data so a
// prompt's mentions are looked up without loading every page (the manifest's `documentAccess: "dynamic-page"`).
// Pure: the index's shape and how it is read back, which mentions it answers, and the near names offered
// when a mention answers nothing. The walking and writing is src/main/cast-index.ts.
import * as z from 'zod/mini'

import { parseJson } from '../stored-json'
import { aliasOf } from './tokens'

/** The document's plugin data key (one entry: plugin data holds 100 kB per entry, enough for thousands of names). */
export const CAST_KEY = 'keyframe.cast'

/**
 * A page's scan is trusted this long. Another person's edits on a page this plugin has not watched (it only
 * hears the current page's changes, and only while open) are found when the page is scanned again: on the
 * next open after this age, or at once when a member the index names is gone or renamed when it is used.
 */
export const CAST_PAGE_MAX_AGE_MS = 24 * 60 * 60 * 1000

const member = z.object({
  /** The layer name as written, `@` included. */
  name: z.string().check(z.minLength(2)),
  nodeId: z.string().check(z.minLength(1)),
  /** Extra angles it holds (child frames "angle 1…" and image fills beyond the first), as last seen. */
  angles: z.int().check(z.minimum(0)),
  width: z.number(),
  height: z.number()
})
export type CastMember = z.infer<typeof member>
export type CastEntry = CastMember & { pageId: string }

const page = z.object({ scannedAt: z.number(), members: z.array(member) })
const castIndexSchema = z.object({ version: z.literal(1), pages: z.record(z.string(), page) })
export type CastIndex = z.infer<typeof castIndexSchema>

export const emptyCastIndex = (): CastIndex => ({ version: 1, pages: {} })

/** The stored index, or undefined when it is missing or damaged: the caller rebuilds it (never an error). */
export function parseCastIndex(raw: string): CastIndex | undefined {
  if (raw === '') return undefined
  const json = parseJson(raw)
  if (!json.ok) return undefined
  const parsed = castIndexSchema.safeParse(json.value)
  return parsed.success ? parsed.data : undefined
}

export function serializeCastIndex(index: CastIndex): string {
  return JSON.stringify(index)
}

/** A frame's name makes it a cast member when it starts with `@` and names someone. */
export function isCastName(name: string): boolean {
  return name.trim().startsWith('@') && aliasOf(name) !== ''
}

/** "angle 1" … "angle 3" (any case, spaces around allowed): a cast frame's child holding an extra angle. */
export function isAngleName(name: string): boolean {
  return /^angle\s*\d+$/i.test(name.trim())
}

/** The pages to scan when the plugin opens: those the index does not know, and those scanned too long ago. */
export function stalePages(index: CastIndex | undefined, pageIds: readonly string[], now: number): string[] {
  if (!index) return [...pageIds]
  return pageIds.filter((id) => {
    const entry = index.pages[id]
    return entry === undefined || now - entry.scannedAt > CAST_PAGE_MAX_AGE_MS || entry.scannedAt > now
  })
}

/** The index with one page's members replaced; pages no longer in the file are dropped when `pageIds` is given. */
export function withPage(index: CastIndex, pageId: string, members: readonly CastMember[], now: number, pageIds?: readonly string[]): CastIndex {
  const pages: CastIndex['pages'] = {}
  for (const [id, entry] of Object.entries(index.pages)) {
    if (id !== pageId && (pageIds === undefined || pageIds.includes(id))) pages[id] = entry
  }
  pages[pageId] = { scannedAt: now, members: [...members] }
  return { version: 1, pages }
}

/**
 * Members by the name a prompt writes after `@`, lower-cased. Two frames with one name: the current page's
 * wins (the one the designer is looking at), else the first page's in the file's order.
 */
export function castByAlias(index: CastIndex, pageOrder: readonly string[], currentPageId?: string): Map<string, CastEntry> {
  const order = [...(currentPageId ? [currentPageId] : []), ...pageOrder.filter((id) => id !== currentPageId)]
  for (const id of Object.keys(index.pages)) if (!order.includes(id)) order.push(id)
  const out = new Map<string, CastEntry>()
  for (const pageId of order) {
    for (const m of index.pages[pageId]?.members ?? []) {
      const key = aliasOf(m.name).toLowerCase()
      if (!out.has(key)) out.set(key, { ...m, pageId })
    }
  }
  return out
}

// As tokens.ts reads them: `@` at the start or after a non-word character, the name case-insensitive and
// not followed by a letter or digit; longer names first, so "@Old Town Square" is not "@Old Town".
const TOKEN_START = /(^|[^\w@])@/g
const WORD_CHAR = /[\p{L}\p{N}_]/u

/** The names (lower-cased aliases from `names`) the prompt mentions, in the order first mentioned. */
export function mentionedNames(prompt: string, names: Iterable<string>): string[] {
  const candidates = [...new Set([...names].map((n) => n.toLowerCase()).filter((n) => n !== ''))].sort((a, b) => b.length - a.length)
  const found: string[] = []
  const lower = prompt.toLowerCase()
  for (const match of prompt.matchAll(TOKEN_START)) {
    const at = (match.index ?? 0) + match[1]!.length + 1
    const hit = candidates.find((c) => lower.startsWith(c, at) && !WORD_CHAR.test(prompt.charAt(at + c.length)))
    if (hit !== undefined && !found.includes(hit)) found.push(hit)
  }
  return found
}

/**
 * Names close to a mention that matched nothing, for "Did you mean @Ines?": a name the mention starts (or
 * that starts it), or one within a couple of typos (Levenshtein distance, up to a third of its length).
 * Closest first, at most three, each as the designer wrote it (`@` included).
 */
export function nearNames(token: string, names: Iterable<string>, limit = 3): string[] {
  const wanted = aliasOf(token).toLowerCase()
  if (wanted === '') return []
  const scored: { name: string; score: number }[] = []
  const seen = new Set<string>()
  for (const name of names) {
    const alias = aliasOf(name)
    const key = alias.toLowerCase()
    if (key === '' || seen.has(key)) continue
    seen.add(key)
    const prefix = key.startsWith(wanted) || wanted.startsWith(key)
    const distance = editDistance(wanted, key)
    const allowed = Math.max(1, Math.min(2, Math.floor(Math.max(wanted.length, key.length) / 3)))
    if (prefix && Math.min(wanted.length, key.length) >= 2) scored.push({ name: `@${alias}`, score: distance / 10 })
    else if (distance <= allowed) scored.push({ name: `@${alias}`, score: distance })
  }
  return scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name)).slice(0, limit).map((s) => s.name)
}

/** "Did you mean @Ines?" / "Did you mean @Ines or @Inez?", or '' when nothing is near. */
export function didYouMean(near: readonly string[]): string {
  if (near.length === 0) return ''
  const list = near.length === 1 ? near[0]! : `${near.slice(0, -1).join(', ')} or ${near[near.length - 1]!}`
  return `Did you mean ${list}?`
}

/** Levenshtein distance (insert, delete, substitute), two rows at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = row
  }
  return previous[b.length]!
}
