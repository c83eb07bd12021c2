// fal's cancel and retention, as the offline service plays them, seen through the real @fal-ai/client and
// through the raw answers the client discards (queue.cancel keeps neither the body nor a 2xx status).
// Which case is which is made certain with the fault plan (cancelRunning, retentionMs), not by timing.
import { ApiError, type QueueStatus } from '@fal-ai/client'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { setOfflineFaults } from '../../src/dev/offline-control'
import { callProxy, falClientFor, O3_T2I, offlineRequests, QUEUE, startTestProxy, type TestProxy } from './helpers'

let proxy: TestProxy

// Long enough that a job is still queued when cancelled right after submit, and still running when
// cancelled right after its first IN_PROGRESS (40% queued, 60% running).
beforeAll(async () => {
  proxy = await startTestProxy({ offlineLatencyMs: 3000 })
})
afterAll(() => proxy.stop())
beforeEach(async () => {
  await fetch(`${proxy.url}/__offline/reset`, { method: 'POST' })
})

const urlOf = (requestId: string) => `${QUEUE}/fal-ai/kling-image/requests/${requestId}`

async function setFaults(plan: unknown): Promise<void> {
  expect((await setOfflineFaults(proxy.url, plan)).status).toBe(200)
}

/** The cancel as the wire carries it: HTTP status and fal's `{ status }` body. */
async function rawCancel(requestId: string): Promise<{ http: number; body: unknown }> {
  const res = await callProxy(proxy.proxyUrl, { method: 'PUT', target: `${urlOf(requestId)}/cancel` })
  return { http: res.status, body: await res.json() }
}

async function stateOf(requestId: string): Promise<string | undefined> {
  return (await offlineRequests(proxy.url)).find((r) => r.request_id === requestId)?.state
}

async function waitForStatus(requestId: string, wanted: QueueStatus['status']): Promise<void> {
  const fal = falClientFor(proxy.proxyUrl)
  for (;;) {
    const { status } = await fal.queue.status(O3_T2I, { requestId, logs: false })
    if (status === wanted) return
    if (status === 'COMPLETED') throw new Error(`request ${requestId} completed before it was ${wanted}`)
    await new Promise((r) => setTimeout(r, 30))
  }
}

describe('holdInQueueMs: a busy fal, so a job is certainly queued when cancelled', () => {
  it('a job held in the queue stays IN_QUEUE past its usual time, counts down, then runs and completes; cancelled while held it answers OK', async () => {
    const quick = await startTestProxy({ offlineLatencyMs: 300 })
    try {
      const fal = falClientFor(quick.proxyUrl)
      const faults = await setOfflineFaults(quick.url, { holdInQueueMs: 1500 })
      expect(faults.status).toBe(200)
      const held = await fal.queue.submit(O3_T2I, { input: { prompt: 'Held in the queue' } })
      const cancelled = await fal.queue.submit(O3_T2I, { input: { prompt: 'Held, then cancelled' } })
      // Twice the job's whole usual time (300 ms): without the hold it would be done.
      await new Promise((r) => setTimeout(r, 600))
      const status = (await fal.queue.status(O3_T2I, { requestId: held.request_id, logs: false })) as QueueStatus & { queue_position?: number }
      expect(status.status).toBe('IN_QUEUE')
      expect(status.queue_position).toBeGreaterThanOrEqual(0)
      const answer = await callProxy(quick.proxyUrl, { method: 'PUT', target: `${urlOf(cancelled.request_id)}/cancel` })
      expect(await answer.json()).toEqual({ status: 'OK' })
      // The held job then runs its usual time and completes.
      const done = await fal.queue.subscribeToStatus(O3_T2I, { requestId: held.request_id, mode: 'polling', pollInterval: 50 })
      expect(done.status).toBe('COMPLETED')
      expect((await fal.queue.result(O3_T2I, { requestId: held.request_id })).data).toMatchObject({ images: [expect.objectContaining({ url: expect.any(String) })] })
    } finally {
      await quick.stop()
    }
  })
})

