// KEEP_MEDIA_DAYS: the team's media lifecycle reaches fal on live submits, in place of whatever the client
// sends, and on no other call (docs.fal.ai/documentation/model-apis/media-expiration names the header).
import { afterEach, describe, expect, it } from 'vitest'

import { MAX_KEEP_MEDIA_DAYS, optionsFromEnv, resolveOptions } from '../../src/proxy/config'
import { createFakeFal, type FakeFal } from './fake-fal'
import { callProxy, falClientFor, O3_T2I, QUEUE, startTestProxy, type TestProxy, testToken } from './helpers'

const FAL_KEY = 'test-only-fal-key-lifecycle'
const TOKEN = testToken('alice-lifecycle')
const HEADER = 'x-fal-object-lifecycle-preference'

let proxy: TestProxy | undefined
afterEach(async () => {
  await proxy?.stop()
  proxy = undefined
})

async function start(keepMediaDays?: number): Promise<FakeFal> {
  const fal = createFakeFal()
  proxy = await startTestProxy({ falKey: FAL_KEY, tokens: [TOKEN], upstreamFetch: (i, init) => fal.fetch(i, init), keepMediaDays })
  return fal
}

describe('KEEP_MEDIA_DAYS on live submits', () => {
  it('sends fal the lifecycle header with the days in seconds on the submit, and not on status or result', async () => {
    const fal = await start(7)
    const client = falClientFor(proxy!.proxyUrl, TOKEN)
    const result = await client.subscribe(O3_T2I, { input: { prompt: 'kept a week' }, pollInterval: 10 })
    const calls = fal.calls.map((c) => `${c.method} ${c.url}`)
    expect(calls).toEqual([
      `POST ${QUEUE}/${O3_T2I}`,
      `GET ${QUEUE}/fal-ai/kling-image/requests/${result.requestId}/status?logs=0`,
      `GET ${QUEUE}/fal-ai/kling-image/requests/${result.requestId}`
    ])
    expect(JSON.parse(fal.calls[0]!.headers[HEADER]!)).toEqual({ expiration_duration_seconds: 7 * 86400 })
    expect(fal.calls.slice(1).map((c) => c.headers[HEADER])).toEqual([undefined, undefined])
  })

  it("wins over the client's own value on a submit, and drops the client's on other calls", async () => {
    const fal = await start(30)
    const clientValue = JSON.stringify({ expiration_duration_seconds: 60 })
    const submit = await callProxy(proxy!.proxyUrl, { token: TOKEN, target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'mine' }, headers: { [HEADER]: clientValue } })
    expect(submit.status).toBe(200)
    const { request_id } = (await submit.json()) as { request_id: string }
    const status = await callProxy(proxy!.proxyUrl, {
      method: 'GET',
      token: TOKEN,
      target: `${QUEUE}/fal-ai/kling-image/requests/${request_id}/status`,
      headers: { [HEADER]: clientValue }
    })
    expect(status.status).toBe(200)
    expect(fal.calls).toHaveLength(2)
    expect(JSON.parse(fal.calls[0]!.headers[HEADER]!)).toEqual({ expiration_duration_seconds: 30 * 86400 })
    expect(fal.calls[1]!.headers[HEADER]).toBeUndefined()
  })

  it('unset: sends no lifecycle of its own, and passes the client\'s through as before', async () => {
    const fal = await start(undefined)
    const clientValue = JSON.stringify({ expiration_duration_seconds: 3600 })
    await callProxy(proxy!.proxyUrl, { token: TOKEN, target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'plain' } })
    await callProxy(proxy!.proxyUrl, { token: TOKEN, target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'client asks' }, headers: { [HEADER]: clientValue } })
    expect(fal.calls.map((c) => c.headers[HEADER])).toEqual([undefined, clientValue])
  })
})

describe('KEEP_MEDIA_DAYS setting', () => {
  it('reads whole days from the environment', () => {
    expect(optionsFromEnv({ KEEP_MEDIA_DAYS: ' 14 ' }).keepMediaDays).toBe(14)
    expect(optionsFromEnv({}).keepMediaDays).toBeUndefined()
    expect(() => optionsFromEnv({ KEEP_MEDIA_DAYS: 'a week' })).toThrow(/KEEP_MEDIA_DAYS must be a whole number/)
  })

  it(`refuses 0, fractions and more than ${MAX_KEEP_MEDIA_DAYS} days, naming the range`, () => {
    for (const bad of [0, 1.5, MAX_KEEP_MEDIA_DAYS + 1]) {
      expect(() => resolveOptions({ keepMediaDays: bad })).toThrow(`KEEP_MEDIA_DAYS must be a whole number of days from 1 to ${MAX_KEEP_MEDIA_DAYS}`)
    }
    expect(resolveOptions({ keepMediaDays: MAX_KEEP_MEDIA_DAYS }).keepMediaDays).toBe(MAX_KEEP_MEDIA_DAYS)
    expect(resolveOptions({ keepMediaDays: 1 }).keepMediaDays).toBe(1)
  })
})
