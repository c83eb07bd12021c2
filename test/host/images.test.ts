import { describe, expect, test } from 'vitest'

import { makeHost, makeImage } from './helpers'

describe('figma.createImage', () => {
  test('accepts PNG, JPEG and GIF and reads their size', async () => {
    const { figma } = makeHost()
    for (const format of ['png', 'jpeg', 'gif'] as const) {
      const image = figma.createImage(await makeImage(30, 20, format))
      expect(image.hash).toMatch(/^[0-9a-f]{40}$/)
      expect(await image.getSizeAsync()).toEqual({ width: 30, height: 20 })
    }
  })

  test('rejects WebP and other bytes as Figma does', async () => {
    const { figma } = makeHost()
    const webp = await makeImage(30, 20, 'webp')
    expect(() => figma.createImage(webp)).toThrow('Image type is unsupported')
    expect(() => figma.createImage(new TextEncoder().encode('<svg/>'))).toThrow('Image type is unsupported')
    expect(() => figma.createImage('not bytes' as unknown as Uint8Array)).toThrow('Expected a Uint8Array')
  })

  test('allows 4096 px a side and refuses anything larger', async () => {
    const { figma } = makeHost()
    expect(() => figma.createImage(new Uint8Array(0))).toThrow('Image type is unsupported')
    figma.createImage(await makeImage(4096, 10))
    const wide = await makeImage(4097, 10)
    const tall = await makeImage(10, 4097, 'jpeg')
    expect(() => figma.createImage(wide)).toThrow('Image is too large')
    expect(() => figma.createImage(tall)).toThrow('Image is too large')
  })

  test('refuses a file cut short, and a PNG signature without its IHDR header', async () => {
    const { figma } = makeHost()
    for (const format of ['png', 'jpeg', 'gif'] as const) {
      const whole = await makeImage(64, 48, format)
      figma.createImage(whole)
      expect(() => figma.createImage(whole.subarray(0, whole.length - 7))).toThrow('Image is corrupt')
    }
    const png = await makeImage(8, 8)
    const noHeader = png.slice()
    noHeader.set([0x69, 0x64, 0x61, 0x74], 12) // the first chunk's type is no longer IHDR
    expect(() => figma.createImage(noHeader)).toThrow('Image type is unsupported')
  })

  test('dedupes by content and returns the bytes unchanged', async () => {
    const { figma } = makeHost()
    const bytes = await makeImage(8, 8)
    const a = figma.createImage(bytes)
    const b = figma.createImage(bytes.slice())
    expect(a.hash).toBe(b.hash)
    expect(figma.getImageByHash(a.hash)?.hash).toBe(a.hash)
    expect(figma.getImageByHash('0'.repeat(40))).toBeNull()
    expect(await a.getBytesAsync()).toEqual(bytes)
  })

  test('image fills need an image that exists and a valid scale mode', async () => {
    const { figma } = makeHost()
    const rect = figma.createRectangle()
    expect(() => (rect.fills = [{ type: 'IMAGE', imageHash: 'f'.repeat(40), scaleMode: 'FILL' }])).toThrow('does not exist')
    const image = figma.createImage(await makeImage(8, 8))
    expect(() => (rect.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'STRETCH' as 'FILL' }])).toThrow('scaleMode')
    rect.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FIT' }]
    const fill = (rect.fills as ImagePaint[])[0]!
    expect(fill).toMatchObject({ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FIT', visible: true, opacity: 1 })
  })

  test('paints read back frozen, so they must be replaced rather than edited', () => {
    const { figma } = makeHost()
    const frame = figma.createFrame()
    frame.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }]
    expect(Object.isFrozen(frame.fills)).toBe(true)
    expect(() => ((frame.fills as SolidPaint[])[0]!.color as { r: number }).r = 0).toThrow(/Cannot assign to read only property 'r'/)
    expect(() => (frame.fills = [{ type: 'SOLID', color: { r: 2, g: 0, b: 0 } }])).toThrow('between 0 and 1')
  })
})
