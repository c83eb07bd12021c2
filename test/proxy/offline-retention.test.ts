// What an offline proxy keeps under DATA_DIR/offline between starts, and for how long: jobs a day,
// files a week; half-written files are dropped and torn lines skipped (kept in the file, issue #17)
// rather than stopping the start.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it, vi } from 'vitest'

import { FILE_RETENTION_MS, FileStore } from '../../src/proxy/offline/file-store'
import { JOB_RETENTION_MS, JobLog } from '../../src/proxy/offline/job-log'
import { JobQueue, LARGE_RESULT_BYTES, LARGE_RESULT_RETENTION_MS, RESULT_RETENTION_MS, retentionFor } from '../../src/proxy/offline/jobs'

const dirs: string[] = []
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true })
})

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'keyframe-offline-retention-'))
  dirs.push(d)
  return d
}

const input = { prompt: 'kept' } as never

describe('offline retention', () => {
  it('jobs: state is rebuilt from the log, and jobs older than a day are dropped from it', () => {
    const root = dir()
    let now = 5_000_000
    const log = new JobLog(join(root, 'jobs.jsonl'), () => now)
    log.accepted({ id: 'old', endpoint: 'fal-ai/kling-image/o3/text-to-image', input, receivedAt: now })
    now += JOB_RETENTION_MS / 2
    log.accepted({ id: 'new', endpoint: 'fal-ai/kling-image/o3/text-to-image', input, receivedAt: now })
    log.rendered('new', [{ url: '/__offline/files/x/y.png', width: 1, height: 1, content_type: 'image/png', file_name: 'y.png', file_size: 1 }])
    log.cancelled('new', now + 1)
    appendFileSync(join(root, 'jobs.jsonl'), '{"type":"job","id":"torn"')
    now += JOB_RETENTION_MS / 2 + 1
    const loaded = new JobLog(join(root, 'jobs.jsonl'), () => now).load()
    expect(loaded.map((j) => j.id)).toEqual(['new'])
    expect(loaded[0]).toMatchObject({ cancelledAt: now - JOB_RETENTION_MS / 2, images: [{ file_name: 'y.png' }] })
    // The old job's line is dropped; the torn one is kept as it was, ahead of the rewritten jobs.
    const lines = readFileSync(join(root, 'jobs.jsonl'), 'utf8').trim().split('\n')
    expect(lines).toHaveLength(4)
    expect(lines[0]).toBe('{"type":"job","id":"torn"')
  })

  it('jobs: a line for an unknown endpoint or with an input its endpoint refuses is skipped, named, and kept', () => {
    const root = dir()
    const path = join(root, 'jobs.jsonl')
    const now = 5_000_000
    const unknown = JSON.stringify({ type: 'job', id: 'u', endpoint: 'fal-ai/other', input, received_at: now })
    const refused = JSON.stringify({ type: 'job', id: 'r', endpoint: 'fal-ai/kling-image/o3/text-to-image', input: { prompt: 7 }, received_at: now })
    writeFileSync(path, `${unknown}\n${refused}\n`)
    const log = new JobLog(path, () => now)
    log.accepted({ id: 'ok', endpoint: 'fal-ai/kling-image/o3/text-to-image', input, receivedAt: now })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    try {
      expect(new JobLog(path, () => now).load().map((j) => j.id)).toEqual(['ok'])
      expect(warn.mock.calls.map(([m]) => String(m))).toEqual([expect.stringContaining(`${path} line 1 is`), expect.stringContaining(`${path} line 2 is not the shape this version reads (input: `)])
    } finally {
      warn.mockRestore()
    }
    expect(readFileSync(path, 'utf8').split('\n').slice(0, 2)).toEqual([unknown, refused])
  })

  it('dropping old jobs rewrites the kept ones whole: a held job keeps its queue time', () => {
    const root = dir()
    let now = 5_000_000
    const log = new JobLog(join(root, 'jobs.jsonl'), () => now)
    log.accepted({ id: 'old', endpoint: 'fal-ai/kling-image/o3/text-to-image', input, receivedAt: now })
    now += JOB_RETENTION_MS / 2
    log.accepted({ id: 'held', endpoint: 'fal-ai/kling-image/o3/text-to-image', input, receivedAt: now, queuedMs: 90_000 })
    now += JOB_RETENTION_MS / 2 + 1
    expect(new JobLog(join(root, 'jobs.jsonl'), () => now).load().map((j) => j.id)).toEqual(['held'])
    expect(new JobLog(join(root, 'jobs.jsonl'), () => now).load()).toMatchObject([{ id: 'held', queuedMs: 90_000 }])
  })

  it('files: kept for a week, then removed; a file whose bytes are missing or short is forgotten', async () => {
    const root = dir()
    let now = Date.now()
    const store = new FileStore(root, () => now)
    const old = await store.put(Buffer.from('old bytes'), 'text/plain', 'old.txt')
    now += FILE_RETENTION_MS / 2
    const cut = await store.put(Buffer.from('cut bytes'), 'text/plain', 'cut.txt')
    const kept = await store.put(Buffer.from('kept bytes'), 'text/plain', 'kept.txt')
    writeFileSync(cut.path, 'cut') // shorter than indexed: a crash mid-write
    now += FILE_RETENTION_MS / 2 + 1
    const again = new FileStore(root, () => now)
    expect(again.get(old.id)).toBeUndefined()
    expect(again.get(cut.id)).toBeUndefined()
    expect(existsSync(old.path)).toBe(false)
    expect((await again.read(again.get(kept.id)!)).toString()).toBe('kept bytes')
  })
})

