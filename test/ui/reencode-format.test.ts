// Which format a result is re-encoded to for Figma: JPEG unless the image can hold transparency. The
// images are made by a real encoder (sharp/libvips), so the headers are the ones fal's WebP and PNG carry.
import sharp from 'sharp'
import { describe, expect, test } from 'vitest'

import { mayHaveAlpha } from '../../src/image-info'
import { reencodeFormat } from '../../src/ui/normalise-image'

async function encode(channels: 3 | 4, format: 'png' | 'jpeg' | 'webp' | 'gif', options: object = {}): Promise<Uint8Array> {
  const background = channels === 4 ? { r: 200, g: 80, b: 40, alpha: 0.5 } : { r: 200, g: 80, b: 40 }
  const buffer = await sharp({ create: { width: 64, height: 48, channels, background } }).toFormat(format, options).toBuffer()
  return new Uint8Array(buffer)
}

describe('mayHaveAlpha', () => {
  test.each([
    ['JPEG', () => encode(3, 'jpeg'), false],
    ['PNG, RGB', () => encode(3, 'png'), false],
    ['PNG, RGBA', () => encode(4, 'png'), true],
    ['PNG, palette with a transparent colour (tRNS)', () => encode(4, 'png', { palette: true }), true],
    ['PNG, palette without transparency', () => encode(3, 'png', { palette: true }), false],
    ['WebP lossy, opaque (VP8)', () => encode(3, 'webp'), false],
    ['WebP lossy with alpha (VP8X)', () => encode(4, 'webp'), true],
    ['WebP lossless, opaque (VP8L)', () => encode(3, 'webp', { lossless: true }), false],
    ['WebP lossless with alpha (VP8L)', () => encode(4, 'webp', { lossless: true }), true],
    ['GIF', () => encode(3, 'gif'), true]
  ])('%s → %s', async (_, make, expected) => {
    const bytes = await make()
    expect(mayHaveAlpha(bytes)).toBe(expected)
    expect(reencodeFormat(bytes)).toBe(expected ? 'image/png' : 'image/jpeg')
  })

  test('bytes that are no image are treated as possibly transparent (PNG keeps everything)', () => {
    expect(mayHaveAlpha(new Uint8Array([1, 2, 3]))).toBe(true)
  })
})
