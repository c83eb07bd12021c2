// How many more versions a panel's list has room for. Every version keeps its request's provenance (the
// whole input, prompt and reference URLs included), and the list is one plugin data entry, which Figma
// caps at 100 kB: a long prompt fills it after a handful of versions. Asked before a request is sent,
// so a regenerate is refused before it is paid for, never after.
import type { JobPlan } from '../messages'
import { buildProvenance } from './provenance'

/** Figma's limit on one plugin data entry, key and value together (DESIGN.md: 100 kB per entry). */
export const PLUGIN_DATA_LIMIT = 100_000

/** What a version's parts not known before the request returns may take: fal's request id and image URL. */
const REQUEST_ID_ROOM = 'r'.repeat(64)
const IMAGE_URL_ROOM = 'u'.repeat(400)
/** A result too large for Figma keeps its own size (5 digits a side is far beyond any Kling image). */
const FULL_SIZE_ROOM = { width: 99_999, height: 99_999 }
/** A Figma image hash is 40 hex digits. */
const IMAGE_HASH_ROOM = 'h'.repeat(40)

/** UTF-8 bytes of a string (the sandbox has no TextEncoder). */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

/** The bytes one version of this plan will take in the list (its comma included), rounded up. */
export function versionBytes(plan: JobPlan): number {
  const record = { ...plan, state: 'submitted' as const, requestId: REQUEST_ID_ROOM, sectionId: '', filled: [], startedBy: { id: '', name: '' } }
  const image = { jobId: plan.jobId, sectionId: '', number: plan.panels[0]?.number ?? 1, bytes: new Uint8Array(), width: 1, height: 1, sourceUrl: IMAGE_URL_ROOM, fullSize: FULL_SIZE_ROOM }
  const provenance = buildProvenance(record, image, new Date(0))
  return utf8Length(JSON.stringify({ imageHash: IMAGE_HASH_ROOM, provenance })) + 1
}

/** How many versions of `perVersion` bytes still fit beside a stored list of `listBytes` (key included). */
export function versionsThatFit(listBytes: number, perVersion: number, limit = PLUGIN_DATA_LIMIT): number {
  return Math.max(0, Math.floor((limit - listBytes) / perVersion))
}
