// What an offline proxy keeps under DATA_DIR/offline between starts, and for how long: jobs a day,
// files a week; torn lines and half-written files are dropped rather than stopping the start.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { FILE_RETENTION_MS, FileStore } from '../../src/proxy/offline/file-store'
import { JOB_RETENTION_MS, JobLog } from '../../src/proxy/offline/job-log'

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
    expect(readFileSync(join(root, 'jobs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3)
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
