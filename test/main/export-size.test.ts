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

describe('an enlarged export never lands a fraction under 300 px', () => {
  test('the constraint on the long side is rounded up, so the short side Figma derives stays at 300 or more', async () => {
    const { planExport } = await import('../../src/main/export-reference')
    const { minimumExport } = await import('../../src/kling/export-pixels')
    for (const size of [
      { width: 100.5, height: 100 },
      { width: 100, height: 100.5 },
      { width: 150, height: 101 },
      { width: 299.7, height: 299.7 }
    ]) {
      const plan = planExport(size, 2048, true, minimumExport(size).scale)
      const long = Math.max(size.width, size.height)
      const short = Math.min(size.width, size.height)
      // Figma scales the node so the constrained side is the value asked; the other follows.
      const derivedShort = (plan.constraint.value * short) / long
      expect(derivedShort, JSON.stringify(size)).toBeGreaterThanOrEqual(300)
    }
    // Not enlarged: rounded as before, never pushed over the frame's own size.
    expect(planExport({ width: 1200.4, height: 800 }, 2048, true, 1)).toMatchObject({ width: 1200, height: 800 })
  })
})