describe('cancel, as fal answers it', () => {
  it('queued: OK, the job never runs, status reads COMPLETED with an error and the result is refused', async () => {
    const fal = falClientFor(proxy.proxyUrl)
    const { request_id: requestId } = await fal.queue.submit(O3_T2I, { input: { prompt: 'Cancel me while queued' } })
    expect(await rawCancel(requestId)).toEqual({ http: 200, body: { status: 'OK' } })
    // The real client sees a plain success (it discards the body).
    await expect(fal.queue.cancel(O3_T2I, { requestId })).resolves.toBeUndefined()
    const status = (await fal.queue.status(O3_T2I, { requestId, logs: false })) as QueueStatus & { error?: string }
    expect(status).toMatchObject({ status: 'COMPLETED', error: 'Request was cancelled' })
    await expect(fal.queue.result(O3_T2I, { requestId })).rejects.toMatchObject({ status: 400, body: { detail: 'Request was cancelled' } })
    expect(await stateOf(requestId)).toBe('CANCELLED')
  })

  it('running, and the model stops: CANCELLATION_REQUESTED, then no result', async () => {
    await setFaults({ cancelRunning: 'stops' })
    const fal = falClientFor(proxy.proxyUrl)
    const { request_id: requestId } = await fal.queue.submit(O3_T2I, { input: { prompt: 'Stop me while running' } })
    await waitForStatus(requestId, 'IN_PROGRESS')
    expect(await rawCancel(requestId)).toEqual({ http: 202, body: { status: 'CANCELLATION_REQUESTED' } })
    // A repeated cancel gets the same answer.
    expect(await rawCancel(requestId)).toEqual({ http: 202, body: { status: 'CANCELLATION_REQUESTED' } })
    await fal.queue.subscribeToStatus(O3_T2I, { requestId, pollInterval: 30 })
    await expect(fal.queue.result(O3_T2I, { requestId })).rejects.toMatchObject({ status: 400, body: { detail: 'Request was cancelled' } })
    expect(await stateOf(requestId)).toBe('CANCELLED')
  })

  it('running, and the model completes anyway: CANCELLATION_REQUESTED, then the images (billed)', async () => {
    await setFaults({ cancelRunning: 'completes' })
    const fal = falClientFor(proxy.proxyUrl)
    const { request_id: requestId } = await fal.queue.submit(O3_T2I, { input: { prompt: 'Finish despite the cancel' } })
    await waitForStatus(requestId, 'IN_PROGRESS')
    expect(await rawCancel(requestId)).toEqual({ http: 202, body: { status: 'CANCELLATION_REQUESTED' } })
    await fal.queue.subscribeToStatus(O3_T2I, { requestId, pollInterval: 30 })
    const result = await fal.queue.result(O3_T2I, { requestId })
    expect((result.data as { images: unknown[] }).images).toHaveLength(1)
    expect(await stateOf(requestId)).toBe('COMPLETED')
    // Once done, a cancel is too late.
    expect(await rawCancel(requestId)).toEqual({ http: 400, body: { status: 'ALREADY_COMPLETED' } })
  })

  it('unknown: NOT_FOUND with 404, which the client throws as an ApiError carrying the body', async () => {
    const requestId = '00000000-0000-4000-8000-000000000000'
    expect(await rawCancel(requestId)).toEqual({ http: 404, body: { status: 'NOT_FOUND' } })
    const error = await falClientFor(proxy.proxyUrl).queue.cancel(O3_T2I, { requestId }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 404, body: { status: 'NOT_FOUND' } })
  })

  it('the fault plan refuses an unknown cancelRunning and a negative retention, naming the field', async () => {
    const res = await setOfflineFaults(proxy.url, { cancelRunning: 'maybe', retentionMs: -1 })
    expect(res.status).toBe(400)
    const { message } = (await res.json()) as { message: string }
    expect(message).toMatch(/cancelRunning/)
    expect(message).toMatch(/retentionMs/)
  })
})

describe('retention, as fal keeps results', () => {
  it('a result past its retention answers as an unknown request: 404 for status, result and cancel', async () => {
    const fast = await startTestProxy({ offlineLatencyMs: 100 })
    try {
      const fal = falClientFor(fast.proxyUrl)
      const { request_id: requestId } = await fal.queue.submit(O3_T2I, { input: { prompt: 'Kept, then gone' } })
      await fal.queue.subscribeToStatus(O3_T2I, { requestId, pollInterval: 20 })
      expect((await fal.queue.result(O3_T2I, { requestId })).requestId).toBe(requestId)
      // Shortened to nothing: the finished result is now past its retention.
      const set = await setOfflineFaults(fast.url, { retentionMs: 0 })
      expect(set.status).toBe(200)
      await expect(fal.queue.status(O3_T2I, { requestId, logs: false })).rejects.toMatchObject({ status: 404 })
      await expect(fal.queue.result(O3_T2I, { requestId })).rejects.toMatchObject({ status: 404, body: { detail: `Request ${requestId} not found` } })
      const cancel = await callProxy(fast.proxyUrl, { method: 'PUT', target: `${urlOf(requestId)}/cancel` })
      expect([cancel.status, await cancel.json()]).toEqual([404, { status: 'NOT_FOUND' }])
      expect((await offlineRequests(fast.url)).map((r) => r.state)).toEqual(['EXPIRED'])
    } finally {
      await fast.stop()
    }
  })

  it('a result still within its retention is served, and the plan cleared restores fal\'s hour', async () => {
    const fast = await startTestProxy({ offlineLatencyMs: 100, offlineFaults: { retentionMs: 60_000 } })
    try {
      const fal = falClientFor(fast.proxyUrl)
      const result = await fal.subscribe(O3_T2I, { input: { prompt: 'Still kept' }, pollInterval: 20 })
      expect((result.data as { images: unknown[] }).images).toHaveLength(1)
      expect((await offlineRequests(fast.url)).map((r) => r.state)).toEqual(['COMPLETED'])
    } finally {
      await fast.stop()
    }
  })
})
