// Limits at the edge of the fal route, through the real server (live mode against the fake fal, where
// it matters what reached fal): submits have their own small allowance per token, polling keeps its own;
// wrong tokens are throttled across all source addresses without holding back right ones; storage
// initiates (reference uploads) have a daily allowance per token.
import type { Context } from 'hono'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { optionsFromEnv, resolveOptions } from '../../src/proxy/config'
import { EdgeLimits } from '../../src/proxy/edge-limits'
import { MemoryCounterStore } from '../../src/proxy/store/files/counter-store'
import { createFakeFal, type FakeFal } from './fake-fal'
import { callProxy, O3_T2I, QUEUE, rawHttp, startTestProxy, type TestProxy, testToken } from './helpers'

const FAL_KEY = 'test-only-fal-key-edge-limits'
const ALICE = testToken('alice-edge')
const BOB = testToken('bob-edge')
const SUBMIT = `${QUEUE}/${O3_T2I}`
const STATUS = `${QUEUE}/fal-ai/kling-image/requests/req-1/status`
const INITIATE = 'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3'

// A call's context: only its socket address is read (when the proxy has no tokens).
const fakeContext = { env: {} } as unknown as Context

const running: TestProxy[] = []
afterEach(async () => {
  vi.useRealTimers()
  while (running.length) await running.pop()!.stop()
})

async function liveProxy(options: Parameters<typeof startTestProxy>[0]): Promise<{ proxy: TestProxy; fal: FakeFal }> {
  const fal = createFakeFal()
  const proxy = await startTestProxy({ falKey: FAL_KEY, tokens: [ALICE, BOB], upstreamFetch: (i, init) => fal.fetch(i, init), ...options })
  running.push(proxy)
  return { proxy, fal }
}

const submit = (proxy: TestProxy, token: string) => callProxy(proxy.proxyUrl, { token, target: SUBMIT, body: { prompt: 'a lighthouse at dusk' } })
const poll = (proxy: TestProxy, token: string) => callProxy(proxy.proxyUrl, { method: 'GET', token, target: STATUS })
const initiate = (proxy: TestProxy, token: string) =>
  callProxy(proxy.proxyUrl, { token, target: INITIATE, body: { content_type: 'image/png', file_name: 'ref.png' } })

describe('submit rate limit', () => {
  it('a token over its submits a minute gets 429 with Retry-After and a message, and fal never sees the extra submits', async () => {
    // The allowance is counted per calendar minute (shared by instances through the store's counters):
    // the clock is held mid-minute so the count cannot roll over between submits.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-11-27T10:00:30.000Z') })
    const { proxy, fal } = await liveProxy({ submitRateLimitPerMinute: 3 })
    const statuses: number[] = []
    let refused: Response | undefined
    for (let i = 0; i < 5; i++) {
      const res = await submit(proxy, ALICE)
      statuses.push(res.status)
      if (res.status === 429) refused ??= res
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    expect(fal.calls.filter((c) => c.method === 'POST')).toHaveLength(3)
    const retryAfter = Number(refused!.headers.get('retry-after'))
    expect(retryAfter).toBe(30) // the rest of the minute
    expect(await refused!.json()).toEqual({
      message: `Too many submits from this token: more than 3 a minute reached this proxy. Wait ${retryAfter} s before generating again.`,
      code: 'rate_limited',
      retry_after_seconds: retryAfter,
      keyframe_charge: 'none'
    })
    // Polling is not held back by the submit limit, and Bob has his own allowance.
    expect((await poll(proxy, ALICE)).status).toBe(200)
    expect((await submit(proxy, BOB)).status).toBe(200)
  })

  it('polling keeps its own, larger limit', async () => {
    const { proxy } = await liveProxy({ submitRateLimitPerMinute: 3, rateLimitPerMinute: 6 })
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await poll(proxy, ALICE)).status)
    // 404: past the limits, for an id this proxy never handed out (answered without asking fal).
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 429, 429])
    const res = await poll(proxy, ALICE)
    expect(((await res.json()) as { message: string }).message).toMatch(/^Too many requests from this token: more than 6 a minute/)
  })

  it('SUBMIT_RATE_LIMIT_PER_MINUTE is read from the environment, 10 by default', () => {
    expect(resolveOptions(optionsFromEnv({})).submitRateLimitPerMinute).toBe(10)
    expect(resolveOptions(optionsFromEnv({ SUBMIT_RATE_LIMIT_PER_MINUTE: '4' })).submitRateLimitPerMinute).toBe(4)
    expect(() => optionsFromEnv({ SUBMIT_RATE_LIMIT_PER_MINUTE: 'few' })).toThrow('SUBMIT_RATE_LIMIT_PER_MINUTE must be a whole number, got "few"')
    expect(() => resolveOptions({ submitRateLimitPerMinute: -1 })).toThrow('SUBMIT_RATE_LIMIT_PER_MINUTE must be a whole number (0 turns it off), got "-1"')
  })
})

