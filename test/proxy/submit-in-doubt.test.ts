// A submit whose outcome is unknown (sent to fal, no answer) is "in doubt": it stays charged and is never
// forwarded again under the same job id, in this process or after a restart; resends get 409
// submit_in_doubt. The intent is on disk before anything is forwarded: if it cannot be written, nothing is
// sent (503 naming the storage problem). Live mode against the local fal stand-in, through the real server.
import { mkdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'

import { ApiError } from '@fal-ai/client'
import { describe, expect, it } from 'vitest'

import { createFakeFal, type FakeFal } from './fake-fal'
import { callProxy, cleanedAfterEach, falClientFor, JOB_HEADER, ledgerLines, O3_T2I, QUEUE, startTestProxy, type TestProxy, testToken } from './helpers'

const FAL_KEY = 'test-only-fal-key-in-doubt'
const ALICE = testToken('alice-in-doubt-token')
const SUBMIT = `${QUEUE}/${O3_T2I}`

const { running, tempDir } = cleanedAfterEach('keyframe-in-doubt-')

async function liveProxy(dataDir: string, fal: FakeFal = createFakeFal(), budgetUsdPerDay = 0.056) {
  const proxy = await startTestProxy({ falKey: FAL_KEY, tokens: [ALICE], budgetUsdPerDay, dataDir, upstreamFetch: (i, init) => fal.fetch(i, init) })
  running.push(proxy)
  return { proxy, fal }
}

const submit = (proxy: TestProxy, jobId?: string, prompt = 'in doubt') =>
  callProxy(proxy.proxyUrl, { token: ALICE, target: SUBMIT, body: { prompt }, headers: jobId ? { [JOB_HEADER]: jobId } : {} })
const forwardedSubmits = (fal: FakeFal) => fal.calls.filter((c) => c.method === 'POST')

/** fal takes the job (the call is recorded), then the connection drops before its answer arrives. */
function resetAfterAccepting(fal: FakeFal): void {
  fal.submitAnswer = () => {
    throw new TypeError('fetch failed: socket hang up')
  }
}

describe('in-doubt submits', () => {
  it('a reset after fal took the submit: kept charged, and no resend reaches fal, also after a restart', async () => {
    const dataDir = tempDir()
    const { proxy, fal } = await liveProxy(dataDir)
    resetAfterAccepting(fal)
    const first = await submit(proxy, 'job-reset')
    expect(first.status).toBe(409)
    const body = (await first.json()) as { code: string; message: string; job_id: string }
    expect(body).toMatchObject({ code: 'submit_in_doubt', job_id: 'job-reset' })
    expect(body.message).toMatch(/may have reached fal.*kept charged and is not sent again.*start a new job/)

    // fal answers normally again: resends of that job are still refused, without forwarding.
    fal.submitAnswer = undefined
    for (let i = 0; i < 3; i++) expect(await (await submit(proxy, 'job-reset')).json()).toMatchObject({ code: 'submit_in_doubt' })
    expect(forwardedSubmits(fal)).toHaveLength(1)
    expect(ledgerLines(dataDir, 'ledger', 'kept')).toEqual([expect.objectContaining({ reason: 'in doubt: no answer from fal (TypeError)' })])
    expect(ledgerLines(dataDir, 'ledger', 'release')).toHaveLength(0)

    await proxy.stop(true)
    running.pop()
    const again = await liveProxy(dataDir)
    const afterRestart = await submit(again.proxy, 'job-reset')
    expect(afterRestart.status).toBe(409)
    expect(await afterRestart.json()).toMatchObject({ code: 'submit_in_doubt' })
    expect(forwardedSubmits(again.fal)).toHaveLength(0)
    // Still charged after the restart: $0.028 of $0.056 is left, one image fits, a second does not.
    expect((await submit(again.proxy, 'job-new-1', 'one')).status).toBe(200)
    expect((await submit(again.proxy, 'job-new-2', 'two')).status).toBe(402)
  })

  it('the real client does not resend it (409), and surfaces the message', async () => {
    const { proxy, fal } = await liveProxy(tempDir())
    resetAfterAccepting(fal)
    const client = falClientFor(proxy.proxyUrl, ALICE)
    const error = await client.queue.submit(O3_T2I, { input: { prompt: 'x' }, headers: { [JOB_HEADER]: 'job-client' } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError<unknown>).status).toBe(409)
    expect((error as ApiError<unknown>).message).toMatch(/may have reached fal/)
    expect(forwardedSubmits(fal)).toHaveLength(1)
  })

  it('the error text (which may carry the key) is logged scrubbed and never written to the ledger', async () => {
    const dataDir = tempDir()
    const { proxy, fal } = await liveProxy(dataDir)
    fal.submitAnswer = () => {
      throw new Error(`read ECONNRESET while sending Key ${FAL_KEY}`, { cause: { code: 'ECONNRESET' } })
    }
    expect((await submit(proxy, 'job-leak')).status).toBe(409)
    expect(ledgerLines(dataDir, 'ledger', 'kept')).toEqual([expect.objectContaining({ reason: 'in doubt: no answer from fal (ECONNRESET)' })])
    expect(proxy.logs.some((l) => /in doubt .*ECONNRESET/.test(l))).toBe(true)
    expect(proxy.logs.join('\n')).not.toContain(FAL_KEY)
  })

  it('an accepted answer without a readable request id is in doubt too', async () => {
    const dataDir = tempDir()
    const { proxy, fal } = await liveProxy(dataDir)
    fal.submitAnswer = () => new Response('<html>gateway</html>', { status: 200, headers: { 'content-type': 'text/html' } })
    expect(await (await submit(proxy, 'job-garbled')).json()).toMatchObject({ code: 'submit_in_doubt' })
    fal.submitAnswer = undefined
    expect((await submit(proxy, 'job-garbled')).status).toBe(409)
    expect(forwardedSubmits(fal)).toHaveLength(1)
    expect(ledgerLines(dataDir, 'ledger', 'kept')).toHaveLength(1)
  })

  it('a submit without a job id is charged honestly: kept when in doubt, and answered 409 so the client does not resend it', async () => {
    const dataDir = tempDir()
    const { proxy, fal } = await liveProxy(dataDir, createFakeFal(), 0.028)
    resetAfterAccepting(fal)
    expect(await (await submit(proxy)).json()).toMatchObject({ code: 'submit_in_doubt', message: expect.stringMatching(/^This submit may have reached fal/) })
    fal.submitAnswer = undefined
    const refused = await submit(proxy)
    expect(refused.status).toBe(402)
    expect(forwardedSubmits(fal)).toHaveLength(1)
  })

  it('fal refusing (4xx, 5xx) gives the money back and lets a resend through; a 422 is kept and replayed', async () => {
    const dataDir = tempDir()
    const { proxy, fal } = await liveProxy(dataDir, createFakeFal(), 0.028)
    fal.submitAnswer = () => Response.json({ detail: 'Too many requests' }, { status: 429 })
    expect((await submit(proxy, 'job-a')).status).toBe(429)
    fal.submitAnswer = () => Response.json({ detail: 'Internal error' }, { status: 500 })
    expect((await submit(proxy, 'job-a')).status).toBe(500)
    expect(ledgerLines(dataDir, 'ledger', 'release')).toHaveLength(2)

    fal.submitAnswer = () => Response.json({ detail: [{ loc: ['body', 'prompt'], msg: 'blocked', type: 'value_error' }] }, { status: 422 })
    expect((await submit(proxy, 'job-a')).status).toBe(422)
    // fal may bill a 422: kept, and the same job is answered from memory rather than sent (and paid) again.
    const replay = await submit(proxy, 'job-a')
    expect(replay.status).toBe(422)
    expect(replay.headers.get('x-keyframe-idempotent-replay')).toBe('true')
    expect(ledgerLines(dataDir, 'ledger', 'kept')).toEqual([expect.objectContaining({ reason: 'fal answered 422, which it may bill' })])
    fal.submitAnswer = undefined
    expect((await submit(proxy, 'job-b', 'other')).status).toBe(402)
    expect(forwardedSubmits(fal)).toHaveLength(3)
  })
})

describe('intent before forwarding (fail closed)', () => {
  it('an intent that cannot be written: nothing forwarded, 503 naming the storage, the reservation given back, /healthz not ok', async () => {
    const dataDir = tempDir()
    const { proxy, fal } = await liveProxy(dataDir)
    // The submits file's place is taken by a directory, so appending to it fails (as root too).
    mkdirSync(join(dataDir, 'submits.jsonl'))
    const refused = await submit(proxy, 'job-no-intent')
    expect(refused.status).toBe(503)
    const body = (await refused.json()) as { code: string; message: string }
    expect(body.code).toBe('storage_unavailable')
    expect(body.message).toMatch(/^Nothing was sent to fal: The proxy could not write .*submits\.jsonl \(EISDIR\)\. Make DATA_DIR writable/)
    expect(body.message).not.toMatch(/reach fal/)
    expect(forwardedSubmits(fal)).toHaveLength(0)
    expect(ledgerLines(dataDir, 'ledger', 'release')).toEqual([expect.objectContaining({ reason: 'submit intent could not be recorded; not sent' })])
    const health = await fetch(`${proxy.url}/healthz`)
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({ ok: false, reason: expect.stringMatching(/could not write .*submits\.jsonl/) })

    // Fixed: the same job goes through, and health is ok again.
    rmSync(join(dataDir, 'submits.jsonl'), { recursive: true })
    expect((await submit(proxy, 'job-no-intent')).status).toBe(200)
    expect(await (await fetch(`${proxy.url}/healthz`)).json()).toEqual({ ok: true, mode: 'live' })
  })

  it('when recording the accepted answer fails after forwarding, the intent on disk makes a resend after a restart in doubt', async () => {
    const dataDir = tempDir()
    const file = join(dataDir, 'submits.jsonl')
    const { proxy, fal } = await liveProxy(dataDir)
    fal.submitAnswer = () => {
      // While fal handles it, the disk goes away: the intent is already written, the answer will not be.
      renameSync(file, `${file}.aside`)
      mkdirSync(file)
      return Response.json({ status: 'IN_QUEUE', request_id: 'req-1' }, { headers: { 'x-fal-request-id': 'req-1' } })
    }
    const first = await submit(proxy, 'job-lost-answer')
    // The designer still gets fal's answer: the job is running and paid.
    expect(first.status).toBe(200)
    expect(((await first.json()) as { request_id: string }).request_id).toBe('req-1')
    expect((await (await fetch(`${proxy.url}/healthz`)).json()) as object).toMatchObject({ ok: false })
    await proxy.stop(true)
    running.pop()
    rmSync(file, { recursive: true })
    renameSync(`${file}.aside`, file)

    const again = await liveProxy(dataDir)
    expect(await (await submit(again.proxy, 'job-lost-answer')).json()).toMatchObject({ code: 'submit_in_doubt' })
    expect(forwardedSubmits(again.fal)).toHaveLength(0)
  })
})

describe('the memory cap never forgets an in-doubt job', () => {
  async function cappedProxy(maxRememberedSubmits: number) {
    const fal = createFakeFal()
    const proxy = await startTestProxy({ falKey: FAL_KEY, tokens: [ALICE], budgetUsdPerDay: 1, maxRememberedSubmits, dataDir: tempDir(), upstreamFetch: (i, init) => fal.fetch(i, init) })
    running.push(proxy)
    return { proxy, fal }
  }

  it('full of in-doubt jobs: a new submit is refused (503, nothing sent or reserved) and the in-doubt ones stay refused', async () => {
    const { proxy, fal } = await cappedProxy(2)
    resetAfterAccepting(fal)
    for (const job of ['job-doubt-1', 'job-doubt-2']) expect(await (await submit(proxy, job)).json()).toMatchObject({ code: 'submit_in_doubt' })
    fal.submitAnswer = undefined
    const refused = await submit(proxy, 'job-new', 'new')
    expect(refused.status).toBe(503)
    const body = (await refused.json()) as Record<string, unknown>
    expect(body).toMatchObject({ code: 'submit_memory_full', keyframe_charge: 'none' })
    expect(body.message).toMatch(/^Nothing was sent to fal: this proxy holds 2 submits whose outcome is unknown \(in doubt\).*sent and paid twice.*Tell your admin/)
    expect(forwardedSubmits(fal)).toHaveLength(2)
    expect(ledgerLines(proxy.dataDir, 'ledger', 'reserve')).toHaveLength(2)
    for (const job of ['job-doubt-1', 'job-doubt-2']) expect(await (await submit(proxy, job)).json()).toMatchObject({ code: 'submit_in_doubt' })
    expect(forwardedSubmits(fal)).toHaveLength(2)
  })

  it('settled jobs make room, oldest first; the in-doubt one is kept through it', async () => {
    const { proxy, fal } = await cappedProxy(2)
    resetAfterAccepting(fal)
    await submit(proxy, 'job-doubt')
    fal.submitAnswer = undefined
    for (const n of [1, 2, 3]) expect((await submit(proxy, `job-ok-${n}`, `ok ${n}`)).status).toBe(200)
    expect(forwardedSubmits(fal)).toHaveLength(4)
    // The newest answered job is still replayed; the in-doubt one, older than all of them, is still refused.
    expect((await submit(proxy, 'job-ok-3', 'ok 3')).headers.get('x-keyframe-idempotent-replay')).toBe('true')
    expect(await (await submit(proxy, 'job-doubt')).json()).toMatchObject({ code: 'submit_in_doubt' })
    expect(forwardedSubmits(fal)).toHaveLength(4)
  })
})