describe("fal's result retention", () => {
  it('1 hour, 6 minutes from 10 KB of payload, and never longer than a shortened plan', () => {
    expect(RESULT_RETENTION_MS).toBe(60 * 60 * 1000)
    expect(LARGE_RESULT_RETENTION_MS).toBe(6 * 60 * 1000)
    expect(retentionFor({ payloadBytes: LARGE_RESULT_BYTES - 1 })).toBe(RESULT_RETENTION_MS)
    expect(retentionFor({ payloadBytes: LARGE_RESULT_BYTES })).toBe(LARGE_RESULT_RETENTION_MS)
    expect(retentionFor({})).toBe(RESULT_RETENTION_MS)
    expect(retentionFor({ payloadBytes: 10 }, 500)).toBe(500)
    expect(retentionFor({ payloadBytes: LARGE_RESULT_BYTES }, RESULT_RETENTION_MS)).toBe(LARGE_RESULT_RETENTION_MS)
  })

  it('a job expires when its retention has passed since it ended, completed or cancelled', () => {
    let now = 1_000_000
    const queue = new JobQueue(1000, () => now)
    const produce = () => Promise.resolve([])
    const done = queue.add('fal-ai/kling-image/o3/text-to-image', input, produce)
    const cancelled = queue.add('fal-ai/kling-image/o3/text-to-image', input, produce)
    expect(queue.cancel(cancelled, 'stops')).toBe('OK')
    now += 1000 // done completes now
    expect([queue.state(done), queue.state(cancelled)]).toEqual(['COMPLETED', 'CANCELLED'])
    now += RESULT_RETENTION_MS - 1000 - 1 // a millisecond before the cancelled one's retention ends
    expect([queue.state(done), queue.state(cancelled)]).toEqual(['COMPLETED', 'CANCELLED'])
    now += 1
    expect([queue.state(done), queue.state(cancelled)]).toEqual(['COMPLETED', 'EXPIRED'])
    now += 1000
    expect(queue.state(done)).toBe('EXPIRED')
    expect(queue.cancel(done, 'stops')).toBe('NOT_FOUND')
    expect(queue.cancel(undefined, 'stops')).toBe('NOT_FOUND')
  })

  it('a cancel while running follows the plan: the job stops, or runs to COMPLETED', () => {
    let now = 0
    const queue = new JobQueue(1000, () => now)
    const produce = () => Promise.resolve([])
    const stops = queue.add('fal-ai/kling-image/o3/text-to-image', input, produce)
    const completes = queue.add('fal-ai/kling-image/o3/text-to-image', input, produce)
    now = 500 // 40% queued: both running
    expect(queue.cancel(stops, 'stops')).toBe('CANCELLATION_REQUESTED')
    expect(queue.cancel(completes, 'completes')).toBe('CANCELLATION_REQUESTED')
    expect([queue.state(stops), queue.state(completes)]).toEqual(['CANCELLED', 'IN_PROGRESS'])
    now = 1000
    expect([queue.state(stops), queue.state(completes)]).toEqual(['CANCELLED', 'COMPLETED'])
    expect(queue.cancel(completes, 'completes')).toBe('ALREADY_COMPLETED')
  })

  it('the log keeps whether a cancelled job stopped, so a restart does not stop one that completes', () => {
    const root = dir()
    const log = new JobLog(join(root, 'jobs.jsonl'))
    log.accepted({ id: 'stopped', endpoint: 'fal-ai/kling-image/o3/text-to-image', input, receivedAt: Date.now() })
    log.accepted({ id: 'ran-on', endpoint: 'fal-ai/kling-image/o3/text-to-image', input, receivedAt: Date.now() })
    log.cancelled('stopped', 5, 'OK')
    log.cancelled('ran-on', 6, 'CANCELLATION_REQUESTED', false)
    const [stopped, ranOn] = new JobLog(join(root, 'jobs.jsonl')).load()
    expect(stopped).toMatchObject({ cancelledAt: 5, cancelAnswer: 'OK' })
    expect(ranOn).toMatchObject({ cancelAnswer: 'CANCELLATION_REQUESTED' })
    expect(ranOn?.cancelledAt).toBeUndefined()
  })
})
