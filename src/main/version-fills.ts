// The Image layer's fills after a version change, without Figma. Only the paints that stand for listed
// versions are Keyframe's: their `visible` flag changes, a removed version's paint goes, a new version's
// paint is added on top. Every other paint (a tint, a texture at 30%, an image the designer dropped in)
// stays as it was, in its place, so switching versions never undoes the designer's grading.

export interface ListedImage {
  imageHash: string
}

/**
 * Which fill stands for each listed version: the k-th image paint with a hash stands for the k-th entry
 * with it (Kling can return the same bytes twice). -1 for a version with no paint yet.
 */
export function paintsOfVersions(fills: readonly Paint[], versions: readonly ListedImage[]): number[] {
  const used = new Set<number>()
  return versions.map((v) => {
    const at = fills.findIndex((p, i) => !used.has(i) && p.type === 'IMAGE' && p.imageHash === v.imageHash)
    if (at >= 0) used.add(at)
    return at
  })
}

/**
 * The fills that show version `shown` of `versions` (both as matched against `fills`), without version
 * `removed` when given. Versions without a paint get one, appended in list order (a legacy entry whose
 * image is unknown, hash '', gets none).
 */
export function versionFills(fills: readonly Paint[], versions: readonly ListedImage[], shown: number, removed?: number): Paint[] {
  const paintOf = paintsOfVersions(fills, versions)
  const versionAt = new Map(paintOf.flatMap((at, i) => (at >= 0 ? [[at, i] as const] : [])))
  const kept = fills.flatMap((paint, at): Paint[] => {
    const version = versionAt.get(at)
    if (version === undefined) return [paint]
    if (version === removed) return []
    return [{ ...paint, visible: version === shown }]
  })
  const added = versions.flatMap((v, i): Paint[] =>
    paintOf[i]! < 0 && i !== removed && v.imageHash !== '' ? [{ type: 'IMAGE', scaleMode: 'FILL', imageHash: v.imageHash, visible: i === shown }] : []
  )
  return [...kept, ...added]
}
