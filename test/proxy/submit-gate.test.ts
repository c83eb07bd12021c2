// The submit gate on the file store: answers are replayed within the retention and forwarded again after
// it, expired lines are dropped at start, a line a crash cut short (or a damaged one) does not stop the
// next start, a sent job with no answer is in doubt, a send in flight is waited for (here, and on another
// instance through a shared store), a job that cannot be marked sent is never forwarded, and a budget refusal leaves nothing held.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { PROXY_MEMORY_MS } from '../../src/messages'
import { openFileStore } from '../../src/proxy/store/files/file-store'
import type { ProxyStore } from '../../src/proxy/store/proxy-store'
import { type Forward, SubmitGate, type SubmitAsk } from '../../src/proxy/submit-gate'

const dirs: string[] = []
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true })
})

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyframe-submit-gate-'))
  dirs.push(dir)
  return dir
}

async function open(dir: string, now: () => number = Date.now, options: { shared?: boolean; maxRemembered?: number } = {}) {
  const store = await openFileStore(dir, { now, maxRemembered: options.maxRemembered })
  return { store, gate: new SubmitGate(store, { sendWindowMs: 1000, shared: options.shared ?? false, now, pollMs: 5 }) }
}

function counter() {
  let n = 0
  return {
    get count() {
      return n
    },
    forward: (async () => {
      const requestId = `req-${++n}`
      return { kind: 'answered', response: Response.json({ request_id: requestId, status: 'IN_QUEUE' }), requestId }
    }) as Forward
  }
}

const ASK = { costMills: 10, limits: { tokenMills: undefined, teamMills: undefined }, endpoint: 'fal-ai/test' }

/** A submit of `jobId` by `token` through the gate, priced at ASK; a budget refusal answers 402 naming the budget. */
function submit(gate: SubmitGate, token: string, jobId: string, fingerprint: string, forward: Forward, ask: Omit<SubmitAsk, 'token'> = ASK) {
  return gate.submit({ ...ask, token }, jobId, fingerprint, (r) => Response.json({ code: 'budget_exceeded', budget: r.budget }, { status: 402 }), forward)
}

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean)
const body = async (answer: Promise<{ response: Response }>) => (await answer).response.json()