describe('wrong tokens, across all addresses', () => {
  // Linux routes all of 127.0.0.0/8 to loopback, so each guess can come from an address of its own.
  const from = (i: number) => `127.0.${Math.floor(i / 250)}.${(i % 250) + 2}`
  const guess = (proxy: TestProxy, i: number) =>
    rawHttp(proxy.proxyUrl, {
      path: '/api/fal/proxy',
      headers: { host: new URL(proxy.url).host, authorization: `Bearer guess-${i}`, 'x-fal-target-url': STATUS },
      localAddress: from(i)
    })

  it('rotating source addresses does not get past the global budget: 429 once it is spent', async () => {
    const { proxy, fal } = await liveProxy({ wrongTokenLimitPerMinute: 5 })
    const answers = []
    for (let i = 0; i < 12; i++) answers.push(await guess(proxy, i))
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429, 429, 429])
    const cut = answers[5]!
    expect(Number(cut.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect((JSON.parse(cut.body) as { message: string }).message).toMatch(
      /^Too many requests with a wrong access token reached this proxy \(more than 5 a minute from all addresses together\)\. Wait \d+ s, and check the token in the plugin settings\.$/
    )
    expect(fal.calls).toHaveLength(0)
  })

  it('a flood of wrong tokens does not lock out a teammate with a right one, from any address', async () => {
    const { proxy, fal } = await liveProxy({ wrongTokenLimitPerMinute: 5 })
    const flood = Array.from({ length: 60 }, (_, i) => guess(proxy, i))
    const alice = Array.from({ length: 10 }, (_, i) =>
      rawHttp(proxy.proxyUrl, {
        path: '/api/fal/proxy',
        headers: { host: new URL(proxy.url).host, authorization: `Bearer ${ALICE}`, 'x-fal-target-url': STATUS },
        localAddress: from(i) // even from an address the flood also uses
      })
    )
    const [bad, good] = await Promise.all([Promise.all(flood), Promise.all(alice)])
    expect(bad.filter((a) => a.status === 429)).toHaveLength(55)
    // Past every gate: the proxy itself answers for an id it never handed out, so nothing reaches fal.
    expect(good.map((a) => a.status)).toEqual(Array(10).fill(404))
    expect(fal.calls).toHaveLength(0)
  })

  it('WRONG_TOKEN_LIMIT_PER_MINUTE is read from the environment, 60 by default', () => {
    expect(resolveOptions(optionsFromEnv({})).wrongTokenLimitPerMinute).toBe(60)
    expect(resolveOptions(optionsFromEnv({ WRONG_TOKEN_LIMIT_PER_MINUTE: '0' })).wrongTokenLimitPerMinute).toBe(0)
  })
})

