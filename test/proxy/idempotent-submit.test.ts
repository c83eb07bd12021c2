// Idempotent submits: a submit sent again with the same x-keyframe-job (the client's own retry after a
// lost answer, a concurrent double click, a resend after a restart) is answered with the first answer,
// never forwarded or charged again. Offline and live, through the real @fal-ai/client where it can be.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { setOfflineFaults } from '../../src/dev/offline-control'
import { createFakeFal } from './fake-fal'
import {
  callProxy,
  falClientFor,
  JOB_HEADER,
  ledgerLines,
  O3_T2I,
  offlineRequests,
  QUEUE,
  startTestProxy,
  type TestProxy,
  testToken,
  V3_T2I
} from './helpers'

const SUBMIT = `${QUEUE}/${O3_T2I}`
const FAL_KEY = 'test-only-fal-key-idempotent'
const ALICE = testToken('alice-idem')
const BOB = testToken('bob-idem')

const running: TestProxy[] = []
const dirs: string[] = []
afterEach(async () => {
  while (running.length) await running.pop()!.stop()
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true })
})

async function offlineProxy(options: Parameters<typeof startTestProxy>[0] = {}) {
  const proxy = await startTestProxy({ offlineLatencyMs: 100, ...options })
  running.push(proxy)
  return proxy
}

async function liveProxy(options: Parameters<typeof startTestProxy>[0] = {}) {
  const fal = createFakeFal()
  const proxy = await startTestProxy({ falKey: FAL_KEY, tokens: [ALICE, BOB], upstreamFetch: (i, init) => fal.fetch(i, init), ...options })
  running.push(proxy)
  return { proxy, fal }
}


const submitRaw = (proxy: TestProxy, jobId: string | undefined, body: unknown = { prompt: 'same job' }, token?: string) =>
  callProxy(proxy.proxyUrl, { target: SUBMIT, body, token, headers: jobId ? { [JOB_HEADER]: jobId } : {} })

const submits = (fal: ReturnType<typeof createFakeFal>) => fal.calls.filter((c) => c.method === 'POST')

describe('idempotent submits (offline)', () => {
  it("a lost submit answer and the real client's own retry: one job, one charge, the first request id", async () => {
    const proxy = await offlineProxy()
    await setOfflineFaults(proxy.url, { dropSubmitResponse: 1 })
    const fal = falClientFor(proxy.proxyUrl)
    const submitted = await fal.queue.submit(O3_T2I, { input: { prompt: 'lost reply' }, headers: { [JOB_HEADER]: 'job-lost-reply' } })
    const jobs = await offlineRequests(proxy.url)
    expect(jobs).toHaveLength(1)
    expect(submitted.request_id).toBe(jobs[0]!.request_id)
    expect(ledgerLines(proxy.dataDir, 'ledger-offline', 'reserve')).toHaveLength(1)
    expect(proxy.logs.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(expect.objectContaining({ call: 'submit', endpoint: O3_T2I, repeat: true }))
    // And the job it names finishes as usual.
    await fal.queue.subscribeToStatus(O3_T2I, { requestId: submitted.request_id, pollInterval: 30 })
    const result = await fal.queue.result(O3_T2I, { requestId: submitted.request_id })
    expect((result.data as { images: unknown[] }).images).toHaveLength(1)
  })

  it('without the header the same lost answer is queued and paid twice (what the header prevents)', async () => {
    const proxy = await offlineProxy()
    await setOfflineFaults(proxy.url, { dropSubmitResponse: 1 })
    await falClientFor(proxy.proxyUrl).queue.submit(O3_T2I, { input: { prompt: 'no job id' } })
    expect(await offlineRequests(proxy.url)).toHaveLength(2)
    expect(ledgerLines(proxy.dataDir, 'ledger-offline', 'reserve')).toHaveLength(2)
  })

  it('20 concurrent identical submits: one is queued, all 20 get its answer', async () => {
    const proxy = await offlineProxy()
    await setOfflineFaults(proxy.url, { slowMs: 150 }) // the first is still in flight when the others arrive
    const answers = await Promise.all(Array.from({ length: 20 }, () => submitRaw(proxy, 'job-twenty')))
    const bodies = await Promise.all(answers.map((a) => a.json() as Promise<Record<string, unknown>>))
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200))
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1)
    expect(answers.filter((a) => a.headers.get('x-keyframe-idempotent-replay') === 'true')).toHaveLength(19)
    expect(await offlineRequests(proxy.url)).toHaveLength(1)
    expect(ledgerLines(proxy.dataDir, 'ledger-offline', 'reserve')).toHaveLength(1)
  })

  it('a restart remembers: the same job id gets the same answer from the new server', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keyframe-idem-restart-'))
    dirs.push(dataDir)
    const first = await startTestProxy({ dataDir, offlineLatencyMs: 100 })
    const before = (await (await submitRaw(first, 'job-restart')).json()) as Record<string, unknown>
    await first.stop(true)
    const second = await startTestProxy({ dataDir, offlineLatencyMs: 100 })
    try {
      const again = await submitRaw(second, 'job-restart')
      expect(again.headers.get('x-keyframe-idempotent-replay')).toBe('true')
      expect(await again.json()).toEqual(before)
      expect(ledgerLines(dataDir, 'ledger-offline', 'reserve')).toHaveLength(1)
      expect((await offlineRequests(second.url)).map((r) => r.request_id)).toEqual([before.request_id])
    } finally {
      await second.stop(true)
    }
  })

  it('the same job id with other settings is refused (409), nothing queued', async () => {
    const proxy = await offlineProxy()
    expect((await submitRaw(proxy, 'job-settings', { prompt: 'one' })).status).toBe(200)
    const other = await submitRaw(proxy, 'job-settings', { prompt: 'two' })
    expect(other.status).toBe(409)
    expect(((await other.json()) as { message: string }).message).toMatch(/already submitted with other settings/)
    expect(await offlineRequests(proxy.url)).toHaveLength(1)
  })

  it('a submit the first time refused is tried again, and a malformed job id is refused', async () => {
    const proxy = await offlineProxy()
    await setOfflineFaults(proxy.url, { submit: { status: 500, times: 1 } })
    expect((await submitRaw(proxy, 'job-retry-after-500')).status).toBe(500)
    expect((await submitRaw(proxy, 'job-retry-after-500')).status).toBe(200)
    expect(await offlineRequests(proxy.url)).toHaveLength(1)
    // The refused one was given back.
    expect(ledgerLines(proxy.dataDir, 'ledger-offline', 'release')).toHaveLength(1)
    const bad = await submitRaw(proxy, 'not a job id!')
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { message: string }).message).toMatch(/x-keyframe-job/)
  })

  it('without the header every submit is its own job, as before', async () => {
    const proxy = await offlineProxy()
    await submitRaw(proxy, undefined)
    await submitRaw(proxy, undefined)
    expect(await offlineRequests(proxy.url)).toHaveLength(2)
  })
})

