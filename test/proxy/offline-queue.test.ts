// Offline mode driven by the real @fal-ai/client: subscribe, the queue calls one by one, cancel, and the
// images themselves (count, pixel size, format) read back with sharp.
import type { QueueStatus } from '@fal-ai/client'
import sharp from 'sharp'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { offlineRequests } from '../../src/dev/offline-control'
import { callProxy, falClientFor, fetchBytes, O3_I2I, O3_T2I, pngBlob, QUEUE, startTestProxy, type TestProxy, V3_T2I } from './helpers'

interface KlingResult {
  images: { url: string; width: number; height: number; content_type: string; file_name: string; file_size: number }[]
  seed?: number
}

let proxy: TestProxy

beforeAll(async () => {
  // Long enough that the first poll still finds the job queued when the machine is busy (queued = 40%).
  proxy = await startTestProxy({ offlineLatencyMs: 700 })
})
afterAll(() => proxy.stop())
beforeEach(async () => {
  await fetch(`${proxy.url}/__offline/reset`, { method: 'POST' })
})

describe('offline queue with the real client', () => {
  it('answers /healthz with the mode', async () => {
    const res = await fetch(`${proxy.url}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, mode: 'offline' })
  })

  it('subscribe goes IN_QUEUE (with position) then IN_PROGRESS (with logs) then COMPLETED, and returns images', async () => {
    const fal = falClientFor(proxy.proxyUrl)
    const updates: QueueStatus[] = []
    let enqueued = ''
    const result = await fal.subscribe(O3_T2I, {
      input: { prompt: 'A lighthouse at dusk, long shadows', resolution: '1K', aspect_ratio: '16:9' },
      logs: true,
      pollInterval: 40,
      onEnqueue: (id) => (enqueued = id),
      onQueueUpdate: (u) => updates.push(u)
    })
    const statuses = updates.map((u) => u.status)
    expect(statuses[0]).toBe('IN_QUEUE')
    expect(statuses).toContain('IN_PROGRESS')
    expect(statuses.at(-1)).toBe('COMPLETED')
    // Never goes backwards.
    const order = ['IN_QUEUE', 'IN_PROGRESS', 'COMPLETED']
    const ranks = statuses.map((s) => order.indexOf(s))
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks)
    const queued = updates.find((u) => u.status === 'IN_QUEUE') as { queue_position: number }
    expect(typeof queued.queue_position).toBe('number')
    const running = updates.find((u) => u.status === 'IN_PROGRESS') as { logs: { message: string }[] }
    expect(running.logs.length).toBeGreaterThan(0)
    expect(running.logs[0]?.message).toMatch(/Kling Image O3/)

    expect(result.requestId).toBe(enqueued)
    const data = result.data as KlingResult
    expect(data.images).toHaveLength(1)
    const image = data.images[0]!
    expect(image).toMatchObject({ width: 1024, height: 576, content_type: 'image/png' })
    expect(image.file_name).toMatch(/\.png$/)
    const bytes = await fetchBytes(image.url)
    expect(bytes.length).toBe(image.file_size)
    const meta = await sharp(bytes).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1024, 576])
  })

  it('status streaming (the client\'s "streaming" mode) ends in COMPLETED with logs that are not repeated', async () => {
    const fal = falClientFor(proxy.proxyUrl)
    const updates: QueueStatus[] = []
    const result = await fal.subscribe(V3_T2I, {
      input: { prompt: 'Streaming status check', num_images: 3 },
      mode: 'streaming',
      logs: true,
      onQueueUpdate: (u) => updates.push(u)
    })
    expect(updates.map((u) => u.status)).toContain('IN_PROGRESS')
    expect(updates.at(-1)?.status).toBe('COMPLETED')
    // The client accumulates streamed logs; each line must arrive once.
    const last = updates.at(-1) as { logs: { message: string }[] }
    const messages = last.logs.map((l) => l.message)
    expect(new Set(messages).size).toBe(messages.length)
    expect(messages).toContain('Generating image 3/3')
    expect((result.data as KlingResult).images).toHaveLength(3)
  })

  it('queue.submit, status, result one by one, with fal\'s URLs and request ids', async () => {
    const fal = falClientFor(proxy.proxyUrl)
    const submitted = await fal.queue.submit(O3_T2I, { input: { prompt: 'Step by step', aspect_ratio: '9:16', output_format: 'jpeg' } })
    const id = submitted.request_id
    expect(submitted).toMatchObject({
      status: 'IN_QUEUE',
      response_url: `${QUEUE}/fal-ai/kling-image/requests/${id}`,
      status_url: `${QUEUE}/fal-ai/kling-image/requests/${id}/status`,
      cancel_url: `${QUEUE}/fal-ai/kling-image/requests/${id}/cancel`
    })
    const early = await fal.queue.status(O3_T2I, { requestId: id, logs: false })
    expect(early.status).toBe('IN_QUEUE')
    // Asking for the result before it is done is an error, as on fal.
    await expect(fal.queue.result(O3_T2I, { requestId: id })).rejects.toMatchObject({ status: 400 })
    await fal.queue.subscribeToStatus(O3_T2I, { requestId: id, pollInterval: 40 })
    const result = await fal.queue.result(O3_T2I, { requestId: id })
    expect(result.requestId).toBe(id)
    const image = (result.data as KlingResult).images[0]!
    expect(image).toMatchObject({ width: 576, height: 1024, content_type: 'image/jpeg' })
    const meta = await sharp(await fetchBytes(image.url)).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 576, 1024])

    const listed = { requests: await offlineRequests(proxy.url) }
    expect(listed.requests).toHaveLength(1)
    expect(listed.requests[0]).toMatchObject({ request_id: id, endpoint: O3_T2I, input: { prompt: 'Step by step' } })
  })

  it('an unknown request id is a 404 for status, result and cancel', async () => {
    const fal = falClientFor(proxy.proxyUrl)
    const requestId = '00000000-0000-4000-8000-000000000000'
    await expect(fal.queue.status(O3_T2I, { requestId, logs: false })).rejects.toMatchObject({ status: 404 })
    await expect(fal.queue.result(O3_T2I, { requestId })).rejects.toMatchObject({ status: 404 })
    await expect(fal.queue.cancel(O3_T2I, { requestId })).rejects.toMatchObject({ status: 404 })
  })

  it('cancel after completion answers ALREADY_COMPLETED (400) and the result stays available', async () => {
    const fal = falClientFor(proxy.proxyUrl)
    const { request_id: requestId } = await fal.queue.submit(O3_T2I, { input: { prompt: 'Too late to cancel' } })
    await fal.queue.subscribeToStatus(O3_T2I, { requestId, pollInterval: 40 })
    await expect(fal.queue.cancel(O3_T2I, { requestId })).rejects.toMatchObject({ status: 400, body: { status: 'ALREADY_COMPLETED' } })
    const result = await fal.queue.result(O3_T2I, { requestId })
    expect((result.data as KlingResult).images).toHaveLength(1)
  })

  it('a series returns series_amount images, each at the nominal size and format', async () => {
    const fal = falClientFor(proxy.proxyUrl)
    const result = await fal.subscribe(O3_T2I, {
      input: {
        prompt: 'Panel 1: a door opens. Panel 2: a corridor. Panel 3: a window. Panel 4: the sea.',
        result_type: 'series',
        series_amount: 4,
        num_images: 2, // ignored in series mode, as on fal
        aspect_ratio: '4:3',
        resolution: '2K',
        output_format: 'webp'
      },
      pollInterval: 40
    })
    const { images } = result.data as KlingResult
    expect(images).toHaveLength(4)
    // 2K is 2048 px on the long side; 4:3 makes the short side 1536.
    const expected = { width: 2048, height: 1536 }
    for (const image of images) {
      expect(image).toMatchObject({ ...expected, content_type: 'image/webp' })
      const meta = await sharp(await fetchBytes(image.url)).metadata()
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', expected.width, expected.height])
    }
    // Distinct files, one per panel.
    expect(new Set(images.map((i) => i.url)).size).toBe(4)
  })

  it('variations return num_images images', async () => {
    const fal = falClientFor(proxy.proxyUrl)
    const result = await fal.subscribe(V3_T2I, { input: { prompt: 'Variations', num_images: 3, aspect_ratio: '1:1' }, pollInterval: 40 })
    const { images } = result.data as KlingResult
    expect(images.map((i) => [i.width, i.height])).toEqual([
      [1024, 1024],
      [1024, 1024],
      [1024, 1024]
    ])
  })

  it('image-to-image with uploaded references draws them into the result, and "auto" follows the reference shape', async () => {
    const fal = falClientFor(proxy.proxyUrl)
    // A tall pure-red reference: "auto" should pick a portrait ratio, and red should appear in the result.
    const red = await pngBlob(600, 1200, [255, 0, 0])
    const refUrl = await fal.storage.upload(red)
    const result = await fal.subscribe(O3_I2I, {
      input: { prompt: 'Use @Image1 as the hero', image_urls: [refUrl], aspect_ratio: 'auto' },
      pollInterval: 40
    })
    const image = (result.data as KlingResult).images[0]!
    expect(image.height).toBeGreaterThan(image.width)
    expect(image).toMatchObject({ width: 576, height: 1024 }) // 1K at 9:16
    const { data, info } = await sharp(await fetchBytes(image.url)).raw().toBuffer({ resolveWithObject: true })
    let redPixels = 0
    for (let i = 0; i < data.length; i += info.channels) if (data[i]! > 240 && data[i + 1]! < 15 && data[i + 2]! < 15) redPixels++
    expect(redPixels).toBeGreaterThan(100)
    const listed = { requests: await offlineRequests(proxy.url) }
    expect(listed.requests[0]?.input.image_urls).toEqual([refUrl])
  })

  it('the same text-to-image without references has no red thumbnail (the check above can fail)', async () => {
    const fal = falClientFor(proxy.proxyUrl)
    const result = await fal.subscribe(O3_T2I, { input: { prompt: 'No references', aspect_ratio: '9:16' }, pollInterval: 40 })
    const image = (result.data as KlingResult).images[0]!
    const { data, info } = await sharp(await fetchBytes(image.url)).raw().toBuffer({ resolveWithObject: true })
    let redPixels = 0
    for (let i = 0; i < data.length; i += info.channels) if (data[i]! > 240 && data[i + 1]! < 15 && data[i + 2]! < 15) redPixels++
    expect(redPixels).toBe(0)
  })

  it('refuses calls the client would never make for Kling, in offline mode too', async () => {
    const other = await callProxy(proxy.proxyUrl, { target: `${QUEUE}/fal-ai/flux/dev`, body: { prompt: 'x' } })
    expect(other.status).toBe(403)
    expect(((await other.json()) as { message: string }).message).toMatch(/Kling Image/)
    const missing = await callProxy(proxy.proxyUrl, { body: { prompt: 'x' } })
    expect(missing.status).toBe(400)
    const listed = { requests: await offlineRequests(proxy.url) }
    expect(listed.requests).toHaveLength(0)
  })
})
