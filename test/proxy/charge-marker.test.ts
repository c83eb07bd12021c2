// What a submit's answer says about money (`keyframe_charge`), so the plugin says "Nothing was charged" only
// when that is known: "released" when fal refused a forwarded submit and its reservation was given back,
// "none" on every refusal of the proxy's own before anything was sent, and no field when the submit is
// charged or in doubt. A 502/504 from fal is in doubt, not a refusal: kept charged and never sent again.
// Live mode against the local fal stand-in, through the real server and, where it matters, the real client.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

import { ApiError } from '@fal-ai/client'
import { afterEach, describe, expect, it } from 'vitest'

import { createFakeFal, type FakeFal } from './fake-fal'
import { callProxy, falClientFor, JOB_HEADER, ledgerLines, O3_T2I, QUEUE, startTestProxy, type TestProxy, testToken } from './helpers'

const FAL_KEY = 'test-only-fal-key-charge-marker'
const ALICE = testToken('alice-charge-marker')
const SUBMIT = `${QUEUE}/${O3_T2I}`

const running: TestProxy[] = []
afterEach(async () => {
  while (running.length) await running.pop()!.stop()
})

async function liveProxy(options: Parameters<typeof startTestProxy>[0] = {}) {
  const fal = createFakeFal()
  const proxy = await startTestProxy({ falKey: FAL_KEY, tokens: [ALICE], upstreamFetch: (i, init) => fal.fetch(i, init), ...options })
  running.push(proxy)
  return { proxy, fal }
}

const submit = (proxy: TestProxy, jobId?: string, extra: { body?: unknown; token?: string | undefined; target?: string; headers?: Record<string, string> } = {}) =>
  callProxy(proxy.proxyUrl, {
    token: 'token' in extra ? extra.token : ALICE,
    target: extra.target ?? SUBMIT,
    body: extra.body ?? { prompt: 'what did it cost' },
    headers: { ...(jobId ? { [JOB_HEADER]: jobId } : {}), ...extra.headers }
  })
const forwardedSubmits = (fal: FakeFal) => fal.calls.filter((c) => c.method === 'POST')

describe('a submit fal refused is marked released', () => {
  it.each([
    ['a 500', 500],
    ['a 503', 503],
    ['a 400', 400],
    ['a 429', 429]
  ])('%s from fal: its fields kept, "released" added, the reservation given back', async (_what, status) => {
    const { proxy, fal } = await liveProxy()
    fal.submitAnswer = () => Response.json({ detail: 'fal says no', request_id: 'req-refused' }, { status, headers: { 'retry-after': '3' } })
    const res = await submit(proxy, `job-${status}`)
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('retry-after')).toBe('3')
    const text = await res.text()
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text))
    expect(JSON.parse(text)).toEqual({ detail: 'fal says no', request_id: 'req-refused', keyframe_charge: 'released' })
    expect(ledgerLines(proxy.dataDir, 'ledger', 'release')).toEqual([expect.objectContaining({ reason: `fal answered ${status}` })])
    // Released, so the same job may be sent again, and this time fal takes it.
    fal.submitAnswer = undefined
    const again = await submit(proxy, `job-${status}`)
    expect(again.status).toBe(200)
    expect(await again.json()).not.toHaveProperty('keyframe_charge')
  })

  it('a body that is not JSON (a gateway page) is wrapped as { detail, keyframe_charge }, cut to 500 characters', async () => {
    const { proxy, fal } = await liveProxy()
    const page = `<html><body>${'Service Unavailable. '.repeat(60)}</body></html>`
    fal.submitAnswer = () => new Response(page, { status: 503, headers: { 'content-type': 'text/html' } })
    const res = await submit(proxy, 'job-html')
    expect(res.status).toBe(503)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const body = (await res.json()) as { detail: string; keyframe_charge: string }
    expect(body).toEqual({ detail: page.slice(0, 500), keyframe_charge: 'released' })
    expect(body.detail).toHaveLength(500)
  })

  it('the real client sees the marker on the ApiError it throws', async () => {
    const { proxy, fal } = await liveProxy()
    fal.submitAnswer = () => Response.json({ detail: 'no capacity' }, { status: 500 })
    const error = await falClientFor(proxy.proxyUrl, ALICE)
      .queue.submit(O3_T2I, { input: { prompt: 'refused' }, headers: { [JOB_HEADER]: 'job-client-500' } })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError<unknown>).status).toBe(500)
    expect((error as ApiError<unknown>).body).toEqual({ detail: 'no capacity', keyframe_charge: 'released' })
  })
})

