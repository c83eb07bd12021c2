// The result keeper in live mode, against the fake fal: it follows a forwarded request and keeps its
// result, so the client still gets it once fal answers 404; a request fal reports gone is ended, not
// polled forever; a running one is asked again each round; and another token cannot read a kept result.
import { afterEach, describe, expect, it } from 'vitest'

import { createFakeFal, type FakeFal } from '../fake-fal'
import { callProxy, falClientFor, O3_T2I, QUEUE, sleep, startTestProxy, type TestProxy, testToken } from '../helpers'

const FAL_KEY = 'test-only-fal-key-kept-live'
const ALICE = testToken('alice-kept-live')
const BOB = testToken('bob-kept-live')

let proxy: TestProxy | undefined
afterEach(async () => {
  await proxy?.stop()
  proxy = undefined
})

async function start(fake: FakeFal, followIntervalMs = 20): Promise<TestProxy> {
  proxy = await startTestProxy({ falKey: FAL_KEY, tokens: [ALICE, BOB], upstreamFetch: (i, init) => fake.fetch(i, init), followIntervalMs })
  return proxy
}

const requestUrl = (id: string) => `${QUEUE}/fal-ai/kling-image/requests/${id}`
const callsTo = (fake: FakeFal, url: string) => fake.calls.filter((c) => c.method === 'GET' && c.url === url).length

async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await check()
    if (value !== undefined) return value
    await sleep(15)
  }
  throw new Error(`gave up waiting for ${what}`)
}

describe('the result keeper, live', () => {
  it('keeps a result fal then forgets: the client still gets it; another token gets 403', async () => {
    const fake = createFakeFal()
    // After fal has answered the keeper its result once, it forgets the request, as after its retention.
    let resultsAnswered = 0
    fake.answer = (url) => {
      if (!url.startsWith(requestUrl('req-1'))) return undefined
      if (url === requestUrl('req-1') && resultsAnswered++ === 0) return undefined
      if (url.endsWith('/status') && resultsAnswered === 0) return undefined
      return Response.json({ detail: 'Request req-1 not found' }, { status: 404 })
    }
    const running = await start(fake)
    const alice = falClientFor(running.proxyUrl, ALICE)
    const { request_id: requestId } = await alice.queue.submit(O3_T2I, { input: { prompt: 'kept live' } })
    expect(requestId).toBe('req-1')
    await until('the keeper to fetch the result', () => (resultsAnswered > 0 ? true : undefined))
    // fal answers 404 to everything about req-1 now; the client's status and result come from the store.
    const status = await until('the kept status', () => alice.queue.status(O3_T2I, { requestId, logs: true }).catch(() => undefined))
    expect(status).toMatchObject({ status: 'COMPLETED', request_id: requestId, logs: [] })
    const result = await alice.queue.result(O3_T2I, { requestId })
    expect(result.data).toEqual({ images: [expect.objectContaining({ url: 'https://v3.fal.media/files/out.png', width: 1024 })] })
    // The keeper fetched it once; nothing the client did after reached fal's result.
    expect(callsTo(fake, requestUrl('req-1'))).toBe(1)
    expect(fake.calls.filter((c) => c.url.startsWith(requestUrl('req-1'))).every((c) => c.headers.authorization === `Key ${FAL_KEY}`)).toBe(true)

    const bob = await callProxy(running.proxyUrl, { method: 'GET', target: requestUrl(requestId), token: BOB })
    expect(bob.status).toBe(403)
    expect(await bob.json()).toMatchObject({ code: 'not_your_request' })
    const bobStatus = await callProxy(running.proxyUrl, { method: 'GET', target: `${requestUrl(requestId)}/status`, token: BOB })
    expect(bobStatus.status).toBe(403)
  })

  it('a request fal reports gone is ended, not polled again; a running one is asked every round', async () => {
    const fake = createFakeFal()
    fake.answer = (url) => {
      if (url === `${requestUrl('req-1')}/status`) return Response.json({ detail: 'Request req-1 not found' }, { status: 404 })
      if (url === `${requestUrl('req-2')}/status`) return Response.json({ status: 'IN_PROGRESS', request_id: 'req-2' }, { status: 202 })
      return undefined
    }
    const running = await start(fake)
    const alice = falClientFor(running.proxyUrl, ALICE)
    await alice.queue.submit(O3_T2I, { input: { prompt: 'gone' } })
    await alice.queue.submit(O3_T2I, { input: { prompt: 'still running' } })
    // Many rounds: the running request has been asked about five times since.
    await until('five rounds', () => (callsTo(fake, `${requestUrl('req-2')}/status`) >= 5 ? true : undefined))
    expect(callsTo(fake, `${requestUrl('req-1')}/status`)).toBe(1)
    // Neither result was fetched: one is gone, the other not done.
    expect(callsTo(fake, requestUrl('req-1')) + callsTo(fake, requestUrl('req-2'))).toBe(0)
    // The plugin asking about the gone one is forwarded as before (nothing kept): fal's 404.
    const status = await callProxy(running.proxyUrl, { method: 'GET', target: `${requestUrl('req-1')}/status`, token: ALICE })
    expect(status.status).toBe(404)
  })

  it('fal unavailable (503) is asked again next round, and the result is kept once fal answers', async () => {
    const fake = createFakeFal()
    let failures = 3
    fake.answer = (url) => (url.endsWith('/status') && failures-- > 0 ? Response.json({ detail: 'overloaded' }, { status: 503 }) : undefined)
    const running = await start(fake)
    const alice = falClientFor(running.proxyUrl, ALICE)
    const { request_id: requestId } = await alice.queue.submit(O3_T2I, { input: { prompt: 'fal was busy' } })
    await until('the keeper to fetch the result', () => (callsTo(fake, requestUrl(requestId)) > 0 ? true : undefined))
    expect(callsTo(fake, `${requestUrl(requestId)}/status`)).toBe(4)
    fake.answer = () => Response.json({ detail: 'Request not found' }, { status: 404 })
    const result = await until('the kept result', () => alice.queue.result(O3_T2I, { requestId }).catch(() => undefined))
    expect(result.data).toMatchObject({ images: [{ width: 1024 }] })
  })

  it('a result the plugin fetched first is kept from that answer and never fetched again', async () => {
    const fake = createFakeFal()
    // Following off: only the plugin's own result call can have kept it.
    const running = await start(fake, 0)
    const alice = falClientFor(running.proxyUrl, ALICE)
    const { request_id: requestId } = await alice.queue.submit(O3_T2I, { input: { prompt: 'fetched by the plugin' } })
    expect((await alice.queue.result(O3_T2I, { requestId })).data).toMatchObject({ images: [{ width: 1024 }] })
    fake.answer = () => Response.json({ detail: 'Request not found' }, { status: 404 })
    // Served again although fal forgot it, and the status says COMPLETED.
    expect((await alice.queue.result(O3_T2I, { requestId })).data).toMatchObject({ images: [{ width: 1024 }] })
    expect((await alice.queue.status(O3_T2I, { requestId, logs: false })).status).toBe('COMPLETED')
    expect(callsTo(fake, requestUrl(requestId))).toBe(1)
  })
})
