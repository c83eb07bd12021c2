// Flood control on /api/fal/proxy: a flood from one token is cut with 429 + Retry-After and a message
// the plugin can show, while a teammate's token still passes; without tokens it is per address; wrong
// tokens are throttled by address so tokens cannot be guessed at full speed.
import { ApiError } from '@fal-ai/client'
import { afterEach, describe, expect, it } from 'vitest'

import { optionsFromEnv, resolveOptions } from '../../src/proxy/config'
import { RateLimiter } from '../../src/proxy/rate-limit'
import { callProxy, falClientFor, O3_T2I, QUEUE, startTestProxy, type TestProxy, testToken } from './helpers'

const ALICE = testToken('alice-rate')
const BOB = testToken('bob-rate')
const STATUS = `${QUEUE}/fal-ai/kling-image/requests/00000000-0000-4000-8000-000000000000/status`

const running: TestProxy[] = []
afterEach(async () => {
  while (running.length) await running.pop()!.stop()
})

async function proxyWith(options: Parameters<typeof startTestProxy>[0]) {
  const proxy = await startTestProxy({ offlineLatencyMs: 50, ...options })
  running.push(proxy)
  return proxy
}

const poll = (proxy: TestProxy, token?: string) => callProxy(proxy.proxyUrl, { method: 'GET', target: STATUS, token })

describe('rate limit', () => {
  it('cuts a flood from one token with 429, Retry-After and a message, while another token still passes', async () => {
    const proxy = await proxyWith({ tokens: [ALICE, BOB], rateLimitPerMinute: 30 })
    const flood = await Promise.all(Array.from({ length: 40 }, () => poll(proxy, ALICE)))
    const statuses = flood.map((r) => r.status)
    expect(statuses.filter((s) => s === 429)).toHaveLength(10)
    expect(statuses.filter((s) => s !== 429).every((s) => s === 404)).toBe(true) // passed the gate: an id the proxy never handed out
    const cut = flood.find((r) => r.status === 429)!
    const retryAfter = Number(cut.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(2) // 30 a minute: one more every 2 s
    expect(cut.headers.get('access-control-expose-headers')).toContain('retry-after')
    const body = (await cut.json()) as { message: string }
    expect(body.message).toBe(`Too many requests from this token: more than 30 a minute reached this proxy. Wait ${retryAfter} s.`)

    // Bob is not held back by Alice's flood, and the real client submits for him as usual.
    expect((await poll(proxy, BOB)).status).toBe(404)
    const submitted = await falClientFor(proxy.proxyUrl, BOB).queue.submit(O3_T2I, { input: { prompt: 'still works' } })
    expect(submitted.request_id).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('the real client sees the 429 as ApiError with the message once its retries run out', async () => {
    const proxy = await proxyWith({ tokens: [ALICE], rateLimitPerMinute: 1 })
    const client = falClientFor(proxy.proxyUrl, ALICE)
    await client.queue.submit(O3_T2I, { input: { prompt: 'the one a minute' } })
    const error = await client.storage.upload(new Blob(['x'], { type: 'text/plain' })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError<unknown>).status).toBe(429)
    expect((error as ApiError<unknown>).message).toMatch(/^Too many requests from this token: .* Wait \d+ s\.$/)
  })

  it('without tokens the limit is per address', async () => {
    const proxy = await proxyWith({ rateLimitPerMinute: 5 })
    const statuses = await Promise.all(Array.from({ length: 8 }, () => poll(proxy).then((r) => r.status)))
    expect(statuses.filter((s) => s === 429)).toHaveLength(3)
    const cut = await poll(proxy)
    expect(((await cut.json()) as { message: string }).message).toMatch(/^Too many requests from this address: /)
  })

  it('wrong tokens are throttled by address: guessing stops with 429 before 401', async () => {
    const proxy = await proxyWith({ tokens: [ALICE], rateLimitPerMinute: 5 })
    const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => poll(proxy, `guess-${i}`).then((r) => r.status)))
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(3)
    // The right token has its own bucket.
    expect((await poll(proxy, ALICE)).status).toBe(404)
  })

  it('refills over the minute, and 0 turns it off', () => {
    let now = 0
    const limiter = new RateLimiter(60, () => now)
    for (let i = 0; i < 60; i++) expect(limiter.take('k').ok).toBe(true)
    expect(limiter.take('k')).toEqual({ ok: false, retryAfterSeconds: 1 })
    now += 1000
    expect(limiter.take('k').ok).toBe(true)
    expect(limiter.take('k').ok).toBe(false)
    const off = new RateLimiter(0)
    for (let i = 0; i < 10_000; i++) expect(off.take('k').ok).toBe(true)
  })

  it('RATE_LIMIT_PER_MINUTE is read from the environment, 1200 by default', () => {
    expect(resolveOptions(optionsFromEnv({})).rateLimitPerMinute).toBe(1200)
    expect(resolveOptions(optionsFromEnv({ RATE_LIMIT_PER_MINUTE: '60' })).rateLimitPerMinute).toBe(60)
    expect(resolveOptions(optionsFromEnv({ RATE_LIMIT_PER_MINUTE: '0' })).rateLimitPerMinute).toBe(0)
    expect(() => optionsFromEnv({ RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(/RATE_LIMIT_PER_MINUTE/)
  })
})