describe('what stays charged carries no marker', () => {
  it('an accepted submit, its replay, and a 422 fal may bill', async () => {
    const { proxy, fal } = await liveProxy()
    const accepted = await submit(proxy, 'job-ok')
    expect(accepted.status).toBe(200)
    expect(await accepted.json()).not.toHaveProperty('keyframe_charge')
    const replay = await submit(proxy, 'job-ok')
    expect(replay.headers.get('x-keyframe-idempotent-replay')).toBe('true')
    expect(await replay.json()).not.toHaveProperty('keyframe_charge')
    fal.submitAnswer = () => Response.json({ detail: [{ loc: ['body', 'prompt'], msg: 'flagged', type: 'content_policy' }] }, { status: 422 })
    const billed = await submit(proxy, 'job-422')
    expect(billed.status).toBe(422)
    expect(await billed.json()).not.toHaveProperty('keyframe_charge')
    expect(ledgerLines(proxy.dataDir, 'ledger', 'kept')).toEqual([expect.objectContaining({ reason: 'fal answered 422, which it may bill' })])
  })

  it('a connection reset after sending is in doubt: 409 without a marker, also on resend', async () => {
    const { proxy, fal } = await liveProxy()
    fal.submitAnswer = () => {
      throw new TypeError('fetch failed: socket hang up')
    }
    const first = await submit(proxy, 'job-reset')
    expect(first.status).toBe(409)
    expect(await first.json()).not.toHaveProperty('keyframe_charge')
    const again = await submit(proxy, 'job-reset')
    expect(await again.json()).toEqual(expect.not.objectContaining({ keyframe_charge: expect.anything() }))
  })
})

describe("fal's 502 and 504 on submit are in doubt", () => {
  it.each([502, 504])('%i: kept charged, answered 409 submit_in_doubt, and never forwarded again', async (status) => {
    const { proxy, fal } = await liveProxy()
    fal.submitAnswer = () => Response.json({ detail: 'upstream timed out' }, { status })
    const first = await submit(proxy, `job-gateway-${status}`)
    expect(first.status).toBe(409)
    const body = (await first.json()) as Record<string, unknown>
    expect(body).toMatchObject({ code: 'submit_in_doubt', job_id: `job-gateway-${status}` })
    expect(body).not.toHaveProperty('keyframe_charge')
    expect(body.message).toMatch(new RegExp(`fal's gateway answered ${status}, which can come after fal queued the job\\. It was kept charged and is not sent again`))
    expect(ledgerLines(proxy.dataDir, 'ledger', 'kept')).toEqual([expect.objectContaining({ reason: `in doubt: fal answered ${status} (a gateway error)` })])
    expect(ledgerLines(proxy.dataDir, 'ledger', 'release')).toHaveLength(0)
    fal.submitAnswer = undefined
    expect(await (await submit(proxy, `job-gateway-${status}`)).json()).toMatchObject({ code: 'submit_in_doubt' })
    expect(forwardedSubmits(fal)).toHaveLength(1)
  })

  it('the real client, which retries 502/504 by itself, sends the job to fal once', async () => {
    const { proxy, fal } = await liveProxy()
    // The reviewer's case: a 504 once, then fal would accept. Before, the client's retry was a second paid job.
    fal.submitAnswer = () => {
      fal.submitAnswer = undefined
      return Response.json({ detail: 'gateway timeout' }, { status: 504 })
    }
    const error = await falClientFor(proxy.proxyUrl, ALICE)
      .queue.submit(O3_T2I, { input: { prompt: 'x' }, headers: { [JOB_HEADER]: 'job-504' } })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError<unknown>).status).toBe(409)
    expect((error as ApiError<{ code: string }>).body.code).toBe('submit_in_doubt')
    expect(forwardedSubmits(fal)).toHaveLength(1)
    expect(ledgerLines(proxy.dataDir, 'ledger', 'reserve')).toHaveLength(1)
    expect(ledgerLines(proxy.dataDir, 'ledger', 'release')).toHaveLength(0)
  })
})

