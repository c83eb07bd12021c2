// The ledger keeps one file per UTC day and reads only today's at start: history stays on disk for audit
// but costs nothing in memory. A single-file ledger of an earlier version is folded in once. DATA_DIR
// that cannot be written stops the start, and a write that fails later is a 503 naming the storage.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { hashToken } from '../../src/proxy/auth'
import { startProxy } from '../../src/proxy/server'
import { createFakeFal } from './fake-fal'
import { callProxy, cleanedAfterEach, ledgerLines, O3_T2I, QUEUE, startTestProxy, type TestProxy, testToken } from './helpers'

const FAL_KEY = 'test-only-fal-key-ledger-files'
const ALICE = testToken('alice-ledger-token')
const SUBMIT = `${QUEUE}/${O3_T2I}`
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10)

const { running, tempDir } = cleanedAfterEach('keyframe-ledger-files-')

async function liveProxy(dataDir: string, budgetUsdPerDay = 0.028) {
  const fal = createFakeFal()
  const proxy = await startTestProxy({ falKey: FAL_KEY, tokens: [ALICE], budgetUsdPerDay, dataDir, upstreamFetch: (i, init) => fal.fetch(i, init) })
  running.push(proxy)
  return { proxy, fal }
}

const submit = (proxy: TestProxy) => callProxy(proxy.proxyUrl, { token: ALICE, target: SUBMIT, body: { prompt: 'p' } })
const reserve = (id: string, d: string, mills = 28) =>
  `${JSON.stringify({ type: 'reserve', id, token: hashToken(ALICE), day: d, mills, endpoint: O3_T2I, at: `${d}T12:00:00.000Z` })}\n`

