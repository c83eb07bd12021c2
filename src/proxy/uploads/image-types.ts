// The only files a reference upload may carry: the image types Kling reads. The declared Content-Type is
// not trusted on its own; the first bytes must say the same thing.

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const
export type ImageType = (typeof IMAGE_TYPES)[number]

/** How many leading bytes `sniffImageType` needs to tell every allowed type apart (WebP is the longest). */
export const SNIFF_BYTES = 12

export const IMAGE_TYPES_TEXT = 'PNG, JPEG, WebP or GIF'

/** `image/PNG; charset=x` → `image/png`; anything not on the list → undefined. */
export function imageTypeOf(contentType: string | null | undefined): ImageType | undefined {
  const bare = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  return (IMAGE_TYPES as readonly string[]).includes(bare) ? (bare as ImageType) : undefined
}

/** The image type the leading bytes belong to, by their magic numbers; undefined for anything else. */
export function sniffImageType(head: Uint8Array): ImageType | undefined {
  const starts = (bytes: readonly number[], at = 0) => bytes.every((b, i) => head[at + i] === b)
  const ascii = (text: string, at = 0) => starts([...text].map((ch) => ch.charCodeAt(0)), at)
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (ascii('GIF87a') || ascii('GIF89a')) return 'image/gif'
  if (ascii('RIFF') && ascii('WEBP', 8)) return 'image/webp'
  return undefined
}
