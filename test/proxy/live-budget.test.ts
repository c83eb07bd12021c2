// The per-token daily budget in live mode: refusals the plugin can recognise (402 + message), no
// overspending under concurrent submits, refunds when fal refuses, and a ledger that survives a restart.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { ApiError } from '@fal-ai/client'
import { afterEach, describe, expect, it } from 'vitest'

import { createFakeFal } from './fake-fal'
import { callProxy, falClientFor, ledgerLines, O3_T2I, QUEUE, startTestProxy, type TestProxy, testToken } from './helpers'

const FAL_KEY = 'test-only-fal-key-budget'
const ALICE = testToken('alice-budget')
const BOB = testToken('bob-budget')
const SUBMIT = `${QUEUE}/${O3_T2I}`

const running: TestProxy[] = []
afterEach(async () => {
  while (running.length) await running.pop()!.stop()
})

async function liveProxy(budgetUsdPerDay: number, dataDir?: string) {
  const fal = createFakeFal()
  const proxy = await startTestProxy({
    falKey: FAL_KEY,
    tokens: [ALICE, BOB],
    budgetUsdPerDay,
    ...(dataDir ? { dataDir } : {}),
    upstreamFetch: (i, init) => fal.fetch(i, init)
  })
  if (!dataDir) running.push(proxy)
  return { proxy, fal }
}

const submit = (proxy: TestProxy, token: string, input: Record<string, unknown> = { prompt: 'budget' }) =>
  callProxy(proxy.proxyUrl, { token, target: SUBMIT, body: input })

