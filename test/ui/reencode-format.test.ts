// Which format a result is re-encoded to for Figma: JPEG unless the image can hold transparency. The
// images are made by a real encoder (sharp/libvips), so the headers are the ones fal's WebP and PNG carry.
import sharp from 'sharp'
import { describe, expect, test } from 'vitest'

import { mayHaveAlpha } from '../../src/image-info'
import { reencodeFormat, usableAsIs } from '../../src/ui/normalise-image'

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

describe('usableAsIs: what reaches figma.createImage without a decode', () => {
  const make = async (width: number, height: number, format: 'png' | 'jpeg' | 'gif' | 'webp') =>
    new Uint8Array(await sharp({ create: { width, height, channels: 3, background: '#336699' } }).toFormat(format).toBuffer())

  test.each(['png', 'jpeg', 'gif'] as const)('%s within 4096 px: its size from the header, bytes untouched', async (format) => {
    expect(usableAsIs(await make(640, 360, format))).toEqual({ width: 640, height: 360 })
  })

  test('exactly 4096 px a side is still taken as it is (Figma refuses only larger)', async () => {
    expect(usableAsIs(await make(4096, 16, 'png'))).toEqual({ width: 4096, height: 16 })
  })

  test.each([
    ['WebP (Figma takes PNG, JPEG and GIF only)', () => make(64, 48, 'webp')],
    ['PNG over 4096 px wide', () => make(4097, 16, 'png')],
    ['JPEG over 4096 px tall', () => make(16, 4097, 'jpeg')],
    ['a PNG cut off inside its header', async () => (await make(64, 48, 'png')).slice(0, 20)],
    ['bytes that are no image', async () => new Uint8Array([1, 2, 3, 4])]
  ])('%s must be decoded first', async (_, bytes) => {
    expect(usableAsIs(await bytes())).toBeUndefined()
  })
})