describe('idempotent submits (live)', () => {
  it('20 concurrent identical submits: one reaches fal, one is charged', async () => {
    const { proxy, fal } = await liveProxy({ budgetUsdPerDay: 1 })
    fal.delayMs = 100
    const answers = await Promise.all(Array.from({ length: 20 }, () => submitRaw(proxy, 'live-twenty', { prompt: 'p' }, ALICE)))
    const ids = await Promise.all(answers.map(async (a) => ((await a.json()) as { request_id: string }).request_id))
    expect(new Set(ids)).toEqual(new Set(['req-1']))
    expect(submits(fal)).toHaveLength(1)
    expect(ledgerLines(proxy.dataDir, 'ledger', 'reserve')).toHaveLength(1)
  })

  it('the header is never forwarded to fal, and the real client sends it through CORS', async () => {
    const { proxy, fal } = await liveProxy()
    const preflight = await fetch(proxy.proxyUrl, {
      method: 'OPTIONS',
      headers: { origin: 'null', 'access-control-request-method': 'POST', 'access-control-request-headers': `authorization, content-type, ${JOB_HEADER}` }
    })
    expect(preflight.headers.get('access-control-allow-headers')).toContain(JOB_HEADER)
    const client = falClientFor(proxy.proxyUrl, ALICE)
    const a = await client.queue.submit(V3_T2I, { input: { prompt: 'header' }, headers: { [JOB_HEADER]: 'live-header' } })
    const b = await client.queue.submit(V3_T2I, { input: { prompt: 'header' }, headers: { [JOB_HEADER]: 'live-header' } })
    expect(b.request_id).toBe(a.request_id)
    expect(submits(fal)).toHaveLength(1)
    expect(Object.keys(submits(fal)[0]!.headers)).not.toContain(JOB_HEADER)
  })

  it('a job id belongs to the token that sent it: the same id from another token is refused, not a second job', async () => {
    const { proxy, fal } = await liveProxy()
    const a = (await (await submitRaw(proxy, 'shared-id', { prompt: 'p' }, ALICE)).json()) as { request_id: string }
    const b = await submitRaw(proxy, 'shared-id', { prompt: 'p' }, BOB)
    expect(b.status).toBe(409)
    expect(await b.json()).toMatchObject({ code: 'job_other_token', job_id: 'shared-id' })
    expect(submits(fal)).toHaveLength(1)
    // The owner's resend is still the first answer.
    expect(await (await submitRaw(proxy, 'shared-id', { prompt: 'p' }, ALICE)).json()).toMatchObject({ request_id: a.request_id })
  })

  it('fal refusing the first leaves nothing remembered: the resend is forwarded and charged once', async () => {
    const { proxy, fal } = await liveProxy({ budgetUsdPerDay: 1 })
    fal.submitAnswer = () => Response.json({ detail: 'busy' }, { status: 503 })
    expect((await submitRaw(proxy, 'live-503', { prompt: 'p' }, ALICE)).status).toBe(503)
    fal.submitAnswer = undefined
    expect((await submitRaw(proxy, 'live-503', { prompt: 'p' }, ALICE)).status).toBe(200)
    expect((await submitRaw(proxy, 'live-503', { prompt: 'p' }, ALICE)).status).toBe(200)
    expect(submits(fal)).toHaveLength(2)
    expect(ledgerLines(proxy.dataDir, 'ledger', 'commit')).toHaveLength(1)
  })

  it('a restarted live proxy answers a resend from its file, without calling fal', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keyframe-idem-live-'))
    dirs.push(dataDir)
    const first = await liveProxy({ dataDir })
    running.pop()
    const before = await (await submitRaw(first.proxy, 'live-restart', { prompt: 'p' }, ALICE)).json()
    await first.proxy.stop(true)
    const second = await liveProxy({ dataDir })
    running.pop()
    try {
      expect(await (await submitRaw(second.proxy, 'live-restart', { prompt: 'p' }, ALICE)).json()).toEqual(before)
      expect(submits(second.fal)).toHaveLength(0)
    } finally {
      await second.proxy.stop(true)
    }
  })
})
