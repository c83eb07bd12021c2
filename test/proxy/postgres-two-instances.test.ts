// Two live proxies on one PostgreSQL (the same DATABASE_URL and schema, their own DATA_DIRs), both
// forwarding to one fake fal: what a team gets from running the proxy twice behind a load balancer. Every
// guarantee one proxy gives (budget, one forward per job, owners, one refund, shared limits) must hold
// across both, through raw HTTP as the plugin sends it.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'

import { afterEach, describe, expect, inject, it } from 'vitest'

import { hashToken } from '../../src/proxy/auth'
import type { AppOptions } from '../../src/proxy/server'
import { createFakeFal, type FakeFal } from './fake-fal'
import { callProxy, JOB_HEADER, O3_T2I, QUEUE, sleep, startTestProxy, type TestProxy, testToken } from './helpers'
import { dropTestSchema, postgresAvailable } from './store/postgres-available'

const url = inject('postgresUrl')

const FAL_KEY = 'test-only-fal-key-two-instances'
const ALICE = testToken('two-alice')
const BOB = testToken('two-bob')
const SUBMIT = `${QUEUE}/${O3_T2I}`
const INITIATE = 'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3'
/** One O3 text-to-image at one image (fal's price, as the budget prices it). */
const COST_USD = 0.028

const running: TestProxy[] = []
const schemas: string[] = []
afterEach(async () => {
  while (running.length) await running.pop()!.stop()
  while (schemas.length) await dropTestSchema(schemas.pop()!)
})


/** Two proxies, A and B, sharing one fresh schema and one fake fal. */
async function twoInstances(options: Partial<AppOptions> = {}): Promise<{ a: TestProxy; b: TestProxy; fal: FakeFal }> {
  const schema = `keyframe_two_${randomBytes(6).toString('hex')}`
  schemas.push(schema)
  const fal = createFakeFal()
  const start = () =>
    startTestProxy({
      falKey: FAL_KEY,
      tokens: [ALICE, BOB],
      databaseUrl: url,
      databaseSchema: schema,
      upstreamFetch: (input, init) => fal.fetch(input, init),
      ...options
    })
  const a = await start()
  running.push(a)
  const b = await start()
  running.push(b)
  return { a, b, fal }
}

const submit = (proxy: TestProxy, token: string, jobId?: string, input: Record<string, unknown> = { prompt: 'two' }) =>
  callProxy(proxy.proxyUrl, { token, target: SUBMIT, body: input, headers: jobId ? { [JOB_HEADER]: jobId } : {} })

const submitsSeen = (fal: FakeFal) => fal.calls.filter((c) => c.method === 'POST' && c.url.startsWith(`${QUEUE}/${O3_T2I}`))

async function spentUsd(proxy: TestProxy, token: string): Promise<number> {
  const res = await fetch(`${proxy.url}/api/keyframe/usage`, { headers: { authorization: `Bearer ${token}` } })
  expect(res.status).toBe(200)
  return ((await res.json()) as { today: { spentUsd: number } }).today.spentUsd
}

/**
 * The shared limits count per minute and per day: a burst that straddles a window's end would be counted in
 * two windows. Waits (a few seconds at most) until the current minute has room for a short burst; this is
 * not an assertion on time, only a guard against a boundary the test does not mean to cross.
 */
async function awayFromMinuteEnd(): Promise<void> {
  while (Date.now() % 60_000 > 50_000) await sleep(250)
}

