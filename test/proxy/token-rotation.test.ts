// Rotating a token must not pay a job twice. Remembered submits are keyed by job id (a UUID the plugin
// makes) and keep the token that sent the job: a resend under another token (the designer's new one after
// an admin rotated it, or a teammate's) is refused with 409 job_other_token and never forwarded, whether
// the first send was accepted or is in doubt. Files written by earlier versions, keyed by token hash and
// job id, are still honoured after an upgrade. Live mode against the local fal stand-in, real server.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { validateInput } from '../../src/kling'
import { hashToken } from '../../src/proxy/auth'
import { submitFingerprint } from '../../src/proxy/submit-gate'
import { createFakeFal, type FakeFal } from './fake-fal'
import { callProxy, cleanedAfterEach, JOB_HEADER, ledgerLines, O3_T2I, QUEUE, startTestProxy, type TestProxy, testToken } from './helpers'

const FAL_KEY = 'test-only-fal-key-rotation'
const OLD = testToken('alice-before-rotation')
const NEW = testToken('alice-after-rotation')
const SUBMIT = `${QUEUE}/${O3_T2I}`
const REQUESTS = `${QUEUE}/fal-ai/kling-image/requests`

const { running, tempDir } = cleanedAfterEach('keyframe-rotation-')

async function liveProxy(dataDir: string, tokens: string[], fal: FakeFal = createFakeFal()) {
  const proxy = await startTestProxy({ falKey: FAL_KEY, tokens, dataDir, upstreamFetch: (i, init) => fal.fetch(i, init) })
  running.push(proxy)
  return { proxy, fal }
}

async function restart(proxy: TestProxy, dataDir: string, tokens: string[]) {
  await proxy.stop(true)
  running.splice(running.indexOf(proxy), 1)
  return liveProxy(dataDir, tokens)
}

const submit = (proxy: TestProxy, token: string, jobId: string, prompt = 'rotate') =>
  callProxy(proxy.proxyUrl, { token, target: SUBMIT, body: { prompt }, headers: { [JOB_HEADER]: jobId } })
const forwardedSubmits = (fal: FakeFal) => fal.calls.filter((c) => c.method === 'POST')

describe('a job resent after its token was rotated', () => {
  it('is refused with job_other_token, not forwarded or charged again; its request says a rotated token may be why', async () => {
    const dataDir = tempDir()
    const first = await liveProxy(dataDir, [OLD])
    const accepted = (await (await submit(first.proxy, OLD, 'job-rotated')).json()) as { request_id: string }
    // The admin replaces Alice's token and restarts the proxy; her plugin resends the open job.
    const { proxy, fal } = await restart(first.proxy, dataDir, [NEW])
    const again = await submit(proxy, NEW, 'job-rotated')
    expect(again.status).toBe(409)
    const body = (await again.json()) as Record<string, unknown>
    expect(body).toMatchObject({ code: 'job_other_token', job_id: 'job-rotated' })
    expect(body.message).toMatch(/^Job job-rotated was already sent with another access token \(perhaps yours, before it was rotated\), so it was not sent again.*Ask your admin/)
    // Not "nothing was charged": the first send was.
    expect(body).not.toHaveProperty('keyframe_charge')
    expect(forwardedSubmits(fal)).toHaveLength(0)
    expect(ledgerLines(dataDir, 'ledger', 'reserve')).toHaveLength(1)

    const status = await callProxy(proxy.proxyUrl, { method: 'GET', token: NEW, target: `${REQUESTS}/${accepted.request_id}/status` })
    expect(status.status).toBe(403)
    expect(await status.json()).toMatchObject({ code: 'not_your_request', message: expect.stringMatching(/yours before it was rotated.*your admin/) })
  })

  it('an in-doubt job is refused the same way, and still in doubt for the token that sent it', async () => {
    const dataDir = tempDir()
    const { proxy, fal } = await liveProxy(dataDir, [OLD, NEW])
    fal.submitAnswer = () => {
      throw new TypeError('fetch failed: socket hang up')
    }
    expect(await (await submit(proxy, OLD, 'job-lost')).json()).toMatchObject({ code: 'submit_in_doubt' })
    fal.submitAnswer = undefined
    expect(await (await submit(proxy, NEW, 'job-lost')).json()).toMatchObject({ code: 'job_other_token' })
    expect(await (await submit(proxy, OLD, 'job-lost')).json()).toMatchObject({ code: 'submit_in_doubt' })
    expect(forwardedSubmits(fal)).toHaveLength(1)
  })

  it('two resends at once under the new token while the first is still with fal: none is forwarded', async () => {
    const { proxy, fal } = await liveProxy(tempDir(), [OLD, NEW])
    fal.delayMs = 100
    const answers = await Promise.all([submit(proxy, OLD, 'job-race'), submit(proxy, NEW, 'job-race'), submit(proxy, NEW, 'job-race')])
    // Which token's send reaches the proxy first is up to the network: that one is sent, and a send from
    // the other token is refused whether it arrives during or after it. A same-token repeat is replayed.
    const bodies = await Promise.all(answers.map(async (a) => ({ status: a.status, body: (await a.json()) as { code?: string } })))
    const sent = bodies.filter((b) => b.status === 200)
    const refused = bodies.filter((b) => b.body.code === 'job_other_token')
    expect(sent.length + refused.length).toBe(3)
    expect(refused.length).toBeGreaterThanOrEqual(1)
    expect(forwardedSubmits(fal)).toHaveLength(1)
  })

  it('a job fal refused (released) is not remembered, so another token may send it', async () => {
    const { proxy, fal } = await liveProxy(tempDir(), [OLD, NEW])
    fal.submitAnswer = () => Response.json({ detail: 'busy' }, { status: 503 })
    expect((await submit(proxy, OLD, 'job-refused')).status).toBe(503)
    fal.submitAnswer = undefined
    expect((await submit(proxy, NEW, 'job-refused')).status).toBe(200)
    expect(forwardedSubmits(fal)).toHaveLength(2)
  })
})

