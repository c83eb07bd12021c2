// The references a job sent, read for the offline placeholder: each checked as Kling would check it
// before anything is decoded in full, then shrunk once per job to a small source for the thumbnails.
//
// What fal does with a reference it cannot use is to fail the request with a typed error (fal.ai/docs
// "errors": `detail` items with `loc`, `msg` and a `type` such as image_too_large or image_load_error).
// The stand-in must not be more lenient, so it refuses rather than skipping: a reference over Kling's
// 10 MB (fal's typings, image_url: "Max file size: 10.0MB"), one that is not a readable image, or one
// over MAX_REFERENCE_PIXELS. That pixel limit is **inferred**: fal states none for Kling; it keeps one
// request from decoding a decompression bomb (a few KB of PNG claiming 30,000 × 30,000 px) here.
import sharp from 'sharp'

import { dataUriBytes, MAX_REFERENCE_BYTES, MAX_REFERENCES, megabytes, type ValidationDetail } from '../../kling'
import type { FileStore } from './file-store'

/** 6000 × 6000 px. Far above what the plugin exports (its exports are bounded for the output size). */
export const MAX_REFERENCE_PIXELS = 36_000_000
/** Thumbnails are drawn from a copy no larger than this on a side. */
const THUMB_SOURCE_SIDE = 512

export interface ReadReference {
  label: string
  /** A small PNG of the reference, or null when its URL is not one this server can read (a remote URL). */
  bytes: Buffer | null
  /** The reference's own size, when it was read. */
  width?: number
  height?: number
}

/** A reference fal would refuse; `detail` is in fal's 422 shape, so it can be answered as fal answers. */
export class ReferenceRefused extends Error {
  constructor(readonly detail: ValidationDetail) {
    super(detail.msg)
    this.name = 'ReferenceRefused'
  }
}

interface ReferenceUrl {
  label: string
  url: string
  loc: (string | number)[]
}

export interface ReferenceInput {
  image_url?: string
  image_urls?: string[]
  elements?: { frontal_image_url?: string; reference_image_urls?: string[] }[]
}

/** @Image1… for image references, @Element1… for elements' frontal images, in request order. */
export function referenceUrls(input: ReferenceInput): ReferenceUrl[] {
  const urls: ReferenceUrl[] = []
  if (input.image_url) urls.push({ label: '@Image1', url: input.image_url, loc: ['body', 'image_url'] })
  input.image_urls?.forEach((url, i) => urls.push({ label: `@Image${i + 1}`, url, loc: ['body', 'image_urls', i] }))
  input.elements?.forEach((el, i) => {
    if (el.frontal_image_url) urls.push({ label: `@Element${i + 1}`, url: el.frontal_image_url, loc: ['body', 'elements', i, 'frontal_image_url'] })
  })
  return urls
}

export async function readReferences(input: ReferenceInput, store: FileStore): Promise<ReadReference[]> {
  const urls = referenceUrls(input)
  // The catalog refuses more at submit; a job logged before that limit existed is held to it here.
  if (urls.length > MAX_REFERENCES) {
    throw new ReferenceRefused({
      loc: ['body', 'elements'],
      msg: `${urls.length} references; Kling takes at most ${MAX_REFERENCES} (reference images and elements together). Remove ${urls.length - MAX_REFERENCES} of them.`,
      type: 'too_big'
    })
  }
  const read: ReadReference[] = []
  // One at a time: each may be up to 10 MB, and decoding several at once is what starved other jobs.
  for (const ref of urls) read.push(await readReference(ref, store))
  return read
}

async function readReference(ref: ReferenceUrl, store: FileStore): Promise<ReadReference> {
  const bytes = await referenceBytes(ref, store)
  if (!bytes) return { label: ref.label, bytes: null }
  let width: number | undefined
  let height: number | undefined
  try {
    // The header only: nothing is decoded yet, so no pixel limit is needed to read the size.
    ;({ width, height } = await sharp(bytes, { limitInputPixels: false }).metadata())
  } catch {
    throw refused(ref, `${ref.label} is not an image Kling can read. Export the frame as PNG or JPEG and try again.`, 'image_load_error')
  }
  if (!width || !height) {
    throw refused(ref, `${ref.label} has no size Kling can read. Export the frame as PNG or JPEG and try again.`, 'image_load_error')
  }
  if (width * height > MAX_REFERENCE_PIXELS) {
    throw refused(
      ref,
      `${ref.label} is ${width}×${height} px (${megapixels(width * height)}); the offline service reads references up to ${megapixels(MAX_REFERENCE_PIXELS)}. Export it smaller: Kling gains nothing from more pixels than the output has.`,
      'image_too_large'
    )
  }
  try {
    const small = await sharp(bytes, { limitInputPixels: MAX_REFERENCE_PIXELS })
      .resize(THUMB_SOURCE_SIDE, THUMB_SOURCE_SIDE, { fit: 'inside', withoutEnlargement: true })
      .png()
      .toBuffer()
    return { label: ref.label, bytes: small, width, height }
  } catch {
    throw refused(ref, `${ref.label} could not be decoded (the file is damaged or truncated). Export the frame again.`, 'image_load_error')
  }
}

/** The reference's bytes when this server holds them (a data URI, or a file uploaded here); else null. */
async function referenceBytes(ref: ReferenceUrl, store: FileStore): Promise<Buffer | null> {
  const size = dataUriBytes(ref.url)
  if (size !== null) {
    if (size > MAX_REFERENCE_BYTES) throw tooLarge(ref, size)
    const base64 = /^data:[^,]*;base64,(.*)$/s.exec(ref.url)
    return base64 ? Buffer.from(base64[1] as string, 'base64') : null
  }
  const file = store.fromUrl(ref.url)
  if (!file) return null
  if (file.size > MAX_REFERENCE_BYTES) throw tooLarge(ref, file.size)
  return store.read(file)
}

function tooLarge(ref: ReferenceUrl, bytes: number): ReferenceRefused {
  return refused(
    ref,
    `${ref.label} is ${megabytes(bytes)}; Kling accepts reference images up to ${megabytes(MAX_REFERENCE_BYTES)}. Export it smaller (or as JPEG).`,
    'file_too_large'
  )
}

function refused(ref: ReferenceUrl, msg: string, type: string): ReferenceRefused {
  return new ReferenceRefused({ loc: ref.loc, msg, type })
}

function megapixels(pixels: number): string {
  return `${Math.round(pixels / 100_000) / 10} MP`
}
