// A panel's versions as a list, without Figma: every image paid for stays in it (oldest first) until the
// designer removes one. The panel's image layer holds one IMAGE paint per version, exactly one visible;
// these functions decide which entry a set of paints shows and what the list becomes after a change.
import * as z from 'zod/mini'

import type { Provenance } from './provenance'
import { parseJson } from '../stored-json'

export interface Version {
  imageHash: string
  provenance: Provenance
}

/** An image paint as far as versions care: which image, and whether it is the one shown. */
export interface VersionPaint {
  imageHash: string | null
  visible: boolean
}

// Only what Keyframe reads of each entry is checked; the rest of its provenance is kept as written (the
// shown one is checked in full where it is shown, panel-summary.ts).
const versionsShape = z.array(z.looseObject({ imageHash: z.string(), provenance: z.looseObject({}) }))

export type VersionsRead = { ok: true; versions: Version[] } | { ok: false; problem: string }

/**
 * The stored list, or for a panel made before versions were kept (one image and its provenance, no
 * list) that image as v1 of 1. A list that is there but damaged is reported, in words that fit after
 * "its version list ", never read as something else: a change written from it would overwrite it.
 */
export function parseVersions(raw: string, legacy: { imageHash?: string | undefined; provenance?: Provenance | undefined }): VersionsRead {
  if (raw === '') {
    // Its provenance says one image was paid for, even if the designer has since replaced the paint.
    return { ok: true, versions: legacy.provenance !== undefined ? [{ imageHash: legacy.imageHash ?? '', provenance: legacy.provenance }] : [] }
  }
  const parsed = parseJson(raw)
  if (!parsed.ok) return { ok: false, problem: 'is not JSON' }
  const value = parsed.value
  const checked = versionsShape.safeParse(value)
  // Checked above; each entry's other fields are kept as they were written.
  if (checked.success) return { ok: true, versions: value as Version[] }
  const issue = checked.error.issues[0]
  const [at, ...field] = issue?.path ?? []
  if (typeof at !== 'number') return { ok: false, problem: 'is not a list' }
  const what = field.length > 0 ? `a bad ${field.map(String).join('.')}` : 'an entry that is not a record'
  return { ok: false, problem: `has ${what} in version ${at + 1} (${issue?.message ?? 'unreadable'})` }
}

/**
 * Which version (0-based) the paints show: the first visible image paint's hash. The designer may have
 * reordered the fills, so position alone says nothing; when one image is in the list twice (Kling can
 * return the same bytes), the k-th paint with that hash stands for the k-th entry with it. -1 when no
 * listed image is visible.
 */
export function shownIndex(versions: readonly Version[], paints: readonly VersionPaint[]): number {
  const at = paints.findIndex((p) => p.visible && p.imageHash !== null)
  const hash = paints[at]?.imageHash
  if (hash === undefined) return -1
  const occurrence = paints.slice(0, at).filter((p) => p.imageHash === hash).length
  const matches = versions.flatMap((v, i) => (v.imageHash === hash ? [i] : []))
  return matches[Math.min(occurrence, matches.length - 1)] ?? -1
}

/** The version one step back or forward, or undefined at either end. */
export function neighbour(count: number, shown: number, step: -1 | 1): number | undefined {
  const next = shown + step
  return shown >= 0 && next >= 0 && next < count ? next : undefined
}

/** The list without the shown version, and which one is shown next (the one before it, else the one after). */
export function withoutShown(versions: readonly Version[], shown: number): { versions: Version[]; shown: number } {
  if (versions.length < 2) throw new Error('A panel keeps at least one image.')
  if (shown < 0 || shown >= versions.length) throw new Error('No version of this panel is shown.')
  return { versions: versions.filter((_, i) => i !== shown), shown: Math.max(0, shown - 1) }
}

/** "v2 of 3", or undefined for a panel with a single image (nothing to tell apart). */
export function versionLabel(shown: number, count: number): string | undefined {
  return count > 1 && shown >= 0 ? `v${shown + 1} of ${count}` : undefined
}

/** Everything paid for the panel's images, summed in tenths of a cent so it never drifts. */
export function totalCostUsd(versions: readonly Version[]): number {
  return versions.reduce((mills, v) => mills + Math.round((Number(v.provenance.costUsd) || 0) * 1000), 0) / 1000
}
