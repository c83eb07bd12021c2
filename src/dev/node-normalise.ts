// The UI normalises results on a canvas; Node has none, so tests and benchmarks do the same with sharp.
import sharp from 'sharp'

import { FIGMA_MAX_IMAGE_SIDE, reencodeFormat, RESULT_JPEG_QUALITY, usableAsIs } from '../ui/normalise-image'

/** What the UI's canvas normalisation does, with sharp: WebP re-encoded (JPEG, or PNG with alpha), nothing over 4096 px a side. */
export async function normaliseWithSharp(bytes: Uint8Array): Promise<{ bytes: Uint8Array; width: number; height: number }> {
  const asIs = usableAsIs(bytes)
  if (asIs) return { bytes, ...asIs }
  const { data, info: out } = await sharp(Buffer.from(bytes))
    .resize({ width: FIGMA_MAX_IMAGE_SIDE, height: FIGMA_MAX_IMAGE_SIDE, fit: 'inside', withoutEnlargement: true })
    .toFormat(reencodeFormat(bytes) === 'image/png' ? 'png' : 'jpeg', { quality: Math.round(RESULT_JPEG_QUALITY * 100) })
    .toBuffer({ resolveWithObject: true })
  return { bytes: new Uint8Array(data), width: out.width, height: out.height }
}