if (postgresAvailable('the two-instance tests')) {
  describe('two proxy instances on one PostgreSQL', () => {
    it('a race of submits split across both never passes the budget, and uses all of it', async () => {
      // $0.15 a day fits five $0.028 images ($0.140), never six.
      const { a, b, fal } = await twoInstances({ budgetUsdPerDay: 0.15 })
      fal.delayMs = 20
      const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => submit(i % 2 ? a : b, ALICE)))
      const statuses = answers.map((r) => r.status)
      expect(statuses.filter((s) => s === 200)).toHaveLength(5)
      expect(statuses.filter((s) => s === 402)).toHaveLength(11)
      expect(submitsSeen(fal)).toHaveLength(5)
      // Both instances read the same spend: the whole budget's worth, not a cent more.
      expect(await spentUsd(a, ALICE)).toBeCloseTo(5 * COST_USD, 6)
      expect(await spentUsd(b, ALICE)).toBeCloseTo(5 * COST_USD, 6)
      expect(await spentUsd(b, BOB)).toBe(0)
    })

    it('a job id replayed on the other instance is answered from the first, and fal saw one submit', async () => {
      const { a, b, fal } = await twoInstances({ budgetUsdPerDay: 1 })
      const first = await submit(a, ALICE, 'job-two-replay')
      expect(first.status).toBe(200)
      const firstBody = await first.text()
      const again = await submit(b, ALICE, 'job-two-replay')
      expect(again.status).toBe(200)
      expect(again.headers.get('x-keyframe-idempotent-replay')).toBe('true')
      expect(await again.text()).toBe(firstBody)
      expect(submitsSeen(fal)).toHaveLength(1)
      expect(await spentUsd(b, ALICE)).toBeCloseTo(COST_USD, 6)
    })

    it('a resend on B while A is still forwarding waits and gets the same answer: no second forward, no false in-doubt', async () => {
      const { a, b, fal } = await twoInstances({ budgetUsdPerDay: 1 })
      let release: () => void = () => undefined
      const held = new Promise<void>((r) => (release = r))
      let reachedFal: () => void = () => undefined
      const firstReachedFal = new Promise<void>((r) => (reachedFal = r))
      // The fake records the submit, then holds its answer until the test releases it: A's forward stays open.
      const slow = fal.fetch
      fal.fetch = async (input, init) => {
        const target = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
        if ((init?.method ?? 'GET').toUpperCase() === 'POST' && target.startsWith(SUBMIT)) {
          const answer = slow(input, init)
          reachedFal()
          await held
          return answer
        }
        return slow(input, init)
      }
      const onA = submit(a, ALICE, 'job-two-slow')
      await firstReachedFal
      const onB = submit(b, ALICE, 'job-two-slow')
      // B is waiting on A's send, not answering: give it time to (wrongly) answer, then let fal answer A.
      const early = await Promise.race([onB.then(() => 'answered'), sleep(400).then(() => 'waiting')])
      expect(early).toBe('waiting')
      release()
      const [ra, rb] = await Promise.all([onA, onB])
      expect(ra.status).toBe(200)
      expect(rb.status).toBe(200)
      const [ba, bb] = [(await ra.json()) as { request_id: string }, (await rb.json()) as { request_id: string }]
      expect(bb.request_id).toBe(ba.request_id)
      expect(submitsSeen(fal)).toHaveLength(1)
      expect(await spentUsd(a, ALICE)).toBeCloseTo(COST_USD, 6)
    })

    it("a token cannot reach another token's request through either instance; the owner reads and cancels on B what A took, refunded once", async () => {
      const { a, b, fal } = await twoInstances({ budgetUsdPerDay: 1 })
      // fal answers OK: removed from the queue before it ran, not billed (fal.ai/docs/inference-api/queue/cancel).
      fal.cancelAnswer = () => Response.json({ status: 'OK' }, { status: 202 })
      const taken = (await (await submit(a, ALICE)).json()) as { request_id: string; status_url: string; cancel_url: string }
      for (const proxy of [a, b]) {
        for (const [method, target] of [
          ['GET', taken.status_url],
          ['PUT', taken.cancel_url]
        ] as const) {
          const refused = await callProxy(proxy.proxyUrl, { method, token: BOB, target })
          expect(refused.status).toBe(403)
          expect(((await refused.json()) as { message: string }).message).toMatch(/was submitted with another access token/)
        }
      }
      const status = await callProxy(b.proxyUrl, { method: 'GET', token: ALICE, target: taken.status_url })
      expect(status.status).toBe(200)
      expect(((await status.json()) as { request_id: string }).request_id).toBe(taken.request_id)
      expect(await spentUsd(b, ALICE)).toBeCloseTo(COST_USD, 6)
      // Cancelled on both at once, then again: fal says OK every time, the money comes back once.
      const cancels = await Promise.all([b, a, b].map((p) => callProxy(p.proxyUrl, { method: 'PUT', token: ALICE, target: taken.cancel_url })))
      expect(cancels.map((r) => r.status)).toEqual([202, 202, 202])
      expect(await spentUsd(a, ALICE)).toBe(0)
      // A second job is charged in full: the refund was not given twice (which would show as a credit).
      expect((await submit(b, ALICE)).status).toBe(200)
      expect(await spentUsd(a, ALICE)).toBeCloseTo(COST_USD, 6)
    })

    it('a result A kept is answered on B after fal dropped it, even while B remembers the request without one', async () => {
      const { a, b, fal } = await twoInstances({ budgetUsdPerDay: 1 })
      const taken = (await (await submit(a, ALICE)).json()) as { request_id: string; response_url: string; status_url: string }
      // B reads the request now and remembers "no result yet" (postgres/cached-requests.ts).
      expect((await callProxy(b.proxyUrl, { method: 'GET', token: ALICE, target: taken.status_url })).status).toBe(200)
      // A fetches the result (kept as it is forwarded); then fal drops it (a result of 10 KB or more is kept 6 minutes).
      const first = await callProxy(a.proxyUrl, { method: 'GET', token: ALICE, target: taken.response_url })
      expect(first.status).toBe(200)
      const images = ((await first.json()) as { images: unknown[] }).images
      fal.answer = (u, method) => (method === 'GET' && u === taken.response_url ? Response.json({ detail: 'Request not found' }, { status: 404 }) : undefined)
      const onB = await callProxy(b.proxyUrl, { method: 'GET', token: ALICE, target: taken.response_url })
      expect(onB.status).toBe(200)
      expect(((await onB.json()) as { images: unknown[] }).images).toEqual(images)
    })

    it('the submit rate limit counts submits on both instances together', async () => {
      const { a, b, fal } = await twoInstances({ budgetUsdPerDay: 1, submitRateLimitPerMinute: 3 })
      await awayFromMinuteEnd()
      const answers = []
      for (const proxy of [a, b, a, b, a]) answers.push(await submit(proxy, ALICE))
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429, 429])
      expect(((await answers[3]!.json()) as { message: string }).message).toMatch(/more than 3 a minute reached this proxy/)
      expect(submitsSeen(fal)).toHaveLength(3)
      // Another token has its own allowance, on either instance.
      expect((await submit(b, BOB)).status).toBe(200)
    })

    it('the daily upload quota counts uploads started on both instances together', async () => {
      const { a, b } = await twoInstances({ uploadsPerDay: 2 })
      const initiate = (proxy: TestProxy) =>
        callProxy(proxy.proxyUrl, { token: ALICE, target: INITIATE, body: { content_type: 'image/png', file_name: 'ref.png' } })
      expect((await initiate(a)).status).toBe(200)
      expect((await initiate(b)).status).toBe(200)
      for (const proxy of [a, b]) {
        const refused = await initiate(proxy)
        expect(refused.status).toBe(429)
        expect(await refused.json()).toMatchObject({ code: 'upload_quota' })
      }
      expect((await initiate(b)).status).toBe(429)
      expect((await callProxy(a.proxyUrl, { token: BOB, target: INITIATE, body: { content_type: 'image/png', file_name: 'ref.png' } })).status).toBe(200)
    })

    it("the admin's usage view on either instance shows spend made on both, by label or hash prefix, never the token", async () => {
      const ADMIN = testToken('two-admin')
      const { a, b } = await twoInstances({ tokens: [`alice:${ALICE}`, BOB], adminTokens: [`boss:${ADMIN}`], budgetUsdPerDay: 1 })
      expect((await submit(a, ALICE)).status).toBe(200)
      expect((await submit(b, ALICE)).status).toBe(200)
      expect((await submit(b, BOB, undefined, { prompt: 'two', num_images: 2 })).status).toBe(200)
      const day = new Date().toISOString().slice(0, 10)
      const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
      for (const proxy of [a, b]) {
        const res = await fetch(`${proxy.url}/api/keyframe/usage?from=${day}&to=${day}`, { headers: { authorization: `Bearer ${ADMIN}` } })
        expect(res.status).toBe(200)
        const text = await res.text()
        const body = JSON.parse(text) as { version: string; spendByToken: { from: string; to: string; rows: unknown[] } }
        expect(body.version).toBe(version)
        expect(body.spendByToken.from).toBe(day)
        expect(body.spendByToken.rows).toEqual(
          expect.arrayContaining([
            { day, token: 'alice', labelled: true, spentUsd: 2 * COST_USD, jobs: 2 },
            { day, token: hashToken(BOB).slice(0, 8), labelled: false, spentUsd: 2 * COST_USD, jobs: 1 }
          ])
        )
        expect(body.spendByToken.rows).toHaveLength(2)
        for (const secret of [ALICE, BOB, ADMIN, hashToken(BOB), hashToken(ALICE)]) expect(text).not.toContain(secret)
      }
      const refused = await fetch(`${b.url}/api/keyframe/usage?from=${day}`, { headers: { authorization: `Bearer ${ALICE}` } })
      expect(refused.status).toBe(403)
      expect(await refused.json()).toMatchObject({ code: 'admin_only' })
    })
  })
}