describe('SubmitGate on the file store', () => {
  it('replays within the retention and forwards again after it', async () => {
    let now = 1_000_000
    const { gate } = await open(dataDir(), () => now)
    const up = counter()
    expect(await body(submit(gate, 't', 'job', 'fp', up.forward))).toMatchObject({ request_id: 'req-1' })
    now += PROXY_MEMORY_MS - 1
    const replayed = await submit(gate, 't', 'job', 'fp', up.forward)
    expect(replayed.response.headers.get('x-keyframe-idempotent-replay')).toBe('true')
    expect(replayed.charge).toBe('kept')
    expect(await replayed.response.json()).toMatchObject({ request_id: 'req-1' })
    now += 2
    expect(await body(submit(gate, 't', 'job', 'fp', up.forward))).toMatchObject({ request_id: 'req-2' })
    expect(up.count).toBe(2)
  })

  it('drops expired and superseded lines at start; a torn or damaged line is skipped and left alone', async () => {
    let now = 1_000_000
    const dir = dataDir()
    const path = join(dir, 'submits.jsonl')
    const up = counter()
    const first = await open(dir, () => now)
    await submit(first.gate, 't', 'old', 'fp', up.forward)
    now += PROXY_MEMORY_MS / 2
    await submit(first.gate, 't', 'new', 'fp', up.forward)
    // A line of the wrong shape (no fingerprint) must not become a record, nor stop the start.
    const damaged = JSON.stringify({ key: 'bad', token: 't', at: now, state: 'intent' })
    appendFileSync(path, `${damaged}\n`)
    appendFileSync(path, '{"key":"t:cut","fingerp')
    now += PROXY_MEMORY_MS / 2 + 1
    const second = await open(dir, () => now)
    // Compacted at start: only "new" (its answer; its sent line was superseded), and the damaged and torn
    // lines as they were (issue #17: a compaction never drops what it could not read).
    expect(lines(path)).toEqual([damaged, '{"key":"t:cut","fingerp', expect.stringContaining('"key":"new"')])
    // "bad" is not in doubt (nor a reuse): it was never a record.
    expect((await submit(second.gate, 't', 'bad', 'fp', up.forward)).response.status).toBe(200)
    expect(await body(submit(second.gate, 't', 'new', 'fp', up.forward))).toMatchObject({ request_id: 'req-2' })
    expect(up.count).toBe(3)
  })

  it('forgets a refusal, so a resend is tried again; a refusal by the budget leaves no claim and charges nothing', async () => {
    const { gate, store } = await open(dataDir())
    let calls = 0
    const refuse: Forward = async () => {
      calls += 1
      return { kind: 'released', response: Response.json({ detail: 'no' }, { status: 500 }) }
    }
    await submit(gate, 't', 'a', 'fp', refuse)
    await submit(gate, 't', 'a', 'fp', refuse)
    expect(calls).toBe(2)
    const up = counter()
    const tight = { ...ASK, limits: { tokenMills: ASK.costMills - 1, teamMills: undefined } }
    const refused = await submit(gate, 't', 'b', 'fp', up.forward, tight)
    expect(refused.charge).toBe('none')
    expect(await refused.response.json()).toMatchObject({ code: 'budget_exceeded', budget: 'token' })
    expect(up.count).toBe(0)
    expect(await store.jobs.get('b')).toBeUndefined()
    // Nothing held: the same job id goes through once the budget allows it.
    expect(await body(submit(gate, 't', 'b', 'fp', up.forward))).toMatchObject({ request_id: 'req-1' })
  })

  it('a sent job with no answer is in doubt, in this process and after a restart', async () => {
    const dir = dataDir()
    const first = await open(dir)
    let sent = 0
    const lost: Forward = async () => {
      sent += 1
      return { kind: 'in-doubt', response: Response.json({ code: 'submit_in_doubt' }, { status: 409 }) }
    }
    await submit(first.gate, 't', 'lost', 'fp', lost)
    const again = (await submit(first.gate, 't', 'lost', 'fp', counter().forward)).response
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ code: 'submit_in_doubt', job_id: 'lost' })
    const second = await open(dir)
    const afterRestart = (await submit(second.gate, 't', 'lost', 'fp', counter().forward)).response
    expect(afterRestart.status).toBe(409)
    expect(((await afterRestart.json()) as { message: string }).message).toMatch(/may have reached fal.*kept charged/)
    // Other settings under the same id are still a reuse, not a doubt; another token is refused too.
    expect(await body(submit(second.gate, 't', 'lost', 'other', counter().forward))).toMatchObject({ code: 'job_id_reused' })
    expect(await body(submit(second.gate, 'u', 'lost', 'fp', counter().forward))).toMatchObject({ code: 'job_other_token' })
    expect(sent).toBe(1)
  })

  it('a resend while the first is being sent waits for it and gets its answer; fal sees one submit', async () => {
    const { gate } = await open(dataDir())
    let release: () => void = () => undefined
    let sent = 0
    const slow: Forward = async () => {
      sent += 1
      await new Promise<void>((resolve) => (release = resolve))
      return { kind: 'answered', response: Response.json({ request_id: 'req-slow' }), requestId: 'req-slow' }
    }
    const first = submit(gate, 't', 'job', 'fp', slow)
    const second = submit(gate, 't', 'job', 'fp', slow)
    await new Promise((resolve) => setTimeout(resolve, 10))
    release()
    expect(await body(first)).toMatchObject({ request_id: 'req-slow' })
    const resent = await second
    expect(resent.response.headers.get('x-keyframe-idempotent-replay')).toBe('true')
    expect(sent).toBe(1)
  })

  it('a job that cannot be marked sent is refused 503 storage_unavailable before anything is sent; its reservation comes back and a resend may try again', async () => {
    const dir = dataDir()
    const { gate, store } = await open(dir)
    // The file's place is taken by a directory: every append fails (as root too, unlike chmod).
    rmSync(join(dir, 'submits.jsonl'), { force: true })
    mkdirSync(join(dir, 'submits.jsonl'))
    let sent = 0
    const answer = await submit(gate, 't', 'x', 'fp', async () => {
      sent += 1
      return { kind: 'answered', response: Response.json({ request_id: 'r' }), requestId: 'r' }
    })
    expect(answer.response.status).toBe(503)
    expect(answer.charge).toBe('none')
    const refusal = (await answer.response.json()) as { code: string; message: string }
    expect(refusal.code).toBe('storage_unavailable')
    expect(refusal.message).toMatch(/could not write .*submits\.jsonl \(EISDIR\)/)
    expect(sent).toBe(0)
    expect(await store.problem()).toMatch(/submits\.jsonl/)
    expect(await store.jobs.get('x')).toBeUndefined()
    expect((await store.spend.spent('t')).tokenMills).toBe(0)
  })

  it('refuses a new job with 503 submit_memory_full when every remembered job is in doubt, sending nothing', async () => {
    const { gate } = await open(dataDir(), Date.now, { maxRemembered: 1 })
    const lost: Forward = async () => {
      return { kind: 'in-doubt', response: Response.json({}, { status: 409 }) }
    }
    await submit(gate, 't', 'one', 'fp', lost)
    const up = counter()
    const full = await submit(gate, 't', 'two', 'fp', up.forward)
    expect(full.response.status).toBe(503)
    expect(await full.response.json()).toMatchObject({ code: 'submit_memory_full' })
    expect(full.charge).toBe('none')
    expect(up.count).toBe(0)
  })
})

