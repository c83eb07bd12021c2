// What the file store does with lines it did not write in this shape (issue #17): a damaged line in a
// ledger or request day file is skipped, never fatal, and left in the file; lines of earlier versions
// still count.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { openFileStore } from '../../../src/proxy/store/files/file-store'

const NOW = Date.parse('2026-11-27T10:00:00.000Z')
const dirs: string[] = []
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true })
})

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyframe-file-lines-'))
  dirs.push(dir)
  return dir
}

const jsonl = (...records: unknown[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('')

describe('file store: lines as they are found on disk', () => {
  it("a ledger line of the wrong shape does not count and stays in today's file; the good ones count", async () => {
    const dir = dataDir()
    mkdirSync(join(dir, 'ledger'))
    const file = join(dir, 'ledger', '2026-11-27.jsonl')
    const damaged = { type: 'reserve', id: 'b-2', token: 't1', day: '2026-11-27', mills: 'lots', endpoint: 'e', at: 'x' }
    appendFileSync(file, jsonl({ type: 'reserve', id: 'b-1', token: 't1', day: '2026-11-27', mills: 300, endpoint: 'e', at: 'x' }, damaged, { type: 'mystery' }))
    const store = await openFileStore(dir, { now: () => NOW })
    expect(await store.spend.spent('t1')).toEqual({ tokenMills: 300, teamMills: 300 })
    await store.spend.reserve({ token: 't1', costMills: 100, limits: { tokenMills: undefined, teamMills: undefined }, endpoint: 'e' })
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
    expect(lines[1]).toBe(JSON.stringify(damaged))
    expect(lines).toHaveLength(4)
    expect(await store.problem()).toBeUndefined()
  })

  it('a request line of the wrong shape is skipped; an owner line of an earlier version (no endpoint) still binds', async () => {
    const dir = dataDir()
    mkdirSync(join(dir, 'requests'))
    const file = join(dir, 'requests', '2026-11-27.jsonl')
    const booking = { id: 'b-1', token: 't1', day: '2026-11-27', mills: 300 }
    appendFileSync(
      file,
      jsonl(
        { type: 'owner', request_id: 'req-old', token: 't1', booking, at: '2026-11-27T09:00:00.000Z' },
        { type: 'owner', request_id: 'req-bad', token: 42, booking: null, at: '2026-11-27T09:00:00.000Z' },
        { type: 'refunded', request_id: 'req-old' }
      )
    )
    const store = await openFileStore(dir, { now: () => NOW })
    expect(await store.requests.get('req-old')).toMatchObject({ token: 't1', endpoint: 'unknown', booking, at: Date.parse('2026-11-27T09:00:00.000Z') })
    expect(await store.requests.get('req-bad')).toBeUndefined()
    // A refund line missing its reason still names its request: the refund was taken, and is not given twice.
    expect((await store.requests.get('req-old'))?.refunded).toBe(true)
    expect(await store.requests.takeRefund('req-old', 'cancelled')).toBeUndefined()
    expect(readFileSync(file, 'utf8')).toContain('"token":42')
  })
})

describe('file store: compaction keeps what a crash must not lose', () => {
  it('keeps the sent mark of a job whose own markSent made the file long enough to compact', async () => {
    const dir = dataDir()
    const store = await openFileStore(dir, { now: () => NOW })
    const claim = async (jobId: string) => {
      const c = await store.jobs.claim({ jobId, token: 't', fingerprint: 'f' })
      if (c.kind !== 'claimed') throw new Error(`expected ${jobId} to be free, got ${c.kind}`)
      return c.claim
    }
    // 500 submits fal refused: a sent line and a forgotten line each, 1,000 lines, nothing remembered.
    for (let i = 0; i < 500; i++) {
      await store.jobs.markSent(`refused-${i}`, await claim(`refused-${i}`))
      await store.jobs.forget(`refused-${i}`)
    }
    // This mark's own line is the one that crosses the compaction threshold; then the process crashes
    // after forwarding it (no answer recorded).
    await store.jobs.markSent('paid', await claim('paid'))
    expect(readFileSync(join(dir, 'submits.jsonl'), 'utf8')).toContain('"key":"paid"')
    const reopened = await openFileStore(dir, { now: () => NOW })
    const resend = await reopened.jobs.claim({ jobId: 'paid', token: 't', fingerprint: 'f' })
    expect(resend.kind === 'known' && resend.record.state).toBe('sent')
  })
})
