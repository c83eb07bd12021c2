// figma.createImage takes PNG, JPEG and GIF up to 4096 px a side. Results that are WebP, or larger,
// are re-encoded here in the UI (it has a canvas; the main thread does not) before they are sent: to
// JPEG when the image has no transparency, since a 4K photographic PNG is several times larger and
// every byte crosses to the main thread in one message; to PNG only when it may have alpha.
//
// An image Figma can take as it is (PNG, JPEG or GIF within 4096 px a side) is passed on untouched: its
// size is in its header (PNG IHDR, JPEG SOF, GIF screen descriptor), so it is never decoded here. Decoding
// nine 2K photographic PNGs took about half a second of the UI's time for nothing.
//
// An image fill sent as a reference (a cast member's face or angle) is brought to what an export would be, the
// same way: within the size asked for, PNG or JPEG (normaliseReference).
import { mayHaveAlpha, readImageInfo, sniffImageType } from '../image-info'
import { FIGMA_IMAGE_CAP } from '../kling/from-panel-image'

export const FIGMA_MAX_IMAGE_SIDE = FIGMA_IMAGE_CAP
/** JPEG quality for re-encoded results: visually lossless for Kling's photographic output. */
export const RESULT_JPEG_QUALITY = 0.92

/** The format a result is re-encoded to: keeps transparency when the image may have it, JPEG otherwise. */
export function reencodeFormat(bytes: Uint8Array): 'image/png' | 'image/jpeg' {
  return mayHaveAlpha(bytes) ? 'image/png' : 'image/jpeg'
}

export interface NormalisedImage {
  bytes: Uint8Array
  width: number
  height: number
  /** The file's own size, when it was scaled down to fit Figma (its record keeps it, and its URL). */
  fullSize?: { width: number; height: number }
}

/** The size an image must be drawn at to fit Figma's limit, keeping its aspect ratio. */
export function fitWithin(width: number, height: number, max: number = FIGMA_MAX_IMAGE_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

/**
 * The pixel size of an image figma.createImage takes as it is, read from its header without decoding;
 * undefined when it must be decoded and re-encoded first (WebP, over 4096 px a side, or a header that
 * names no usable size).
 */
export function usableAsIs(bytes: Uint8Array): { width: number; height: number } | undefined {
  const info = readImageInfo(bytes)
  if (!info || info.width < 1 || info.height < 1) return undefined
  if (info.width > FIGMA_MAX_IMAGE_SIDE || info.height > FIGMA_MAX_IMAGE_SIDE) return undefined
  return { width: info.width, height: info.height }
}

export async function normaliseImage(bytes: Uint8Array): Promise<NormalisedImage> {
  const type = sniffImageType(bytes)
  if (type === 'unknown') throw new Error('The result is not an image Keyframe can read (expected PNG, JPEG or WebP).')
  const asIs = usableAsIs(bytes)
  if (asIs) return { bytes, ...asIs }
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart]))
  try {
    const target = fitWithin(bitmap.width, bitmap.height)
    const encoded = await redraw(bitmap, target, reencodeFormat(bytes))
    const scaled = target.width !== bitmap.width || target.height !== bitmap.height
    return { bytes: encoded, ...target, ...(scaled && { fullSize: { width: bitmap.width, height: bitmap.height } }) }
  } finally {
    bitmap.close()
  }
}

/** The image drawn at `target` on a canvas and encoded (JPEG at RESULT_JPEG_QUALITY). */
async function redraw(bitmap: ImageBitmap, target: { width: number; height: number }, format: 'image/png' | 'image/jpeg'): Promise<Uint8Array> {
  const canvas = document.createElement('canvas')
  canvas.width = target.width
  canvas.height = target.height
  const context = canvas.getContext('2d')
  if (!context) throw new Error('This browser gave Keyframe no canvas to convert the image with.')
  context.imageSmoothingQuality = 'high'
  context.drawImage(bitmap, 0, 0, target.width, target.height)
  const encoded = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('Converting the image failed.'))), format, RESULT_JPEG_QUALITY)
  )
  return new Uint8Array(await encoded.arrayBuffer())
}

/**
 * An image fill's own bytes, sent as a reference, get what an export gets from Figma: at most `maxSide` on
 * its longer side, as PNG or JPEG. Kept as they are when they already are (never decoded); a GIF, a larger
 * image, or one over Kling's byte limit is drawn smaller (never larger) and re-encoded. Undefined: as is.
 */
export function referenceReencodeSize(bytes: Uint8Array, maxSide: number, maxBytes: number): { width: number; height: number } | undefined {
  const info = readImageInfo(bytes)
  if (!info) return undefined
  const fits = info.format !== 'GIF' && Math.max(info.width, info.height) <= maxSide && bytes.byteLength <= maxBytes
  return fits ? undefined : fitWithin(info.width, info.height, maxSide)
}

export async function normaliseReference(bytes: Uint8Array, maxSide: number, maxBytes: number): Promise<{ bytes: Uint8Array; width: number; height: number; mimeType: 'image/png' | 'image/jpeg' } | undefined> {
  const target = referenceReencodeSize(bytes, maxSide, maxBytes)
  if (!target) return undefined
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart]))
  try {
    const mimeType = reencodeFormat(bytes)
    return { bytes: await redraw(bitmap, target, mimeType), ...target, mimeType }
  } finally {
    bitmap.close()
  }
}