describe('SubmitGate on a shared store (another instance holds the job)', () => {
  /** Another instance's claim and send, written straight to the store. */
  async function sentElsewhere(store: ProxyStore) {
    const claim = await store.jobs.claim({ jobId: 'job', token: 't', fingerprint: 'fp' })
    if (claim.kind !== 'claimed') throw new Error(`expected a free job, got ${claim.kind}`)
    await store.jobs.markSent('job', claim.claim)
  }

  it('reads the record again until the other send is answered, then replays it without sending', async () => {
    const { gate, store } = await open(dataDir(), Date.now, { shared: true })
    await sentElsewhere(store)
    const up = counter()
    const resend = submit(gate, 't', 'job', 'fp', up.forward)
    await new Promise((resolve) => setTimeout(resolve, 20))
    await store.jobs.answer('job', { status: 200, body: '{"request_id":"req-there"}', requestId: 'req-there' })
    expect(await body(resend)).toMatchObject({ request_id: 'req-there' })
    expect(up.count).toBe(0)
  })

  it("sends itself once the other instance forgets the job (fal refused it there)", async () => {
    const { gate, store } = await open(dataDir(), Date.now, { shared: true })
    await sentElsewhere(store)
    const up = counter()
    const resend = submit(gate, 't', 'job', 'fp', up.forward)
    await new Promise((resolve) => setTimeout(resolve, 20))
    await store.jobs.forget('job')
    expect(await body(resend)).toMatchObject({ request_id: 'req-1' })
    expect(up.count).toBe(1)
  })

  it("waits while another token only holds a claim (nothing sent yet), and sends once that claim is given up", async () => {
    const { gate, store } = await open(dataDir(), Date.now, { shared: true })
    const claim = await store.jobs.claim({ jobId: 'job', token: 'someone-else', fingerprint: 'fp' })
    if (claim.kind !== 'claimed') throw new Error(`expected a free job, got ${claim.kind}`)
    const up = counter()
    const resend = submit(gate, 't', 'job', 'fp', up.forward)
    await new Promise((resolve) => setTimeout(resolve, 20))
    // The other request's budget refused it: it gives the claim up, having sent nothing.
    await store.jobs.release('job', claim.claim)
    const answer = await resend
    expect(await answer.response.json()).toMatchObject({ request_id: 'req-1' })
    expect(up.count).toBe(1)
  })

  it('answers in doubt once the other send is older than the send window', async () => {
    let now = 1_000_000
    const { gate, store } = await open(dataDir(), () => now, { shared: true })
    await sentElsewhere(store)
    now += 1000
    const up = counter()
    const answer = await submit(gate, 't', 'job', 'fp', up.forward)
    expect(await answer.response.json()).toMatchObject({ code: 'submit_in_doubt' })
    expect(answer.charge).toBe('kept')
    expect(up.count).toBe(0)
  })
})

describe('files from before job ids were one per proxy (keyed by token and job id)', () => {
  const A = 'a'.repeat(64)
  const B = 'b'.repeat(64)

  it("a later token's lines for the same job id neither replace nor forget the first token's send", async () => {
    const dir = dataDir()
    const at = Date.now() - 60_000
    // The old version let a rotated token resend job1: A's send is in doubt, B's resend was refused by fal.
    appendFileSync(
      join(dir, 'submits.jsonl'),
      [
        { key: `${A}:job1`, fingerprint: 'fp', at, state: 'intent' },
        { key: `${B}:job1`, fingerprint: 'fp', at: at + 1, state: 'intent' },
        { key: `${B}:job1`, fingerprint: 'fp', at: at + 2, state: 'forgotten' }
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n'
    )
    const { gate } = await open(dir)
    const fal = counter()
    // A's send stands: A gets the in-doubt refusal, B the other-token refusal; nothing is sent again.
    expect(await body(submit(gate, A, 'job1', 'fp', fal.forward))).toMatchObject({ code: 'submit_in_doubt' })
    expect(await body(submit(gate, B, 'job1', 'fp', fal.forward))).toMatchObject({ code: 'job_other_token' })
    expect(fal.count).toBe(0)
    expect(lines(join(dir, 'submits.jsonl')).length).toBeGreaterThan(0)
  })
})