describe("the proxy's own refusals of a submit are marked none", () => {
  // Each: what the proxy refused, the settings, what comes first, the refused call and its status.
  type Setup = (p: TestProxy) => Promise<unknown> | void
  const cases: [string, Parameters<typeof liveProxy>[0], Setup, (p: TestProxy) => Promise<Response>, number][] = [
    ['no token', {}, () => undefined, (p) => submit(p, 'job-a', { token: undefined }), 401],
    ['a wrong token', {}, () => undefined, (p) => submit(p, 'job-a', { token: testToken('not-on-the-list') }), 401],
    ['another endpoint', {}, () => undefined, (p) => submit(p, 'job-a', { target: `${QUEUE}/fal-ai/flux/dev` }), 403],
    ['no target header', {}, () => undefined, (p) => callProxy(p.proxyUrl, { token: ALICE, body: { prompt: 'x' } }), 400],
    ['a body over the limit', { maxJsonBytes: 1024 }, () => undefined, (p) => submit(p, 'job-a', { body: { prompt: 'x'.repeat(2000) } }), 413],
    ['a malformed job id', {}, () => undefined, (p) => submit(p, 'job id with spaces'), 400],
    ['a body that is not JSON', {}, () => undefined, (p) => submit(p, 'job-a', { body: '{not json' }), 422],
    ['input the schema refuses', {}, () => undefined, (p) => submit(p, 'job-a', { body: { prompt: '' } }), 422],
    ['the budget', { budgetUsdPerDay: 0.01 }, () => undefined, (p) => submit(p, 'job-a'), 402],
    ['the submit rate limit', { submitRateLimitPerMinute: 1 }, (p) => submit(p, 'job-first'), (p) => submit(p, 'job-a'), 429],
    [
      'a job id reused with other settings',
      {},
      (p) => submit(p, 'job-reused', { body: { prompt: 'one' } }),
      (p) => submit(p, 'job-reused', { body: { prompt: 'two' } }),
      409
    ],
    [
      'storage that cannot be written',
      {},
      (p) => mkdirSync(join(p.dataDir, 'submits.jsonl')),
      (p) => submit(p, 'job-a'),
      503
    ]
  ]
  it.each(cases)('%s', async (_what, options, setup, call, status) => {
    const { proxy, fal } = await liveProxy(options)
    await setup(proxy)
    const before = forwardedSubmits(fal).length
    const res = await call(proxy)
    expect(res.status).toBe(status)
    const body = (await res.json()) as Record<string, unknown>
    expect(body.keyframe_charge).toBe('none')
    // The proxy's own fields are kept: a message (or fal's 422 shape) and, where it has one, a code.
    expect(body.message ?? body.detail).toBeTruthy()
    expect(forwardedSubmits(fal).length).toBe(before)
  })

  it('calls that are not submits are left as they are', async () => {
    const { proxy } = await liveProxy()
    const unknown = await callProxy(proxy.proxyUrl, { method: 'GET', token: ALICE, target: `${QUEUE}/fal-ai/kling-image/requests/req-404/status` })
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toEqual(expect.not.objectContaining({ keyframe_charge: expect.anything() }))
    const noToken = await callProxy(proxy.proxyUrl, { method: 'GET', target: `${QUEUE}/fal-ai/kling-image/requests/req-404/status` })
    expect(noToken.status).toBe(401)
    expect(await noToken.json()).not.toHaveProperty('keyframe_charge')
  })
})
