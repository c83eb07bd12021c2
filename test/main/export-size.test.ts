// An enlarged reference export must still fit fal's 10 MB. A rounded card (exported as PNG, for its
// transparent corners) filled with a large photographic image is enlarged to the image's own pixels; as a
// PNG that passes 10 MB, so the enlargement gives way before anything is uploaded.
import sharp from 'sharp'
import { describe, expect, test } from 'vitest'

import { MAX_REFERENCE_BYTES } from '../../src/kling/reference-rules'
import { inspect } from '../host/helpers'
import { runMain } from '../host/run-main'

/** Noise compresses as badly as a photograph does: the worst case for PNG. */
async function noise(width: number, height: number): Promise<Uint8Array> {
  const raw = Buffer.alloc(width * height * 3)
  let seed = 7
  for (let i = 0; i < raw.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    raw[i] = seed >> 16
  }
  return new Uint8Array(await sharp(raw, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer())
}

describe('reference exports stay under fal\'s 10 MB', () => {
  test('a rounded card with a 2400 px photographic fill is exported enlarged, but small enough to send', async () => {
    const image = await noise(2400, 2400)
    const run = await runMain({
      document: {
        children: [{ type: 'FRAME', id: '4:1', name: 'Card', x: 0, y: 0, width: 500, height: 500, cornerRadius: 24, fills: [{ type: 'IMAGE', image }] }],
        selection: ['Card']
      }
    })
    const exported = await run.call('exportReference', { nodeId: '4:1', maxSide: 2048 })
    expect(exported.mimeType).toBe('image/png')
    expect(exported.bytes.byteLength).toBeLessThanOrEqual(MAX_REFERENCE_BYTES)
    // Still enlarged past the frame's own 500 px (the fill has the pixels), just not to the full 2048.
    const { width, height } = await inspect(exported.bytes)
    expect(width).toBeGreaterThan(500)
    expect(width).toBeLessThan(2048)
    expect(height).toBe(width)
  }, 60_000)
})