describe('daily ledger files', () => {
  it("only today's file counts; earlier days stay on disk untouched", async () => {
    const dataDir = tempDir()
    mkdirSync(join(dataDir, 'ledger'))
    const history = reserve('old-1', day(1)) + reserve('old-2', day(1))
    writeFileSync(join(dataDir, 'ledger', `${day(1)}.jsonl`), history)
    const { proxy } = await liveProxy(dataDir)
    expect((await submit(proxy)).status).toBe(200)
    expect((await submit(proxy)).status).toBe(402)
    expect(readFileSync(join(dataDir, 'ledger', `${day(1)}.jsonl`), 'utf8')).toBe(history)
    expect(readdirSync(join(dataDir, 'ledger')).sort()).toEqual([`${day(1)}.jsonl`, `${day(0)}.jsonl`])
  })

  it('a single-file ledger from an earlier version: today\'s spend still counts, and the file is archived', async () => {
    const dataDir = tempDir()
    const legacy = [
      reserve('a', day(3)),
      `${JSON.stringify({ type: 'commit', id: 'a', request_id: 'req-a', at: 'x' })}\n`,
      reserve('b', day(0), 14),
      reserve('c', day(0), 14),
      `${JSON.stringify({ type: 'release', id: 'c', reason: 'upstream 500', at: 'x' })}\n`,
      '{"type":"reserve","id":"torn'
    ].join('')
    writeFileSync(join(dataDir, 'ledger.jsonl'), legacy)
    const { proxy } = await liveProxy(dataDir, 0.042)
    // $0.014 of today's $0.042 was spent before the upgrade (c was given back): one $0.028 image fits.
    expect((await submit(proxy)).status).toBe(200)
    expect((await submit(proxy)).status).toBe(402)
    expect(existsSync(join(dataDir, 'ledger.jsonl'))).toBe(false)
    const archived = readdirSync(join(dataDir, 'ledger')).filter((n) => n.startsWith('legacy-'))
    expect(archived).toHaveLength(1)
    expect(readFileSync(join(dataDir, 'ledger', archived[0]!), 'utf8')).toBe(`${legacy}\n`)
    expect(ledgerLines(dataDir, 'ledger', 'release')).toEqual([expect.objectContaining({ id: 'c', day: day(0), mills: 14 })])
  })

  it("a cancel refund of yesterday's job goes to yesterday's file and does not free today's budget", async () => {
    const dataDir = tempDir()
    const booking = { id: 'y-1', token: hashToken(ALICE), day: day(1), mills: 28 }
    mkdirSync(join(dataDir, 'ledger'))
    mkdirSync(join(dataDir, 'requests'))
    writeFileSync(join(dataDir, 'ledger', `${day(1)}.jsonl`), reserve('y-1', day(1)))
    writeFileSync(join(dataDir, 'requests', `${day(1)}.jsonl`), `${JSON.stringify({ type: 'owner', request_id: 'req-y', token: hashToken(ALICE), booking, at: 'x' })}\n`)
    const { proxy, fal } = await liveProxy(dataDir)
    expect((await submit(proxy)).status).toBe(200)
    fal.cancelAnswer = () => Response.json({ status: 'OK' }, { status: 202 })
    expect((await callProxy(proxy.proxyUrl, { method: 'PUT', token: ALICE, target: `${QUEUE}/fal-ai/kling-image/requests/req-y/cancel` })).status).toBe(202)
    expect((await submit(proxy)).status).toBe(402)
    const yesterday = readFileSync(join(dataDir, 'ledger', `${day(1)}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string })
    expect(yesterday.map((e) => e.type)).toEqual(['reserve', 'release'])
  })

  it('a torn last line in today\'s file is skipped, and the next entry starts a line of its own', async () => {
    const dataDir = tempDir()
    mkdirSync(join(dataDir, 'ledger'))
    appendFileSync(join(dataDir, 'ledger', `${day(0)}.jsonl`), '{"type":"reserve","id":"x","tok')
    const { proxy } = await liveProxy(dataDir)
    expect((await submit(proxy)).status).toBe(200)
    expect((await submit(proxy)).status).toBe(402)
    const lines = readFileSync(join(dataDir, 'ledger', `${day(0)}.jsonl`), 'utf8').split('\n')
    expect(lines[0]).toBe('{"type":"reserve","id":"x","tok')
    expect(JSON.parse(lines[1]!)).toMatchObject({ type: 'reserve', mills: 28 })
  })
})

describe('an unwritable DATA_DIR says so', () => {
  it('refuses to start, naming the path and the fix', async () => {
    const parent = tempDir()
    const notADir = join(parent, 'data')
    writeFileSync(notADir, 'a file where the data directory should be')
    await expect(startProxy({ port: 0, dataDir: notADir, log: () => undefined })).rejects.toThrow(
      new RegExp(`^Refusing to start: DATA_DIR=${notADir} is not writable \\(EEXIST\\)\\. Create it and give the user running the proxy write access, or set DATA_DIR to a writable directory\\.$`)
    )
  })

  it('a ledger write that fails later: 503 naming the storage (not the network), nothing forwarded, /healthz not ok', async () => {
    const dataDir = tempDir()
    const { proxy, fal } = await liveProxy(dataDir)
    expect(await (await fetch(`${proxy.url}/healthz`)).json()).toEqual({ ok: true, mode: 'live' })
    rmSync(join(dataDir, 'ledger'), { recursive: true })
    writeFileSync(join(dataDir, 'ledger'), 'not a directory')
    const refused = await submit(proxy)
    expect(refused.status).toBe(503)
    const body = (await refused.json()) as { code: string; message: string }
    expect(body.code).toBe('storage_unavailable')
    expect(body.message).toMatch(/^Nothing was sent to fal: The proxy could not write .*ledger\/\d{4}-\d{2}-\d{2}\.jsonl \(ENOTDIR\)/)
    expect(fal.calls).toHaveLength(0)
    const health = await fetch(`${proxy.url}/healthz`)
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({ ok: false, mode: 'live', reason: expect.stringMatching(/could not write .*ledger/) })
  })
})