describe('reference uploads per token per day', () => {
  it('past the day\'s allowance an initiate is 429 with a message and never reaches fal; another token still uploads', async () => {
    const { proxy, fal } = await liveProxy({ uploadsPerDay: 2 })
    expect((await initiate(proxy, ALICE)).status).toBe(200)
    expect((await initiate(proxy, ALICE)).status).toBe(200)
    const refused = await initiate(proxy, ALICE)
    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(24 * 60 * 60)
    const body = (await refused.json()) as { message: string; code: string }
    expect(body.code).toBe('upload_quota')
    expect(body.message).toMatch(/^This token has started 2 reference uploads today, the most this proxy allows a day\. Uploads open again at midnight UTC, in \d+ h \d+ min;/)
    expect(fal.calls.filter((c) => c.url === INITIATE)).toHaveLength(2)
    expect((await initiate(proxy, BOB)).status).toBe(200)
  })

  it('offline mode counts the same way', async () => {
    const proxy = await startTestProxy({ tokens: [ALICE], uploadsPerDay: 1 })
    running.push(proxy)
    expect((await initiate(proxy, ALICE)).status).toBe(200)
    expect((await initiate(proxy, ALICE)).status).toBe(429)
  })

  it('the count starts again at midnight UTC, with Retry-After until then; 0 turns it off', async () => {
    let now = Date.UTC(2026, 10, 27, 23, 59, 0)
    const settings = { rateLimitPerMinute: 0, submitRateLimitPerMinute: 0, wrongTokenLimitPerMinute: 0, uploadsPerDay: 2 }
    const limits = new EdgeLimits(settings, new MemoryCounterStore(), () => now)
    const take = (token: string) => limits.call(fakeContext, 'storage-initiate', token, true)
    expect(await take('a')).toBeUndefined()
    expect(await take('a')).toBeUndefined()
    const refused = await take('a')
    expect(refused?.status).toBe(429)
    expect(refused?.headers.get('retry-after')).toBe('60')
    expect(await refused?.json()).toMatchObject({ code: 'upload_quota' })
    expect(await take('b')).toBeUndefined()
    now = Date.UTC(2026, 10, 28, 0, 0, 0)
    expect(await take('a')).toBeUndefined()
    const off = new EdgeLimits({ ...settings, uploadsPerDay: 0 }, new MemoryCounterStore(), () => now)
    for (let i = 0; i < 5; i++) expect(await off.call(fakeContext, 'storage-initiate', 'a', true)).toBeUndefined()
  })

  it('submits a minute count per calendar minute: refused with Retry-After to the next minute, then allowed again', async () => {
    let now = Date.UTC(2026, 10, 27, 10, 0, 15)
    const settings = { rateLimitPerMinute: 0, submitRateLimitPerMinute: 2, wrongTokenLimitPerMinute: 0, uploadsPerDay: 0 }
    const limits = new EdgeLimits(settings, new MemoryCounterStore(), () => now)
    const take = () => limits.call(fakeContext, 'submit', 'a', true)
    expect(await take()).toBeUndefined()
    expect(await take()).toBeUndefined()
    const refused = await take()
    expect(refused?.status).toBe(429)
    expect(refused?.headers.get('retry-after')).toBe('45')
    now = Date.UTC(2026, 10, 27, 10, 1, 0)
    expect(await take()).toBeUndefined()
  })

  it('UPLOADS_PER_DAY is read from the environment, 500 by default', () => {
    expect(resolveOptions(optionsFromEnv({})).uploadsPerDay).toBe(500)
    expect(resolveOptions(optionsFromEnv({ UPLOADS_PER_DAY: '50' })).uploadsPerDay).toBe(50)
    expect(() => optionsFromEnv({ UPLOADS_PER_DAY: 'lots' })).toThrow('UPLOADS_PER_DAY must be a whole number, got "lots"')
  })

  it('offline, a chunked body with no length is cut at the size limit too: 413, and nothing is served', async () => {
    const proxy = await startTestProxy({ tokens: [ALICE], maxUploadBytes: 64 * 1024 })
    running.push(proxy)
    const { upload_url, file_url } = (await (await initiate(proxy, ALICE)).json()) as { upload_url: string; file_url: string }
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 256 * 1024) return controller.close()
        const part = new Uint8Array(16 * 1024)
        if (sent === 0) part.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
        sent += part.length
        controller.enqueue(part)
      }
    })
    const res = await fetch(upload_url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body, duplex: 'half' } as RequestInit)
    expect(res.status).toBe(413)
    expect(((await res.json()) as { message: string }).message).toBe('The image is larger than the 65536 bytes this proxy accepts per reference. Export the frame smaller and try again.')
    expect((await fetch(file_url)).status).toBe(404)
  })
})
