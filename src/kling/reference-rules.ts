// Kling's rules for reference images (the catalog's `referenceImages`), checked before upload so a frame
// Kling would reject is named before anything is spent. The messages quote the catalog's numbers.
import { CATALOG } from './catalog'

export const MIN_REFERENCE_SIDE_PX = CATALOG.referenceImages.minSidePx
export const MAX_REFERENCE_BYTES = CATALOG.referenceImages.maxBytes
export const MIN_REFERENCE_ASPECT = CATALOG.referenceImages.aspect.min
export const MAX_REFERENCE_ASPECT = CATALOG.referenceImages.aspect.max

export interface ReferenceShape {
  name: string
  width: number
  height: number
  /** Encoded size, once known. */
  bytes?: number
}

export interface ReferenceProblem {
  reason: 'too-small' | 'aspect' | 'too-large'
  message: string
  fix: string
}

export function checkReferenceImage(ref: ReferenceShape): ReferenceProblem[] {
  const problems: ReferenceProblem[] = []
  const w = Math.round(ref.width)
  const h = Math.round(ref.height)
  if (w < MIN_REFERENCE_SIDE_PX || h < MIN_REFERENCE_SIDE_PX) {
    problems.push({
      reason: 'too-small',
      message: `"${ref.name}" is ${w}×${h} px; Kling needs at least ${MIN_REFERENCE_SIDE_PX} px on each side.`,
      fix: `Resize "${ref.name}" to at least ${MIN_REFERENCE_SIDE_PX}×${MIN_REFERENCE_SIDE_PX} px.`
    })
  }
  const aspect = w / Math.max(h, 1)
  if (aspect < MIN_REFERENCE_ASPECT || aspect > MAX_REFERENCE_ASPECT) {
    problems.push({
      reason: 'aspect',
      message: `"${ref.name}" is ${describeAspect(aspect)}; Kling accepts ${ratio(MIN_REFERENCE_ASPECT)} to ${ratio(MAX_REFERENCE_ASPECT)}.`,
      fix: `Crop "${ref.name}" closer to square (no more than ${trimmed(Math.max(MAX_REFERENCE_ASPECT, 1 / MIN_REFERENCE_ASPECT))} times longer than it is wide).`
    })
  }
  if (ref.bytes !== undefined && ref.bytes > MAX_REFERENCE_BYTES) {
    problems.push({
      reason: 'too-large',
      message: `"${ref.name}" exports to ${megabytes(ref.bytes)}; Kling accepts up to ${megabytes(MAX_REFERENCE_BYTES)}.`,
      fix: `Simplify "${ref.name}" or export it as JPEG.`
    })
  }
  return problems
}

function describeAspect(aspect: number): string {
  return aspect >= 1 ? `${aspect.toFixed(1)}:1` : `1:${(1 / aspect).toFixed(1)}`
}

/** A limit as written: "1:2.5", "2.5:1" (no rounding up or down beyond two decimals). */
function ratio(aspect: number): string {
  return aspect >= 1 ? `${trimmed(aspect)}:1` : `1:${trimmed(1 / aspect)}`
}

function trimmed(value: number): string {
  return String(Math.round(value * 100) / 100)
}

/**
 * How many bytes a `data:` URI carries, without decoding it; null for any other URL. Base64 payloads are
 * measured from their length (4 characters per 3 bytes, less padding); others count one byte a character.
 */
export function dataUriBytes(url: string): number | null {
  if (!url.startsWith('data:')) return null
  const comma = url.indexOf(',')
  if (comma < 0) return 0
  const payload = url.length - comma - 1
  if (!url.slice(0, comma).endsWith(';base64')) return payload
  const padding = url.endsWith('==') ? 2 : url.endsWith('=') ? 1 : 0
  return Math.max(0, Math.floor((payload * 3) / 4) - padding)
}

/** "10 MB", "10.1 MB": rounded up, so a size just over a limit never reads as equal to it. */
export function megabytes(bytes: number): string {
  return `${Math.ceil((bytes / 1024 / 1024) * 10) / 10} MB`
}
