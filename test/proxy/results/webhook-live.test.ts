// fal's webhook in live mode, through the real server against the fake fal, with a locally made Ed25519 key
// set served as fal's JWKS: a submit carries the webhook query; a signed delivery keeps the result, which the
// client gets after fal forgets the request; forged, unsigned, replayed and unknown-id deliveries keep
// nothing; without PUBLIC_URL there is neither query nor route.
import { afterEach, describe, expect, it } from 'vitest'

import { FAL_JWKS_URL } from '../../../src/proxy/results/jwks'
import { ResultKeeper } from '../../../src/proxy/results/result-keeper'
import { FOLLOW_MAX_AGE_MS, WEBHOOK_FIRST_CHECK_MS } from '../../../src/proxy/server'
import type { RequestStore } from '../../../src/proxy/store/proxy-store'
import { FAL_WEBHOOK_PATH } from '../../../src/proxy/results/webhook-route'
import { createFakeFal, type FakeFal } from '../fake-fal'
import { falClientFor, O3_T2I, QUEUE, startTestProxy, type TestProxy, testToken } from '../helpers'
import { jwksServer, makeSigningKey, signedDelivery, type Delivery } from './webhook-keys'

const FAL_KEY = 'test-only-fal-key-webhook-live'
const ALICE = testToken('alice-webhook-live')
const PUBLIC_URL = 'https://keyframe-proxy.example.com'
const FAL_KEYS = makeSigningKey('fal-test-key')
const FORGER = makeSigningKey('not-fal')

let proxy: TestProxy | undefined
afterEach(async () => {
  await proxy?.stop()
  proxy = undefined
})

const requestUrl = (id: string) => `${QUEUE}/fal-ai/kling-image/requests/${id}`
const IMAGES = { images: [{ url: 'https://v3.fal.media/files/hooked.png', width: 1024, height: 1024, content_type: 'image/png' }] }

async function start(fake: FakeFal, publicUrl: string | null = PUBLIC_URL, extra: { rateLimitPerMinute?: number } = {}): Promise<TestProxy> {
  const jwks = jwksServer(() => [FAL_KEYS])
  proxy = await startTestProxy({
    ...extra,
    falKey: FAL_KEY,
    tokens: [ALICE],
    ...(publicUrl ? { publicUrl } : {}),
    // Following on, fast: a request with a webhook must still not be polled before WEBHOOK_FIRST_CHECK_MS.
    followIntervalMs: 20,
    upstreamFetch: (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      return url === FAL_JWKS_URL ? jwks.fetch(input) : fake.fetch(input, init)
    }
  })
  return proxy
}

function deliver(running: TestProxy, delivery: Delivery): Promise<Response> {
  return fetch(`${running.url}${FAL_WEBHOOK_PATH}`, { method: 'POST', headers: delivery.headers, body: new Uint8Array(delivery.body) })
}

function okDelivery(requestId: string, key = FAL_KEYS, payload: unknown = IMAGES): Delivery {
  const body = JSON.stringify({ request_id: requestId, gateway_request_id: requestId, status: 'OK', payload, error: null })
  return signedDelivery(key, body, { requestId })
}

/** fal forgets everything about the request: every call answers 404. */
function falForgets(fake: FakeFal): void {
  fake.answer = (url) => (url.startsWith(requestUrl('')) ? Response.json({ detail: 'Request not found' }, { status: 404 }) : undefined)
}

const queueCalls = (fake: FakeFal) => fake.calls.filter((c) => c.url.startsWith(requestUrl('')))

