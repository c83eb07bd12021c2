// The one contract both stores keep (src/proxy/store/proxy-store.ts): budgets that concurrent submits cannot
// pass, jobs claimed once, refunds taken once, results kept once, leases that move to another instance
// when one dies, counters, and all of it surviving a restart and crossing midnight. Each implementation's
// test file calls `describeStoreConformance` with a way to open its store on one backing location; opening
// it again on the same location is a restart, and, where `shared` is set, a second instance.
import { describe, expect, it } from 'vitest'

import { PROXY_MEMORY_MS } from '../../../src/messages'
import { type Booking, CLAIM_STALE_MS, dayOf, type ProxyStore, type StoreClock } from '../../../src/proxy/store/proxy-store'

export interface StoreBacking {
  /** Opens a store on this backing location (a second call: a restart, or a second instance). */
  open(clock: StoreClock): Promise<ProxyStore>
  /** Removes the backing location. */
  dispose(): Promise<void>
}

export interface ConformanceOptions {
  /** A new, empty backing location for one test. */
  backing(): Promise<StoreBacking>
  /** Whether two stores may be open on one backing at once, as two instances. */
  shared: boolean
}

const DAY_MS = 24 * 60 * 60 * 1000

class Clock {
  constructor(public ms = Date.parse('2026-11-27T10:00:00.000Z')) {}
  readonly now: StoreClock = () => this.ms
  advance(ms: number): void {
    this.ms += ms
  }
}

/** Opens one store (or two instances, where shared) on a fresh backing, and closes everything after. */
async function withStores(options: ConformanceOptions, run: (s: { a: ProxyStore; b: ProxyStore; clock: Clock; reopen: () => Promise<ProxyStore> }) => Promise<void>) {
  const backing = await options.backing()
  const clock = new Clock()
  const open: ProxyStore[] = []
  const openOne = async () => {
    const store = await backing.open(clock.now)
    open.push(store)
    return store
  }
  try {
    const a = await openOne()
    const b = options.shared ? await openOne() : a
    await run({
      a,
      b,
      clock,
      // A restart: every store open on the backing is closed, then one is opened again.
      reopen: async () => {
        for (const s of open.splice(0)) await s.close()
        return openOne()
      }
    })
  } finally {
    for (const s of open) await s.close().catch(() => undefined)
    await backing.dispose()
  }
}

function reserveOf(token: string, costMills: number, tokenMills?: number, teamMills?: number) {
  return { token, costMills, limits: { tokenMills, teamMills }, endpoint: 'fal-ai/kling-image/o3/text-to-image' }
}

/** Claims a job that must be free, answering the hold's name. */
async function claimFree(store: ProxyStore, job: { jobId: string; token: string; fingerprint: string }): Promise<string> {
  const c = await store.jobs.claim(job)
  if (c.kind !== 'claimed') throw new Error(`expected to claim ${job.jobId}, got ${c.kind}`)
  expect(c.claim).toEqual(expect.any(String))
  return c.claim
}

function booked(r: Awaited<ReturnType<ProxyStore['spend']['reserve']>>): Booking {
  if (!r.ok) throw new Error(`expected a booking, got a refusal by the ${r.budget} budget`)
  return r.booking
}