describe('upgrading from files keyed by token and job id', () => {
  it('an accepted job and an in-doubt one are still honoured for their token, refused for another, and rewritten by job id', async () => {
    const dataDir = tempDir()
    const at = Date.now() - 60_000
    const old = hashToken(OLD)
    const body = JSON.stringify({ status: 'IN_QUEUE', request_id: 'req-before' })
    const lines = [
      { key: `${old}:job-accepted`, fingerprint: 'ignored-below', at, state: 'intent' },
      { key: `${old}:job-accepted`, fingerprint: 'ignored-below', at, state: 'answered', status: 200, body, request_id: 'req-before' },
      { key: `${old}:job-doubt`, fingerprint: 'ignored-below', at, state: 'intent' },
      // A job id may itself hold colons: only the first one ends the token hash.
      { key: `${old}:job:with:colons`, fingerprint: 'ignored-below', at, state: 'answered', status: 200, body, request_id: 'req-before' }
    ]
    // Fingerprints as this proxy computes them for { prompt: 'rotate' } (after the catalog's schema), so the resends match.
    const valid = validateInput(O3_T2I, { prompt: 'rotate' })
    if (!valid.ok) throw new Error('the test prompt should be valid')
    const fingerprint = submitFingerprint(O3_T2I, valid.input)
    writeFileSync(join(dataDir, 'submits.jsonl'), lines.map((l) => `${JSON.stringify({ ...l, fingerprint })}\n`).join(''))

    const { proxy, fal } = await liveProxy(dataDir, [OLD, NEW])
    const replay = await submit(proxy, OLD, 'job-accepted')
    expect(replay.headers.get('x-keyframe-idempotent-replay')).toBe('true')
    expect(await replay.json()).toMatchObject({ request_id: 'req-before' })
    expect(await (await submit(proxy, OLD, 'job:with:colons')).json()).toMatchObject({ request_id: 'req-before' })
    expect(await (await submit(proxy, OLD, 'job-doubt')).json()).toMatchObject({ code: 'submit_in_doubt' })
    expect(await (await submit(proxy, NEW, 'job-accepted')).json()).toMatchObject({ code: 'job_other_token' })
    expect(await (await submit(proxy, NEW, 'job-doubt')).json()).toMatchObject({ code: 'job_other_token' })
    expect(forwardedSubmits(fal)).toHaveLength(0)
    // The request it accepted is still bound to the old token.
    expect((await callProxy(proxy.proxyUrl, { method: 'GET', token: OLD, target: `${REQUESTS}/req-before/status` })).status).toBe(200)

    // The superseded intent made the file longer than what it holds, so the start compacted it to the new shape.
    const rewritten = readFileSync(join(dataDir, 'submits.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(rewritten.map((r) => [r.key, r.token, r.state]).sort()).toEqual([
      ['job-accepted', old, 'answered'],
      ['job-doubt', old, 'intent'],
      ['job:with:colons', old, 'answered']
    ])
  })
})
