// Offline rendering cannot starve other users: references are held to Kling's limits (and a pixel limit)
// before anything is decoded in full, and renders take turns, at most two at once. Concurrency is counted
// with the slots' own observer, never by timing.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32, deflateSync } from 'node:zlib'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { solidImage } from '../../src/dev/solid-image'
import type { AnyEndpointInput, EndpointId } from '../../src/kling'
import { FileStore } from '../../src/proxy/offline/file-store'
import { generateImages } from '../../src/proxy/offline/generate'
import { MAX_REFERENCE_PIXELS, ReferenceRefused } from '../../src/proxy/offline/reference-images'
import { RenderSlots, renderSlots, type SlotCounts } from '../../src/proxy/offline/render-slots'
import { callProxy, falClientFor, O3_I2I, O3_T2I, offlineRequests, QUEUE, startTestProxy, type TestProxy } from './helpers'

/** A PNG whose header claims width × height but holds almost no data: a few bytes that would decode huge. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(typed) >>> 0)
    return Buffer.concat([length, typed, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bit depth
  header[9] = 2 // RGB
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))])
}

const dataUri = (bytes: Buffer, type = 'image/png') => `data:${type};base64,${bytes.toString('base64')}`

async function smallPng(): Promise<Buffer> {
  return solidImage(400, 400, { color: { r: 0, g: 128, b: 255 } })
}

describe('RenderSlots', () => {
  it('runs at most `limit` tasks at once, in the order they came, and passes each slot on', async () => {
    const slots = new RenderSlots(2)
    const seen: SlotCounts[] = []
    slots.observe((counts) => seen.push(counts))
    const started: number[] = []
    const finish: (() => void)[] = []
    const tasks = [0, 1, 2, 3, 4].map((n) =>
      slots.run(
        () =>
          new Promise<number>((resolve) => {
            started.push(n)
            finish[n] = () => resolve(n)
          })
      )
    )
    await Promise.resolve()
    expect(started).toEqual([0, 1])
    expect(slots.counts()).toEqual({ running: 2, waiting: 3 })

    finish[1]!()
    await tasks[1]
    await new Promise((r) => setImmediate(r))
    expect(started).toEqual([0, 1, 2])
    expect(slots.counts()).toEqual({ running: 2, waiting: 2 })

    for (const n of [0, 2, 3, 4]) {
      await new Promise((r) => setImmediate(r))
      finish[n]!()
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4])
    expect(started).toEqual([0, 1, 2, 3, 4])
    expect(slots.counts()).toEqual({ running: 0, waiting: 0 })
    expect(Math.max(...seen.map((c) => c.running))).toBe(2)
  })

  it('a failed task frees its slot for the next', async () => {
    const slots = new RenderSlots(1)
    const failed = slots.run(() => Promise.reject(new Error('render failed: disk full')))
    const next = slots.run(() => Promise.resolve('next ran'))
    await expect(failed).rejects.toThrow('render failed: disk full')
    expect(await next).toBe('next ran')
    expect(slots.counts()).toEqual({ running: 0, waiting: 0 })
  })

  it('refuses a limit below one', () => {
    expect(() => new RenderSlots(0)).toThrow('RenderSlots needs a limit of 1 or more, not 0.')
  })
})

describe('generateImages: references fal would refuse are refused, with what to do', () => {
  let dir: string
  let store: FileStore
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'keyframe-render-limits-'))
    store = new FileStore(dir)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  async function refusal(endpoint: EndpointId, input: AnyEndpointInput): Promise<ReferenceRefused> {
    const outcome = await generateImages(endpoint, input, 'abcdef01-0000-4000-8000-000000000000', store).then(
      () => undefined,
      (error: unknown) => error
    )
    expect(outcome).toBeInstanceOf(ReferenceRefused)
    return outcome as ReferenceRefused
  }

  it('a reference over the pixel limit (a decompression bomb of a few bytes) is refused before it is decoded', async () => {
    const bomb = pngClaiming(7000, 7000)
    expect(bomb.length).toBeLessThan(200)
    expect(7000 * 7000).toBeGreaterThan(MAX_REFERENCE_PIXELS)
    const error = await refusal('fal-ai/kling-image/o3/image-to-image', { prompt: 'p', image_urls: [dataUri(await smallPng()), dataUri(bomb)] })
    expect(error.detail).toEqual({
      loc: ['body', 'image_urls', 1],
      msg: '@Image2 is 7000×7000 px (49 MP); the offline service reads references up to 36 MP. Export it smaller: Kling gains nothing from more pixels than the output has.',
      type: 'image_too_large'
    })
  })

  it('bytes that are not an image are refused as unreadable, naming the element', async () => {
    const error = await refusal('fal-ai/kling-image/v3/text-to-image', {
      prompt: 'p',
      elements: [{ frontal_image_url: dataUri(await smallPng()) }, { frontal_image_url: dataUri(Buffer.from('not an image at all')) }]
    })
    expect(error.detail).toEqual({
      loc: ['body', 'elements', 1, 'frontal_image_url'],
      msg: '@Element2 is not an image Kling can read. Export the frame as PNG or JPEG and try again.',
      type: 'image_load_error'
    })
  })

  it('a data URI or a stored file over 10 MB is refused without being decoded', async () => {
    const overTen = Buffer.alloc(10 * 1024 * 1024 + 1)
    const viaDataUri = await refusal('fal-ai/kling-image/v3/image-to-image', { prompt: 'p', image_url: dataUri(overTen) })
    expect(viaDataUri.detail).toEqual({
      loc: ['body', 'image_url'],
      msg: '@Image1 is 10.1 MB; Kling accepts reference images up to 10 MB. Export it smaller (or as JPEG).',
      type: 'file_too_large'
    })
    const file = await store.put(overTen, 'image/png', 'huge.png')
    const viaStore = await refusal('fal-ai/kling-image/o3/image-to-image', { prompt: 'p', image_urls: [`http://127.0.0.1:1/__offline/files/${file.id}/${file.name}`] })
    expect(viaStore.detail.type).toBe('file_too_large')
    expect(viaStore.detail.loc).toEqual(['body', 'image_urls', 0])
  })

  it('more than 10 references (a job logged before the catalog had the limit) are refused', async () => {
    const url = dataUri(await smallPng())
    const error = await refusal('fal-ai/kling-image/o3/image-to-image', {
      prompt: 'p',
      image_urls: Array(10).fill(url),
      elements: Array(15).fill({ frontal_image_url: url })
    })
    expect(error.detail).toEqual({
      loc: ['body', 'elements'],
      msg: '25 references; Kling takes at most 10 (reference images and elements together). Remove 15 of them.',
      type: 'too_big'
    })
  })

  it('a readable reference within the limits renders, and a remote URL is drawn as a named placeholder', async () => {
    const images = await generateImages(
      'fal-ai/kling-image/o3/image-to-image',
      { prompt: 'p', image_urls: [dataUri(await smallPng()), 'https://example.com/not-fetched-offline.png'], aspect_ratio: '1:1' },
      'abcdef02-0000-4000-8000-000000000000',
      store
    )
    expect(images).toHaveLength(1)
    expect(images[0]).toMatchObject({ width: 1024, height: 1024, content_type: 'image/png' })
  })
})

describe('through the proxy', () => {
  let proxy: TestProxy
  beforeAll(async () => {
    // A JSON limit above 10 MB, so the 10 MB reference rule itself is what refuses the data URI below.
    proxy = await startTestProxy({ offlineLatencyMs: 100, maxJsonBytes: 16 * 1024 * 1024 })
  })
  afterAll(() => proxy.stop())

  it('a data URI over 10 MB is a 422 at submit that names the reference and the fix; nothing is queued', async () => {
    const res = await callProxy(proxy.proxyUrl, {
      target: `${QUEUE}/${O3_I2I}`,
      body: { prompt: 'p', image_urls: [dataUri(Buffer.alloc(11 * 1024 * 1024))] }
    })
    expect(res.status).toBe(422)
    expect(await res.json()).toEqual({
      detail: [
        {
          loc: ['body', 'image_urls', 0],
          msg: 'this data URI holds 11 MB; Kling accepts reference images up to 10 MB. Export the frame smaller (or as JPEG), or upload it and send its URL.',
          type: 'custom'
        }
      ],
      // Refused before anything was sent, so the plugin can say nothing was charged.
      keyframe_charge: 'none'
    })
    expect(await offlineRequests(proxy.url)).toEqual([])
  })

  it('an over-pixel reference fails its job with the reason; the job beside it still completes', async () => {
    const fal = falClientFor(proxy.proxyUrl)
    const bomb = fal.subscribe(O3_I2I, { input: { prompt: 'bomb', image_urls: [dataUri(pngClaiming(9000, 9000))] }, pollInterval: 20 })
    const plain = fal.subscribe(O3_T2I, { input: { prompt: 'plain' }, pollInterval: 20 })
    // The failure's HTTP status is the queue's to decide (service.ts); what matters here is the reason.
    await expect(bomb).rejects.toMatchObject({ body: { detail: expect.stringContaining('@Image1 is 9000×9000 px (81 MP)') } })
    expect(((await plain).data as { images: unknown[] }).images).toHaveLength(1)
  })

  it('many jobs at once: never more than two renders run, the rest wait their turn, and all finish', async () => {
    const seen: SlotCounts[] = []
    const stop = renderSlots.observe((counts) => seen.push(counts))
    try {
      const fal = falClientFor(proxy.proxyUrl)
      const reference = dataUri(await smallPng())
      const jobs = Array.from({ length: 5 }, (_, i) =>
        fal.subscribe(O3_I2I, { input: { prompt: `job ${i}`, image_urls: [reference], num_images: 2 }, pollInterval: 20 })
      )
      const results = await Promise.all(jobs)
      expect(results.map((r) => (r.data as { images: unknown[] }).images.length)).toEqual([2, 2, 2, 2, 2])
    } finally {
      stop()
    }
    expect(renderSlots.limit).toBe(2)
    expect(Math.max(...seen.map((c) => c.running))).toBe(2)
    // The bound was reached and held: some renders had to wait (so the check above could have failed).
    expect(Math.max(...seen.map((c) => c.waiting))).toBeGreaterThan(0)
    expect(seen.at(-1)).toEqual({ running: 0, waiting: 0 })
  })
})
