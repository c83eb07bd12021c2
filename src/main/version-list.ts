// A panel's versions as a list, without Figma: every image paid for stays in it (oldest first) until the
// designer removes one. The panel's image layer holds one IMAGE paint per version, exactly one visible;
// these functions decide which entry a set of paints shows and what the list becomes after a change.
import type { Provenance } from './provenance'

export interface Version {
  imageHash: string
  provenance: Provenance
}

/** An image paint as far as versions care: which image, and whether it is the one shown. */
export interface VersionPaint {
  imageHash: string | null
  visible: boolean
}

/**
 * The stored list, or for a panel made before versions were kept (one image and its provenance, no
 * list) that image as v1 of 1. An unreadable list reads as the legacy single image, never as a throw.
 */
export function parseVersions(raw: string, legacy: { imageHash?: string | undefined; provenance?: Provenance | undefined }): Version[] {
  if (raw !== '') {
    try {
      const value: unknown = JSON.parse(raw)
      if (Array.isArray(value) && value.every(isVersion)) return value
    } catch {
      // Falls through to the single image the panel shows.
    }
  }
  // Its provenance says one image was paid for, even if the designer has since replaced the paint.
  return legacy.provenance !== undefined ? [{ imageHash: legacy.imageHash ?? '', provenance: legacy.provenance }] : []
}

function isVersion(value: unknown): value is Version {
  const v = value as Partial<Version> | null
  return typeof v === 'object' && v !== null && typeof v.imageHash === 'string' && typeof v.provenance === 'object' && v.provenance !== null
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
