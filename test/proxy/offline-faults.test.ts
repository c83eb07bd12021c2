// Fault injection: each fault in the plan, seen through the real client where the client can see it.
import { ApiError } from '@fal-ai/client'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { offlineRequests, setOfflineFaults } from '../../src/dev/offline-control'
import { callProxy, falClientFor, O3_T2I, pngBlob, QUEUE, startTestProxy, type TestProxy } from './helpers'

let proxy: TestProxy

beforeAll(async () => {
  proxy = await startTestProxy({ offlineLatencyMs: 100 })
})
afterAll(() => proxy.stop())
beforeEach(async () => {
  await fetch(`${proxy.url}/__offline/reset`, { method: 'POST' })
})

const setFaults = (plan: unknown) => setOfflineFaults(proxy.url, plan)
const received = () => offlineRequests(proxy.url)

type Images = { images: { url: string }[] }

describe('offline fault injection', () => {
  it('the plan is validated, readable and clearable', async () => {
    const bad = await setFaults({ submit: { status: 200 } })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { message: string }).message).toMatch(/submit\.status/)
    expect((await setFaults({ explode: true })).status).toBe(400)
    expect((await setFaults({ result: { status: 500, times: 2 }, slowMs: 5 })).status).toBe(200)
    expect(await (await fetch(`${proxy.url}/__offline/faults`)).json()).toEqual({ plan: { result: { status: 500, times: 2 }, slowMs: 5 } })
    await fetch(`${proxy.url}/__offline/faults`, { method: 'DELETE' })
    expect(await (await fetch(`${proxy.url}/__offline/faults`)).json()).toEqual({ plan: {} })
  })

  it('submit 500 once: the client gets an ApiError, nothing is queued, the next submit works', async () => {
    await setFaults({ submit: { status: 500, times: 1 } })
    const fal = falClientFor(proxy.proxyUrl)
    const error = await fal.queue.submit(O3_T2I, { input: { prompt: 'fails' } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError<unknown>).status).toBe(500)
    expect(await received()).toHaveLength(0)
    await fal.queue.submit(O3_T2I, { input: { prompt: 'works' } })
    expect(await received()).toHaveLength(1)
  })

  it('submit 429 once: the client retries by itself and one job is queued', async () => {
    await setFaults({ submit: { status: 429, times: 1, body: { detail: 'Rate limited' } } })
    const fal = falClientFor(proxy.proxyUrl)
    const result = await fal.subscribe(O3_T2I, { input: { prompt: 'retry me' }, pollInterval: 30 })
    expect((result.data as Images).images).toHaveLength(1)
    expect(await received()).toHaveLength(1)
  })

  it('a dropped submit response: the caller sees a network error, but the job was queued', async () => {
    await setFaults({ dropSubmitResponse: 1 })
    const error = await callProxy(proxy.proxyUrl, { target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'lost reply' } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TypeError) // fetch failed: the socket was cut
    const jobs = await received()
    expect(jobs).toHaveLength(1)
    // Only once: the next submit is answered.
    const res = await callProxy(proxy.proxyUrl, { target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'answered' } })
    expect(res.status).toBe(200)
  })

  it('status 500 once: the client retries the poll and subscribe still completes', async () => {
    await setFaults({ status: { status: 500, times: 1 } })
    const fal = falClientFor(proxy.proxyUrl)
    const result = await fal.subscribe(O3_T2I, { input: { prompt: 'status fails once' }, pollInterval: 30 })
    expect((result.data as Images).images).toHaveLength(1)
    expect(await (await fetch(`${proxy.url}/__offline/faults`)).json()).toEqual({ plan: {} })
  })

  it('status 410 (not retried by the client): subscribe rejects with it', async () => {
    await setFaults({ status: { status: 410 } })
    const fal = falClientFor(proxy.proxyUrl)
    const error = await fal.subscribe(O3_T2I, { input: { prompt: 'status gone' }, pollInterval: 30 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError<unknown>).status).toBe(410)
  })

  it('result 500 once, then the result is there', async () => {
    await setFaults({ result: { status: 500, times: 1 } })
    const fal = falClientFor(proxy.proxyUrl)
    const { request_id: requestId } = await fal.queue.submit(O3_T2I, { input: { prompt: 'result fails once' } })
    await fal.queue.subscribeToStatus(O3_T2I, { requestId, pollInterval: 30 })
    await expect(fal.queue.result(O3_T2I, { requestId })).rejects.toMatchObject({ status: 500 })
    const result = await fal.queue.result(O3_T2I, { requestId })
    expect((result.data as Images).images).toHaveLength(1)
  })

  it('cancel 503 is answered as planned', async () => {
    await setFaults({ cancel: { status: 503 } })
    const fal = falClientFor(proxy.proxyUrl)
    const { request_id: requestId } = await fal.queue.submit(O3_T2I, { input: { prompt: 'cannot cancel' } })
    await expect(fal.queue.cancel(O3_T2I, { requestId })).rejects.toMatchObject({ status: 503 })
  })

  it('fewer series images than asked for', async () => {
    await setFaults({ fewerImages: 1 })
    const fal = falClientFor(proxy.proxyUrl)
    const result = await fal.subscribe(O3_T2I, {
      input: { prompt: 'Panel 1: a. Panel 2: b. Panel 3: c.', result_type: 'series', series_amount: 3 },
      pollInterval: 30
    })
    expect((result.data as Images).images).toHaveLength(2)
  })

  it('a malformed result has no images array', async () => {
    await setFaults({ malformedResult: true })
    const fal = falClientFor(proxy.proxyUrl)
    const result = await fal.subscribe(O3_T2I, { input: { prompt: 'malformed' }, pollInterval: 30 })
    expect(Array.isArray((result.data as Partial<Images>).images)).toBe(false)
  })

  it('downloads: a status fault, then a truncated body, then the full file', async () => {
    const fal = falClientFor(proxy.proxyUrl)
    const result = await fal.subscribe(O3_T2I, { input: { prompt: 'download faults' }, pollInterval: 30 })
    const url = (result.data as Images).images[0]!.url
    await setFaults({ download: { mode: 'status', status: 503, times: 1 } })
    expect((await fetch(url)).status).toBe(503)
    await setFaults({ download: { mode: 'truncate', times: 1 } })
    const cut = await fetch(url)
    expect(cut.status).toBe(200)
    // undici's message for a body cut short of its Content-Length.
    await expect(cut.arrayBuffer()).rejects.toThrow('terminated')
    const full = await fetch(url)
    expect(Number(full.headers.get('content-length'))).toBe((await full.arrayBuffer()).byteLength)
  })

  it('uploads and initiate can fail', async () => {
    const fal = falClientFor(proxy.proxyUrl)
    const png = await pngBlob(320, 320, [9, 9, 9])
    await setFaults({ initiate: { status: 500, times: 1 } })
    await expect(fal.storage.upload(png)).rejects.toMatchObject({ status: 500 })
    await setFaults({ upload: { status: 500, times: 1 } })
    await expect(fal.storage.upload(png)).rejects.toMatchObject({ status: 500 })
    const url = await fal.storage.upload(png)
    expect(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(Buffer.from(await png.arrayBuffer()))).toBe(true)
  })

  it('slowMs delays fal-protocol answers', async () => {
    const fal = falClientFor(proxy.proxyUrl)
    const { request_id: requestId } = await fal.queue.submit(O3_T2I, { input: { prompt: 'slow' } })
    await setFaults({ slowMs: 300 })
    const started = Date.now()
    await fal.queue.status(O3_T2I, { requestId, logs: false })
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('a plan given at start (OFFLINE_FAULTS) is in force from the first call', async () => {
    const other = await startTestProxy({ offlineFaults: { submit: { status: 503, times: 1 } } })
    try {
      const res = await callProxy(other.proxyUrl, { target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'x' } })
      expect(res.status).toBe(503)
      const again = await callProxy(other.proxyUrl, { target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'x' } })
      expect(again.status).toBe(200)
    } finally {
      await other.stop()
    }
  })
})
