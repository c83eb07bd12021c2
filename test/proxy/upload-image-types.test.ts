// Which bytes count as an image: every type Kling reads is recognised from real encoder output, and the
// near-misses are not.
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'

import { imageTypeOf, sniffImageType } from '../../src/proxy/uploads/image-types'
import { falClientFor, fetchBytes, startTestProxy } from './helpers'

async function encoded(format: 'png' | 'jpeg' | 'webp' | 'gif'): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 320, channels: 3, background: '#884422' } })[format]().toBuffer()
}

describe('sniffing', () => {
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
    ['gif', 'image/gif']
  ] as const)('%s from sharp is %s', async (format, type) => {
    expect(sniffImageType(await encoded(format))).toBe(type)
  })

  it('refuses what only looks close: other RIFF files, SVG, a cut-off PNG signature, nothing at all', () => {
    const ascii = (text: string) => new TextEncoder().encode(text)
    expect(sniffImageType(ascii('RIFF\x00\x00\x00\x00WAVEfmt '))).toBeUndefined()
    expect(sniffImageType(ascii('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeUndefined()
    expect(sniffImageType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]))).toBeUndefined()
    expect(sniffImageType(new Uint8Array(0))).toBeUndefined()
  })

  it('reads a Content-Type without its parameters or case, and only the four image types', () => {
    expect(imageTypeOf('Image/PNG; charset=binary')).toBe('image/png')
    expect(imageTypeOf('image/svg+xml')).toBeUndefined()
    expect(imageTypeOf('application/octet-stream')).toBeUndefined()
    expect(imageTypeOf(null)).toBeUndefined()
  })
})

describe('every allowed type goes through the real client', () => {
  it('WebP and GIF upload offline and are served back byte for byte', async () => {
    const proxy = await startTestProxy()
    try {
      const fal = falClientFor(proxy.proxyUrl)
      for (const [format, type] of [['webp', 'image/webp'], ['gif', 'image/gif']] as const) {
        const bytes = await encoded(format)
        const url = await fal.storage.upload(new Blob([new Uint8Array(bytes)], { type }))
        expect((await fetchBytes(url)).equals(bytes), format).toBe(true)
      }
    } finally {
      await proxy.stop()
    }
  })
})
