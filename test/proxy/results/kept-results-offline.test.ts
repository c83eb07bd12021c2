// The proxy keeps a paid result past fal's retention, offline, through the real server and the real
// @fal-ai/client: the client submits and goes away, the proxy restarts before the job is done, the keeper
// of the restarted proxy follows the job and keeps its result, fal's (shortened) retention passes, and
// the client that comes back still gets COMPLETED and every image.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { callProxy, fetchBytes, falClientFor, O3_T2I, offlineRequests, QUEUE, sleep, startTestProxy, type TestProxy, testToken } from '../helpers'

const TOKEN = testToken('alice-kept-offline')
const OTHER = testToken('bob-kept-offline')
const ADMIN = testToken('admin-kept-offline')

let proxy: TestProxy | undefined
let dataDir = ''
afterEach(async () => {
  await proxy?.stop(true)
  proxy = undefined
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

async function start(port: number, followIntervalMs: number): Promise<TestProxy> {
  proxy = await startTestProxy({
    dataDir,
    port,
    tokens: [TOKEN, OTHER],
    adminTokens: [ADMIN],
    offlineLatencyMs: 600,
    // fal keeps a result an hour; here a quarter of a second after the job ends.
    offlineFaults: { retentionMs: 250 },
    followIntervalMs
  })
  return proxy
}

/** Polls `check` until it answers something, a bounded number of times. */
async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await check()
    if (value !== undefined) return value
    await sleep(25)
  }
  throw new Error(`gave up waiting for ${what}`)
}

describe('results the proxy keeps (offline)', () => {
  it('a job submitted, the client gone, the proxy restarted: after fal forgot it the client still gets COMPLETED and every image', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'keyframe-kept-offline-'))
    // Following off in the first run: whatever is kept, the restarted proxy's keeper kept.
    const first = await start(0, 0)
    const port = Number(new URL(first.url).port)
    const fal = falClientFor(first.proxyUrl, TOKEN)
    const { request_id: requestId } = await fal.queue.submit(O3_T2I, { input: { prompt: 'kept overnight', num_images: 2 } as never })
    await first.stop(true)
    proxy = undefined

    // The same address (the kept result names it in its image URLs), following every 40 ms.
    const second = await start(port, 40)
    // fal's retention has passed: the offline fal no longer knows the request.
    await until('the offline fal to forget the request', async () =>
      (await offlineRequests(second.url, ADMIN)).every((r) => r.state === 'EXPIRED') ? true : undefined
    )

    const back = falClientFor(second.proxyUrl, TOKEN)
    expect(await back.queue.status(O3_T2I, { requestId, logs: false })).toMatchObject({ status: 'COMPLETED', request_id: requestId })
    const result = await back.queue.result(O3_T2I, { requestId })
    expect(result.requestId).toBe(requestId)
    const images = (result.data as { images: { url: string; width: number }[] }).images
    expect(images).toHaveLength(2)
    for (const image of images) expect((await fetchBytes(image.url)).subarray(1, 4).toString()).toBe('PNG')
    // Another token cannot read it, kept or not.
    const other = await callProxy(second.proxyUrl, { method: 'GET', target: `${QUEUE}/fal-ai/kling-image/requests/${requestId}`, token: OTHER })
    expect(other.status).toBe(403)
    expect(await other.json()).toMatchObject({ code: 'not_your_request' })
  })

  it('a status stream of a kept request is one COMPLETED event, and a cancel answers ALREADY_COMPLETED', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'keyframe-kept-offline-'))
    const running = await start(0, 40)
    const fal = falClientFor(running.proxyUrl, TOKEN)
    const { request_id: requestId } = await fal.queue.submit(O3_T2I, { input: { prompt: 'kept, then asked' } })
    await until('the offline fal to forget the request', async () =>
      (await offlineRequests(running.url, ADMIN)).every((r) => r.state === 'EXPIRED') ? true : undefined
    )
    const base = `${QUEUE}/fal-ai/kling-image/requests/${requestId}`
    const stream = await callProxy(running.proxyUrl, { method: 'GET', target: `${base}/status/stream?logs=1`, token: TOKEN })
    expect(stream.headers.get('content-type')).toBe('text/event-stream')
    const events = (await stream.text()).split('\n\n').filter(Boolean)
    expect(events.map((e) => JSON.parse(e.replace(/^data: /, '')))).toEqual([
      { status: 'COMPLETED', request_id: requestId, response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel`, logs: [] }
    ])
    const cancel = await callProxy(running.proxyUrl, { method: 'PUT', target: `${base}/cancel`, token: TOKEN })
    expect([cancel.status, await cancel.json()]).toEqual([400, { status: 'ALREADY_COMPLETED' }])
  })
})