export function describeStoreConformance(name: string, options: ConformanceOptions): void {
  describe(`${name} store: spend`, () => {
    it('reserves within the token budget and refuses past it, saying what was spent and what it costs', () =>
      withStores(options, async ({ a }) => {
        booked(await a.spend.reserve(reserveOf('t1', 600, 1000)))
        const refused = await a.spend.reserve(reserveOf('t1', 500, 1000))
        expect(refused).toEqual({ ok: false, budget: 'token', spentMills: 600, budgetMills: 1000, costMills: 500 })
        expect(await a.spend.spent('t1')).toEqual({ tokenMills: 600, teamMills: 600 })
        // Another token has its own budget.
        booked(await a.spend.reserve(reserveOf('t2', 900, 1000)))
        expect(await a.spend.spent('t2')).toEqual({ tokenMills: 900, teamMills: 1500 })
      }))

    it("refuses by the team's budget when everyone together would pass it", () =>
      withStores(options, async ({ a, clock }) => {
        booked(await a.spend.reserve(reserveOf('t1', 700, undefined, 1000)))
        const refused = await a.spend.reserve(reserveOf('t2', 400, 5000, 1000))
        expect(refused).toEqual({ ok: false, budget: 'team', spentMills: 700, budgetMills: 1000, costMills: 400 })
        expect(await a.spend.spent('t2')).toEqual({ tokenMills: 0, teamMills: 700 })
        // A team refusal leaves the token's own spend and job count as they were, not just its day at zero.
        booked(await a.spend.reserve(reserveOf('t2', 100, 5000, 1000)))
        expect((await a.spend.reserve(reserveOf('t2', 300, 5000, 1000))).ok).toBe(false)
        expect(await a.spend.spent('t2')).toEqual({ tokenMills: 100, teamMills: 800 })
        const today = dayOf(clock.now())
        expect((await a.spend.spendByToken(today, today)).find((r) => r.token === 't2')).toEqual({ day: today, token: 't2', mills: 100, jobs: 1 })
      }))

    it('never lets concurrent reservations pass the budget together, and uses all of it (split across instances where shared)', () =>
      withStores(options, async ({ a, b }) => {
        const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? b : a).spend.reserve(reserveOf('t1', 100, 1000, 1500))))
        expect(results.filter((r) => r.ok)).toHaveLength(10)
        expect(await a.spend.spent('t1')).toEqual({ tokenMills: 1000, teamMills: 1000 })
        // The team's limit holds across tokens too.
        const others = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).spend.reserve(reserveOf(`u${i}`, 100, undefined, 1500))))
        expect(others.filter((r) => r.ok)).toHaveLength(5)
        expect((await b.spend.spent('nobody')).teamMills).toBe(1500)
      }))

    it('gives a release back once, even when it is repeated concurrently; commit and keep change nothing', () =>
      withStores(options, async ({ a, b }) => {
        const one = booked(await a.spend.reserve(reserveOf('t1', 300)))
        const two = booked(await a.spend.reserve(reserveOf('t1', 200)))
        const three = booked(await a.spend.reserve(reserveOf('t1', 100)))
        await a.spend.end(two, { kind: 'commit', requestId: 'req-2' })
        await a.spend.end(three, { kind: 'keep', reason: 'in doubt' })
        await Promise.all([a.spend.end(one, { kind: 'release', reason: 'fal refused' }), b.spend.end(one, { kind: 'release', reason: 'again' })])
        await a.spend.end(one, { kind: 'release', reason: 'a third time' })
        expect(await a.spend.spent('t1')).toEqual({ tokenMills: 300, teamMills: 300 })
      }))

    it('starts each UTC day from zero, and gives a release back to the day it was charged', () =>
      withStores(options, async ({ a, clock }) => {
        clock.ms = Date.parse('2026-11-27T23:59:00.000Z')
        const late = booked(await a.spend.reserve(reserveOf('t1', 900, 1000)))
        expect(late.day).toBe('2026-11-27')
        clock.advance(2 * 60 * 1000)
        expect(await a.spend.spent('t1')).toEqual({ tokenMills: 0, teamMills: 0 })
        booked(await a.spend.reserve(reserveOf('t1', 800, 1000)))
        await a.spend.end(late, { kind: 'release', reason: 'cancelled' })
        expect(await a.spend.spent('t1')).toEqual({ tokenMills: 800, teamMills: 800 })
        expect(await a.spend.spent('t1', '2026-11-27')).toEqual({ tokenMills: 0, teamMills: 0 })
      }))

    it("keeps today's spend and its releases across a restart", () =>
      withStores(options, async ({ a, reopen }) => {
        const one = booked(await a.spend.reserve(reserveOf('t1', 400, 1000)))
        booked(await a.spend.reserve(reserveOf('t1', 500, 1000)))
        await a.spend.end(one, { kind: 'release', reason: 'fal refused' })
        const again = await reopen()
        expect(await again.spend.spent('t1')).toEqual({ tokenMills: 500, teamMills: 500 })
        // The released booking stays released after the restart.
        await again.spend.end(one, { kind: 'release', reason: 'repeated after restart' })
        expect(await again.spend.spent('t1')).toEqual({ tokenMills: 500, teamMills: 500 })
        expect((await again.spend.reserve(reserveOf('t1', 600, 1000))).ok).toBe(false)
      }))

    it('lists spend per token per day for a day range, without released bookings', () =>
      withStores(options, async ({ a, clock }) => {
        clock.ms = Date.parse('2026-11-25T12:00:00.000Z')
        booked(await a.spend.reserve(reserveOf('t1', 100)))
        clock.ms = Date.parse('2026-11-26T12:00:00.000Z')
        booked(await a.spend.reserve(reserveOf('t1', 200)))
        booked(await a.spend.reserve(reserveOf('t2', 50)))
        const gone = booked(await a.spend.reserve(reserveOf('t2', 70)))
        await a.spend.end(gone, { kind: 'release', reason: 'fal refused' })
        clock.ms = Date.parse('2026-11-27T12:00:00.000Z')
        booked(await a.spend.reserve(reserveOf('t1', 400)))
        const rows = await a.spend.spendByToken('2026-11-26', '2026-11-27')
        expect(rows.sort((x, y) => `${x.day}${x.token}`.localeCompare(`${y.day}${y.token}`))).toEqual([
          { day: '2026-11-26', token: 't1', mills: 200, jobs: 1 },
          { day: '2026-11-26', token: 't2', mills: 50, jobs: 1 },
          { day: '2026-11-27', token: 't1', mills: 400, jobs: 1 }
        ])
      }))
  })

  describe(`${name} store: jobs`, () => {
    const job = { jobId: 'job-1', token: 't1', fingerprint: 'f1' }

    it('claims a job id once; the holder moves it to sent and answered, and the record says so', () =>
      withStores(options, async ({ a, b, clock }) => {
        const claim = await claimFree(a, job)
        const known = await b.jobs.claim({ ...job, token: 't2' })
        expect(known.kind).toBe('known')
        expect(known.kind === 'known' && known.record).toMatchObject({ jobId: 'job-1', token: 't1', fingerprint: 'f1', state: 'claimed' })
        clock.advance(1000)
        await a.jobs.markSent('job-1', claim)
        expect(await b.jobs.get('job-1')).toMatchObject({ state: 'sent', changedAt: clock.ms })
        await a.jobs.answer('job-1', { status: 200, body: '{"request_id":"req-1"}', requestId: 'req-1' })
        expect(await b.jobs.get('job-1')).toMatchObject({ state: 'answered', answer: { status: 200, body: '{"request_id":"req-1"}', requestId: 'req-1' } })
      }))

    it('gives a job id to exactly one of many concurrent claims (split across instances where shared)', () =>
      withStores(options, async ({ a, b }) => {
        const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? b : a).jobs.claim({ ...job, token: `t${i}` })))
        expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1)
        const holder = (await a.jobs.get('job-1'))?.token
        expect(claims.filter((c) => c.kind === 'known').every((c) => c.kind === 'known' && c.record.token === holder)).toBe(true)
      }))

    it('forgets a sent job fal refused, and releases an unsent claim, so a resend may claim it again', () =>
      withStores(options, async ({ a }) => {
        await a.jobs.markSent('job-1', await claimFree(a, job))
        await a.jobs.forget('job-1')
        expect(await a.jobs.get('job-1')).toBeUndefined()
        await a.jobs.release('job-1', await claimFree(a, job))
        expect(await a.jobs.get('job-1')).toBeUndefined()
        await claimFree(a, job)
      }))

    it("lets a holder whose claim went stale and was taken over neither send the job nor release the new holder's claim", () =>
      withStores(options, async ({ a, b, clock }) => {
        const first = await claimFree(a, job)
        clock.advance(CLAIM_STALE_MS + 1000)
        const second = await claimFree(b, { ...job, token: 't2' })
        // The first holder comes back while the second still only holds a claim: it must not send.
        await expect(a.jobs.markSent('job-1', first)).rejects.toThrow(/claim/)
        await a.jobs.release('job-1', first)
        expect(await b.jobs.get('job-1')).toMatchObject({ state: 'claimed', token: 't2' })
        await b.jobs.markSent('job-1', second)
        expect(await a.jobs.get('job-1')).toMatchObject({ state: 'sent', token: 't2' })
      }))

    it('treats a stale claim (nothing was sent) as absent, but never a sent one (in doubt stays in doubt)', () =>
      withStores(options, async ({ a, clock }) => {
        await claimFree(a, job)
        await a.jobs.markSent('job-2', await claimFree(a, { jobId: 'job-2', token: 't1', fingerprint: 'f2' }))
        clock.advance(CLAIM_STALE_MS + 1000)
        await claimFree(a, { ...job, token: 't9' })
        expect((await a.jobs.get('job-1'))?.token).toBe('t9')
        const doubt = await a.jobs.claim({ jobId: 'job-2', token: 't1', fingerprint: 'f2' })
        expect(doubt.kind === 'known' && doubt.record.state).toBe('sent')
      }))

    it('keeps sent and answered jobs across a restart, and forgets them after the retention', () =>
      withStores(options, async ({ a, clock, reopen }) => {
        await a.jobs.markSent('job-1', await claimFree(a, job))
        await a.jobs.markSent('job-2', await claimFree(a, { jobId: 'job-2', token: 't1', fingerprint: 'f2' }))
        await a.jobs.answer('job-2', { status: 200, body: '{}', requestId: 'req-2' })
        let again = await reopen()
        expect(await again.jobs.get('job-1')).toMatchObject({ state: 'sent', token: 't1' })
        expect(await again.jobs.get('job-2')).toMatchObject({ state: 'answered', answer: { requestId: 'req-2' } })
        clock.advance(PROXY_MEMORY_MS + 1000)
        again = await reopen()
        expect(await again.jobs.get('job-1')).toBeUndefined()
        await claimFree(again, job)
      }))
  })

  describe(`${name} store: submits (claim, reserve and sent mark in one step; the acceptance in another)`, () => {
    const job = { jobId: 'job-1', token: 't1', fingerprint: 'f1' }
    const startOf = (j: { jobId: string; token: string; fingerprint: string }, costMills: number, tokenMills?: number, teamMills?: number) => ({
      ...reserveOf(j.token, costMills, tokenMills, teamMills),
      ...j
    })

    it('starts a job once: reserved and marked sent at once; a second start charges nothing and gets the record', () =>
      withStores(options, async ({ a, b, clock }) => {
        const started = await a.submits.start(startOf(job, 300, 1000))
        if (started.kind !== 'sent') throw new Error(`expected sent, got ${started.kind}`)
        expect(started.booking).toMatchObject({ token: 't1', day: dayOf(clock.now()), mills: 300 })
        expect(await b.jobs.get('job-1')).toMatchObject({ state: 'sent', token: 't1', fingerprint: 'f1', changedAt: clock.ms })
        const again = await b.submits.start(startOf({ ...job, token: 't2' }, 300, 1000))
        expect(again.kind === 'known' && again.record).toMatchObject({ state: 'sent', token: 't1' })
        expect(await a.spend.spent('t1')).toEqual({ tokenMills: 300, teamMills: 300 })
        expect((await a.spend.spent('t2')).tokenMills).toBe(0)
      }))

    it('sends a job id once of many concurrent starts, charging once (split across instances where shared)', () =>
      withStores(options, async ({ a, b }) => {
        const starts = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? b : a).submits.start(startOf(job, 100, 5000))))
        expect(starts.filter((s) => s.kind === 'sent')).toHaveLength(1)
        // The others found it taken (sent, or still claimed on the file store, where the three are steps).
        expect(starts.filter((s) => s.kind === 'known')).toHaveLength(19)
        expect(await a.spend.spent('t1')).toEqual({ tokenMills: 100, teamMills: 100 })
      }))

    it('never lets concurrent starts pass the budget together; a refused one leaves no claim behind', () =>
      withStores(options, async ({ a, b }) => {
        const starts = await Promise.all(
          Array.from({ length: 30 }, (_, i) => (i % 2 ? b : a).submits.start(startOf({ jobId: `job-${i}`, token: 't1', fingerprint: 'f' }, 100, 1000, 1500)))
        )
        expect(starts.filter((s) => s.kind === 'sent')).toHaveLength(10)
        expect(starts.filter((s) => s.kind === 'refused')).toHaveLength(20)
        expect(await a.spend.spent('t1')).toEqual({ tokenMills: 1000, teamMills: 1000 })
        for (const [i, s] of starts.entries()) {
          const record = await b.jobs.get(`job-${i}`)
          if (s.kind === 'sent') expect(record).toMatchObject({ state: 'sent' })
          else expect(record).toBeUndefined()
        }
      }))

    it("answers a refusal by the token's or the team's budget as reserve does, holding nothing: the same job id starts once there is room", () =>
      withStores(options, async ({ a, b }) => {
        booked(await a.spend.reserve(reserveOf('t0', 700, undefined, 1000)))
        const byToken = await a.submits.start(startOf(job, 500, 400))
        expect(byToken).toEqual({ kind: 'refused', refusal: { ok: false, budget: 'token', spentMills: 0, budgetMills: 400, costMills: 500 } })
        const byTeam = await b.submits.start(startOf(job, 500, 5000, 1000))
        expect(byTeam).toEqual({ kind: 'refused', refusal: { ok: false, budget: 'team', spentMills: 700, budgetMills: 1000, costMills: 500 } })
        expect(await a.jobs.get('job-1')).toBeUndefined()
        expect(await a.spend.spent('t1')).toEqual({ tokenMills: 0, teamMills: 700 })
        expect((await b.submits.start(startOf(job, 300, 5000, 1000))).kind).toBe('sent')
        expect(await a.spend.spent('t1')).toEqual({ tokenMills: 300, teamMills: 1000 })
      }))

    it("takes over a stale claim; the stale holder can then neither send the job nor release the new holder's", () =>
      withStores(options, async ({ a, b, clock }) => {
        const first = await claimFree(a, job)
        clock.advance(CLAIM_STALE_MS + 1000)
        expect((await b.submits.start(startOf({ ...job, token: 't2' }, 100))).kind).toBe('sent')
        await expect(a.jobs.markSent('job-1', first)).rejects.toThrow(/claim/)
        await a.jobs.release('job-1', first)
        expect(await b.jobs.get('job-1')).toMatchObject({ state: 'sent', token: 't2' })
        // A fresh claim is someone's: a start waits on it (known), charging nothing.
        const held = await claimFree(a, { jobId: 'job-2', token: 't1', fingerprint: 'f' })
        const waits = await b.submits.start(startOf({ jobId: 'job-2', token: 't1', fingerprint: 'f' }, 100))
        expect(waits.kind === 'known' && waits.record.state).toBe('claimed')
        await a.jobs.release('job-2', held)
        expect((await a.spend.spent('t1')).tokenMills).toBe(0)
      }))

    it('records an acceptance at once (commit, binding, the job\'s answer), safe to repeat, across a restart', () =>
      withStores(options, async ({ a, b, reopen }) => {
        const started = await a.submits.start(startOf(job, 300))
        if (started.kind !== 'sent') throw new Error(`expected sent, got ${started.kind}`)
        const answer = { status: 200, body: '{"request_id":"req-1"}', requestId: 'req-1' }
        const accepted = { booking: started.booking, requestId: 'req-1', token: 't1', endpoint: 'fal-ai/x', job: { jobId: 'job-1', answer } }
        await a.submits.accept(accepted)
        await b.submits.accept(accepted)
        // Without a job id, only the commit and the binding.
        const plain = booked(await a.spend.reserve(reserveOf('t1', 100)))
        await b.submits.accept({ booking: plain, requestId: 'req-2', token: 't1', endpoint: 'fal-ai/x' })
        const again = await reopen()
        expect(await again.jobs.get('job-1')).toMatchObject({ state: 'answered', answer })
        expect(await again.requests.get('req-1')).toMatchObject({ token: 't1', endpoint: 'fal-ai/x', booking: started.booking, refunded: false })
        expect(await again.requests.get('req-2')).toMatchObject({ token: 't1', booking: plain })
        // Committed, not released: the day's spend stands, and a refund still gives it back once.
        expect(await again.spend.spent('t1')).toEqual({ tokenMills: 400, teamMills: 400 })
        const refund = await again.requests.takeRefund('req-1', 'cancelled')
        expect(refund).toEqual(started.booking)
      }))
  })

  describe(`${name} store: requests`, () => {
    const booking: Booking = { id: 'b-1', token: 't1', day: '2026-11-27', mills: 300 }
    const endpoint = 'fal-ai/kling-image/o3/text-to-image'

    it('binds a request id to its token, endpoint and booking, across a restart and until the retention ends', () =>
      withStores(options, async ({ a, b, clock, reopen }) => {
        await a.requests.bind({ requestId: 'req-1', token: 't1', endpoint, booking })
        expect(await b.requests.get('req-1')).toMatchObject({ requestId: 'req-1', token: 't1', endpoint, booking, refunded: false, at: clock.ms })
        expect(await b.requests.get('req-unknown')).toBeUndefined()
        let again = await reopen()
        expect((await again.requests.get('req-1'))?.token).toBe('t1')
        clock.advance(PROXY_MEMORY_MS + DAY_MS)
        again = await reopen()
        expect(await again.requests.get('req-1')).toBeUndefined()
      }))

    it('hands a refund out once, to one of many concurrent callers, and never after a restart', () =>
      withStores(options, async ({ a, b, reopen }) => {
        await a.requests.bind({ requestId: 'req-1', token: 't1', endpoint, booking })
        await a.requests.bind({ requestId: 'req-2', token: 't1', endpoint, booking: null })
        const taken = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? b : a).requests.takeRefund('req-1', 'cancelled')))
        expect(taken.filter((t) => t !== undefined)).toEqual([booking])
        expect(await a.requests.takeRefund('req-2', 'cancelled')).toBeUndefined()
        expect(await a.requests.takeRefund('req-unknown', 'cancelled')).toBeUndefined()
        const again = await reopen()
        expect(await again.requests.takeRefund('req-1', 'cancelled')).toBeUndefined()
        expect((await again.requests.get('req-1'))?.refunded).toBe(true)
      }))

    it('keeps the first result for a request, across a restart', () =>
      withStores(options, async ({ a, b, reopen }) => {
        await a.requests.bind({ requestId: 'req-1', token: 't1', endpoint, booking })
        const first = { status: 200, body: '{"images":[{"url":"https://v3.fal.media/files/a.png"}]}', keptAt: 1, mediaExpiresAt: 2 }
        // A request that ended without images keeps the error its final status carried, type and all.
        await a.requests.bind({ requestId: 'req-cancelled', token: 't1', endpoint, booking })
        const cancelled = { status: 400, body: '{"detail":"Request was cancelled"}', keptAt: 1, statusError: { message: 'Request was cancelled', type: 'request_cancelled' } }
        await a.requests.keepResult('req-cancelled', cancelled)
        await Promise.all([a.requests.keepResult('req-1', first), b.requests.keepResult('req-1', { status: 200, body: '{"images":[]}', keptAt: 1 })])
        const kept = (await a.requests.get('req-1'))?.result
        // Whichever came first stands, and a later one changes nothing.
        await a.requests.keepResult('req-1', { status: 500, body: 'late', keptAt: 3 })
        expect((await b.requests.get('req-1'))?.result).toEqual(kept)
        expect(kept?.status).toBe(200)
        const again = await reopen()
        expect((await again.requests.get('req-1'))?.result).toEqual(kept)
        expect((await again.requests.get('req-cancelled'))?.result).toEqual(cancelled)
      }))

    it('leases requests to follow, oldest first, one instance at a time; a dead instance loses them when its lease runs out', () =>
      withStores(options, async ({ a, b, clock }) => {
        for (const n of [1, 2, 3, 4]) {
          await a.requests.bind({ requestId: `req-${n}`, token: 't1', endpoint, booking: null })
          clock.advance(1000)
        }
        await a.requests.keepResult('req-3', { status: 200, body: '{}', keptAt: clock.ms })
        await a.requests.endFollowing('req-4', 'cancelled')
        const first = await a.requests.leaseToFollow('instance-a', 1, 30_000, DAY_MS)
        expect(first.map((r) => r.requestId)).toEqual(['req-1'])
        clock.advance(1)
        const both = await a.requests.leaseToFollow('instance-a', 5, 30_000, DAY_MS)
        // Renewed by leasing again (answered oldest first); kept and ended requests are not followed.
        expect(both.map((r) => r.requestId)).toEqual(['req-1', 'req-2'])
        expect(await b.requests.leaseToFollow('instance-b', 5, 30_000, DAY_MS)).toEqual([])
        clock.advance(30_001)
        expect((await b.requests.leaseToFollow('instance-b', 5, 30_000, DAY_MS)).map((r) => r.requestId)).toEqual(['req-1', 'req-2'])
        // Too old to follow: fal no longer has it.
        clock.advance(DAY_MS)
        expect(await b.requests.leaseToFollow('instance-b', 5, 30_000, DAY_MS)).toEqual([])
      }))
  })

  describe(`${name} store: following in turns`, () => {
    it('leases in turns, those leased longest ago first, so requests that never end cannot hold every round', () =>
      withStores(options, async ({ a, clock }) => {
        const endpoint = 'fal-ai/kling-image/o3/text-to-image'
        for (const n of [1, 2, 3]) {
          await a.requests.bind({ requestId: `req-${n}`, token: 't1', endpoint, booking: null })
          clock.advance(1000)
        }
        const rounds: string[] = []
        for (let round = 0; round < 3; round++) {
          const leased = await a.requests.leaseToFollow('instance-a', 1, 30_000, DAY_MS)
          rounds.push(...leased.map((r) => r.requestId))
          clock.advance(10)
        }
        // One a round, and each in turn: the oldest does not come back before the others had theirs.
        expect(rounds).toEqual(['req-1', 'req-2', 'req-3'])
        expect((await a.requests.leaseToFollow('instance-a', 1, 30_000, DAY_MS)).map((r) => r.requestId)).toEqual(['req-1'])
      }))
  })

  describe(`${name} store: counters`, () => {
    it('counts up to the limit per key and window, even when taken concurrently (across instances where shared)', () =>
      withStores(options, async ({ a, b }) => {
        const takes = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? b : a).counters.take('uploads:t1', '2026-11-27', 10)))
        expect(takes.filter((t) => t.ok)).toHaveLength(10)
        expect(await a.counters.take('uploads:t1', '2026-11-27', 10)).toEqual({ ok: false, count: 10 })
        expect(await a.counters.take('uploads:t1', '2026-11-28', 10)).toEqual({ ok: true, count: 1 })
        expect(await a.counters.take('uploads:t2', '2026-11-27', 10)).toEqual({ ok: true, count: 1 })
      }))
  })

  describe(`${name} store: uploads`, () => {
    const TTL = 5 * 60 * 1000
    const slotOf = (clock: Clock, token = 't1') => ({ target: 'https://uploads.example/signed?sig=test-only', token, contentType: 'image/png', expiresAt: clock.ms + TTL })

    it('opens a slot with an unguessable id that another instance can claim, once', () =>
      withStores(options, async ({ a, b, clock }) => {
        const id = await a.uploads.open(slotOf(clock), 10)
        expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/)
        expect(await a.uploads.open(slotOf(clock), 10)).not.toBe(id)
        expect(await b.uploads.claim(id!, 't1')).toEqual({ ok: true, slot: slotOf(clock) })
        expect(await a.uploads.claim(id!, 't1')).toEqual({ ok: false, reason: 'unknown' })
        expect(await b.uploads.claim('A'.repeat(43), undefined)).toEqual({ ok: false, reason: 'unknown' })
      }))

    it('gives a slot to exactly one of many concurrent claims (split across instances where shared)', () =>
      withStores(options, async ({ a, b, clock }) => {
        const id = (await a.uploads.open(slotOf(clock), 10))!
        const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? b : a).uploads.claim(id, i % 3 ? 't1' : undefined)))
        expect(claims.filter((c) => c.ok)).toHaveLength(1)
        expect(claims.filter((c) => !c.ok).every((c) => !c.ok && c.reason === 'unknown')).toBe(true)
      }))

    it("refuses another token's claim without using the slot up; a claim without a token is the id's own", () =>
      withStores(options, async ({ a, b, clock }) => {
        const id = (await a.uploads.open(slotOf(clock), 10))!
        expect(await b.uploads.claim(id, 't2')).toEqual({ ok: false, reason: 'other-token' })
        expect(await a.uploads.claim(id, 't2')).toEqual({ ok: false, reason: 'other-token' })
        expect(await b.uploads.claim(id, 't1')).toMatchObject({ ok: true, slot: { token: 't1' } })
        const bare = (await a.uploads.open(slotOf(clock), 10))!
        expect(await b.uploads.claim(bare, undefined)).toMatchObject({ ok: true, slot: { token: 't1' } })
      }))

    it('refuses an expired slot as expired, once, then as unknown, whoever asks', () =>
      withStores(options, async ({ a, b, clock }) => {
        const id = (await a.uploads.open(slotOf(clock), 10))!
        clock.advance(TTL)
        expect(await b.uploads.claim(id, 't2')).toEqual({ ok: false, reason: 'expired' })
        expect(await a.uploads.claim(id, 't1')).toEqual({ ok: false, reason: 'unknown' })
      }))

    it('opens no more than the cap of unexpired slots (across instances where shared); expired and claimed ones make room', () =>
      withStores(options, async ({ a, b, clock }) => {
        const opened = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? b : a).uploads.open(slotOf(clock), 5)))
        const ids = opened.filter((id): id is string => id !== undefined)
        expect(ids).toHaveLength(5)
        expect(new Set(ids).size).toBe(5)
        expect(await a.uploads.open(slotOf(clock), 5)).toBeUndefined()
        expect((await b.uploads.claim(ids[0]!, 't1')).ok).toBe(true)
        expect(await a.uploads.open(slotOf(clock), 5)).toBeDefined()
        expect(await b.uploads.open(slotOf(clock), 5)).toBeUndefined()
        clock.advance(TTL)
        expect(await b.uploads.open(slotOf(clock), 5)).toBeDefined()
      }))
  })

  describe(`${name} store: health`, () => {
    it('reports no problem while it works', () =>
      withStores(options, async ({ a }) => {
        expect(await a.problem()).toBeUndefined()
        expect(a.kind).toMatch(/^(files|postgres)$/)
      }))
  })
}