describe("fal's webhook, live", () => {
  it('a submit reaches fal with the webhook query; a signed delivery is kept and served after fal forgets', async () => {
    const fake = createFakeFal()
    const running = await start(fake)
    const alice = falClientFor(running.proxyUrl, ALICE)
    const { request_id: requestId } = await alice.queue.submit(O3_T2I, { input: { prompt: 'hooked' } })

    const submit = fake.calls.find((c) => c.method === 'POST')
    expect(submit?.url).toBe(`${QUEUE}/${O3_T2I}?fal_webhook=${encodeURIComponent(`${PUBLIC_URL}${FAL_WEBHOOK_PATH}`)}`)

    const res = await deliver(running, okDelivery(requestId))
    expect(res.status).toBe(200)
    falForgets(fake)
    const result = await alice.queue.result(O3_T2I, { requestId })
    expect(result.data).toEqual(IMAGES)
    expect((await alice.queue.status(O3_T2I, { requestId, logs: false })).status).toBe('COMPLETED')
    // Nothing about the request reached fal's queue: the keeper waits minutes before its first poll,
    // and the client's calls were answered from the store.
    expect(queueCalls(fake)).toEqual([])
  })

  it('a forged or unsigned delivery is refused with 401 and keeps nothing', async () => {
    const fake = createFakeFal()
    const running = await start(fake)
    const alice = falClientFor(running.proxyUrl, ALICE)
    const { request_id: requestId } = await alice.queue.submit(O3_T2I, { input: { prompt: 'forged' } })

    const forged = await deliver(running, okDelivery(requestId, FORGER, { images: [{ url: 'https://evil.example/x.png' }] }))
    expect(forged.status).toBe(401)
    const genuine = okDelivery(requestId)
    const unsigned = await fetch(`${running.url}${FAL_WEBHOOK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(genuine.body) })
    expect(unsigned.status).toBe(401)
    // A genuine delivery's headers on another body: the signature covers the body.
    const tampered = await deliver(running, { headers: genuine.headers, body: Buffer.from(genuine.body.toString().replace('hooked.png', 'swapped.png')) })
    expect(tampered.status).toBe(401)

    falForgets(fake)
    const answer = await fetch(running.proxyUrl, { headers: { authorization: `Bearer ${ALICE}`, 'x-fal-target-url': requestUrl(requestId) } })
    // Nothing was kept: the result call is forwarded, and fal's 404 comes back.
    expect(answer.status).toBe(404)
  })

  it('forged deliveries from the one address everyone shares run out its bucket (429), and a genuine one still gets through', async () => {
    const fake = createFakeFal()
    // Two a minute: the submit and the result call fit alice's bucket; the webhook bucket holds two forgeries.
    const running = await start(fake, PUBLIC_URL, { rateLimitPerMinute: 2 })
    const alice = falClientFor(running.proxyUrl, ALICE)
    const { request_id: requestId } = await alice.queue.submit(O3_T2I, { input: { prompt: 'limited' } })

    // Every test request comes from 127.0.0.1, as every delivery does behind a load balancer.
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await deliver(running, okDelivery(requestId, FORGER))).status)
    expect(statuses).toEqual([401, 401, 429, 429])
    const limited = await deliver(running, okDelivery(requestId, FORGER))
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    // An unsigned one (refused before its body is read) is counted and limited the same way.
    const unsigned = okDelivery(requestId)
    unsigned.headers.delete('x-fal-webhook-signature')
    expect((await deliver(running, unsigned)).status).toBe(429)

    // fal's genuine delivery, and its retry, are never limited.
    expect((await deliver(running, okDelivery(requestId))).status).toBe(200)
    expect((await deliver(running, okDelivery(requestId))).status).toBe(200)
    falForgets(fake)
    expect((await alice.queue.result(O3_T2I, { requestId })).data).toEqual(IMAGES)
  })

  it('a replayed delivery changes nothing: the first kept result stands', async () => {
    const fake = createFakeFal()
    const running = await start(fake)
    const alice = falClientFor(running.proxyUrl, ALICE)
    const { request_id: requestId } = await alice.queue.submit(O3_T2I, { input: { prompt: 'replayed' } })
    const first = okDelivery(requestId)
    expect((await deliver(running, first)).status).toBe(200)
    // The same delivery again (fal's retry, or someone replaying it), then a second genuine one with another payload.
    expect((await deliver(running, first)).status).toBe(200)
    expect((await deliver(running, okDelivery(requestId, FAL_KEYS, { images: [{ url: 'https://v3.fal.media/files/other.png' }] }))).status).toBe(200)
    falForgets(fake)
    expect((await alice.queue.result(O3_T2I, { requestId })).data).toEqual(IMAGES)
  })

  it('a delivery for an id the proxy never bound is answered 200 and keeps nothing', async () => {
    const fake = createFakeFal()
    const running = await start(fake)
    const res = await deliver(running, okDelivery('req-never-bound'))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
    expect(running.logs.some((line) => line.includes('req-never-bound') && line.includes('ignored'))).toBe(true)
    // Nothing was bound or kept for that id: the fal route answers as for any id it does not know.
    falForgets(fake)
    const answer = await fetch(running.proxyUrl, { headers: { authorization: `Bearer ${ALICE}`, 'x-fal-target-url': requestUrl('req-never-bound') } })
    expect(answer.status).toBe(404)
    expect(await answer.json()).toMatchObject({ code: 'unknown_request' })
  })

  it('an ERROR delivery keeps fal\'s error details with the status its message names', async () => {
    const fake = createFakeFal()
    const running = await start(fake)
    const alice = falClientFor(running.proxyUrl, ALICE)
    const { request_id: requestId } = await alice.queue.submit(O3_T2I, { input: { prompt: 'fails' } })
    const details = { detail: [{ loc: ['body', 'prompt'], msg: 'prompt was refused', type: 'value_error' }] }
    const body = JSON.stringify({ request_id: requestId, status: 'ERROR', payload: details, error: 'Invalid status code: 422' })
    expect((await deliver(running, signedDelivery(FAL_KEYS, body, { requestId }))).status).toBe(200)
    falForgets(fake)
    const answer = await fetch(running.proxyUrl, { headers: { authorization: `Bearer ${ALICE}`, 'x-fal-target-url': requestUrl(requestId) } })
    expect(answer.status).toBe(422)
    expect(await answer.json()).toEqual(details)
  })

  it('the keeper polls a webhook request only once it is WEBHOOK_FIRST_CHECK_MS old (the backstop)', async () => {
    const record = { requestId: 'req-slow', token: 't', endpoint: O3_T2I, at: 1_000_000, booking: null, refunded: false }
    const kept: string[] = []
    const requests = {
      leaseToFollow: async () => (kept.length ? [] : [record]),
      keepResult: async (id: string) => void kept.push(id),
      endFollowing: async () => undefined
    } as unknown as RequestStore
    const asked: string[] = []
    const reader = {
      status: async (id: string) => (asked.push(id), { kind: 'completed' as const }),
      result: async () => ({ kind: 'result' as const, status: 200, body: JSON.stringify(IMAGES) })
    }
    let now = record.at + WEBHOOK_FIRST_CHECK_MS - 1
    const keeper = new ResultKeeper({ requests, reader, intervalMs: 20, concurrency: 4, maxAgeMs: FOLLOW_MAX_AGE_MS, firstCheckAfterMs: WEBHOOK_FIRST_CHECK_MS, now: () => now })
    expect(await keeper.round()).toBe(1)
    expect(asked).toEqual([])
    now = record.at + WEBHOOK_FIRST_CHECK_MS
    await keeper.round()
    expect(asked).toEqual(['req-slow'])
    expect(kept).toEqual(['req-slow'])
  })

  it('without PUBLIC_URL nothing changes: no query on the submit, and no webhook route (404)', async () => {
    const fake = createFakeFal()
    const running = await start(fake, null)
    const alice = falClientFor(running.proxyUrl, ALICE)
    const { request_id: requestId } = await alice.queue.submit(O3_T2I, { input: { prompt: 'no hook' } })
    expect(fake.calls.find((c) => c.method === 'POST')?.url).toBe(`${QUEUE}/${O3_T2I}`)
    const res = await deliver(running, okDelivery(requestId))
    expect(res.status).toBe(404)
  })
})