describe('daily budget (live)', () => {
  it('refuses with 402 and a message naming the budget, the spend and the cost', async () => {
    const { proxy, fal } = await liveProxy(0.1) // 3 images at $0.028 fit, a 4th does not
    for (let i = 0; i < 3; i++) expect((await submit(proxy, ALICE)).status).toBe(200)
    const refused = await submit(proxy, ALICE)
    expect(refused.status).toBe(402)
    const body = (await refused.json()) as { message: string }
    expect(body.message).toBe(
      'Daily budget of $0.100 reached for this token: $0.084 spent today, this request costs $0.028. ' +
        'The budget resets at 00:00 UTC; ask your admin to raise BUDGET_USD_PER_DAY.'
    )
    expect(fal.calls.filter((c) => c.method === 'POST')).toHaveLength(3)
    // Status and result calls are free and still pass.
    expect((await callProxy(proxy.proxyUrl, { method: 'GET', token: ALICE, target: `${QUEUE}/fal-ai/kling-image/requests/req-1/status?logs=0` })).status).toBe(200)
  })

  it('the real client surfaces it as ApiError 402 with that message', async () => {
    const { proxy } = await liveProxy(0.05)
    const client = falClientFor(proxy.proxyUrl, ALICE)
    const error = await client.queue.submit(O3_T2I, { input: { prompt: 'too big', num_images: 2 } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError<unknown>).status).toBe(402)
    expect((error as ApiError<unknown>).message).toMatch(/^Daily budget of \$0\.050 reached for this token/)
  })

  it('prices by what fal bills: 4K costs double, a series by series_amount, a series without an amount at the most', async () => {
    const { proxy } = await liveProxy(0.2)
    // 9 images × $0.028 = $0.252 > $0.20
    expect((await submit(proxy, ALICE, { prompt: 'p', result_type: 'series' })).status).toBe(402)
    // 3 × $0.056 = $0.168 fits; then $0.032 left
    expect((await submit(proxy, ALICE, { prompt: 'p', resolution: '4K', num_images: 3 })).status).toBe(200)
    expect((await submit(proxy, ALICE, { prompt: 'p', result_type: 'series', series_amount: 2, num_images: 1 })).status).toBe(402)
    expect((await submit(proxy, ALICE, { prompt: 'p' })).status).toBe(200)
  })

  it('each token has its own budget', async () => {
    const { proxy } = await liveProxy(0.03)
    expect((await submit(proxy, ALICE)).status).toBe(200)
    expect((await submit(proxy, ALICE)).status).toBe(402)
    expect((await submit(proxy, BOB)).status).toBe(200)
  })

  it('20 concurrent submits never overspend: exactly as many as the budget allows reach fal', async () => {
    const { proxy, fal } = await liveProxy(0.28) // exactly 10 images
    fal.delayMs = 30 // keep every forward in flight while the others arrive
    const answers = await Promise.all(Array.from({ length: 20 }, () => submit(proxy, ALICE)))
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(10)
    expect(statuses.filter((s) => s === 402)).toHaveLength(10)
    expect(fal.calls.filter((c) => c.method === 'POST')).toHaveLength(10)
    // The money is exactly spent: not one more $0.028 image fits.
    expect((await submit(proxy, ALICE)).status).toBe(402)
  })

  it('a submit fal refuses is not charged; one whose answer never came is kept (it may have reached fal)', async () => {
    const { proxy, fal } = await liveProxy(0.056)
    fal.submitAnswer = () => Response.json({ detail: 'Service unavailable' }, { status: 503 })
    expect((await submit(proxy, ALICE)).status).toBe(503)
    fal.submitAnswer = () => {
      throw new Error('network down')
    }
    const doubt = await submit(proxy, ALICE)
    expect(doubt.status).toBe(409)
    expect(await doubt.json()).toMatchObject({ code: 'submit_in_doubt' })
    fal.submitAnswer = undefined
    expect((await submit(proxy, ALICE)).status).toBe(200)
    // $0.056 = the in-doubt one and the accepted one: nothing more fits.
    expect((await submit(proxy, ALICE)).status).toBe(402)
  })

  it('invalid requests cost nothing', async () => {
    const { proxy } = await liveProxy(0.028)
    expect((await submit(proxy, ALICE, { prompt: '' })).status).toBe(422)
    expect((await submit(proxy, ALICE)).status).toBe(200)
  })

  it('the ledger survives a restart and never holds a token', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keyframe-ledger-test-'))
    try {
      const first = await liveProxy(0.056, dataDir)
      expect((await submit(first.proxy, ALICE)).status).toBe(200)
      expect((await submit(first.proxy, ALICE)).status).toBe(200)
      await first.proxy.stop(true)

      const second = await liveProxy(0.056, dataDir)
      const refused = await submit(second.proxy, ALICE)
      expect(refused.status).toBe(402)
      expect(((await refused.json()) as { message: string }).message).toContain('$0.056 spent today')
      expect((await submit(second.proxy, BOB)).status).toBe(200)
      await second.proxy.stop(true)

      const ledger = readFileSync(join(dataDir, 'ledger', `${new Date().toISOString().slice(0, 10)}.jsonl`), 'utf8')
      expect(ledgerLines(dataDir, 'ledger', 'reserve').map((l) => l.mills)).toEqual([28, 28, 28])
      expect(ledgerLines(dataDir, 'ledger', 'commit')).toHaveLength(3)
      expect(ledger).not.toContain(ALICE)
      expect(ledger).not.toContain(BOB)
      expect(ledger).not.toContain(FAL_KEY)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('a ledger line cut short by a crash does not stop the proxy, and earlier spend still counts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keyframe-ledger-test-'))
    try {
      const first = await liveProxy(0.056, dataDir)
      expect((await submit(first.proxy, ALICE)).status).toBe(200)
      await first.proxy.stop(true)
      const { appendFileSync } = await import('node:fs')
      appendFileSync(join(dataDir, 'ledger', `${new Date().toISOString().slice(0, 10)}.jsonl`), '{"type":"reserve","id":"x","tok')
      const second = await liveProxy(0.056, dataDir)
      expect((await submit(second.proxy, ALICE)).status).toBe(200)
      expect((await submit(second.proxy, ALICE)).status).toBe(402)
      await second.proxy.stop(true)
      // The entry written after the cut line is intact on the next start.
      const third = await liveProxy(0.056, dataDir)
      expect((await submit(third.proxy, ALICE)).status).toBe(402)
      await third.proxy.stop(true)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
