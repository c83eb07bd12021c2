// runJob and resumeJob promise never to throw: every failure ends as a reported phase and message. Held
// to it with every dependency throwing, at once, both synchronously and as rejected promises.
import { describe, expect, it } from 'vitest'

import type { JobRecord } from '../../src/messages'
import type { JobDeps } from '../../src/ui/jobs/job-deps'
import type { JobProgress } from '../../src/ui/jobs/job-progress'
import { type JobRequest, resumeJob, runJob } from '../../src/ui/jobs/run-job'

const boom = (what: string) => new Error(`${what} broke`)

/** Any property read, called, or awaited: it throws (sync) or rejects (async). */
function breaking(what: string, mode: 'sync' | 'async'): never {
  const fail = (name: string) => (mode === 'sync' ? () => { throw boom(`${what}.${name}`) } : () => Promise.reject(boom(`${what}.${name}`)))
  return new Proxy({}, { get: (_, name) => (name === 'then' ? undefined : typeof name === 'string' && name !== 'queue' && name !== 'storage' ? fail(name) : breaking(`${what}.${String(name)}`, mode)) }) as never
}

function brokenDeps(mode: 'sync' | 'async'): JobDeps {
  const fail = <T>(what: string) => ((mode === 'sync' ? () => { throw boom(what) } : () => Promise.reject(boom(what))) as unknown as T)
  return {
    fal: breaking('fal', mode),
    main: breaking('main', mode),
    cancel: fail('cancel'),
    proxyUrl: 'http://127.0.0.1:9/api/fal/proxy',
    download: fail('download'),
    normalise: fail('normalise'),
    sleep: fail('sleep'),
    pollIntervalMs: 1,
    // A clock is synchronous by its type: it can throw, but it cannot return a promise.
    now: () => {
      throw boom('now')
    }
  }
}

const request: JobRequest = {
  jobId: 'j',
  title: 'T',
  references: [{ id: '1:1', name: 'Ref', role: 'image' }],
  textLayers: [],
  settings: { model: 'o3', mode: 'text-to-image', output: 'single', count: 1, resolution: '1K', aspectRatio: '16:9', format: 'png', prompt: 'A harbour' } as never
}

const record: JobRecord = {
  jobId: 'j',
  sectionId: 's',
  endpoint: 'fal-ai/kling-image/o3/text-to-image',
  input: { prompt: 'A harbour' },
  panels: [{ number: 1 }],
  nominalSize: { width: 1024, height: 576 },
  costUsd: 0.028,
  title: 'T',
  createdAt: '2026-11-26T12:00:00.000Z',
  state: 'submitted',
  requestId: 'req-1',
  filled: [],
  startedBy: { id: 'u', name: 'U' }
}

function recording(): { control: { isCancelled: () => boolean; report: (u: Partial<JobProgress>) => void }; last: Partial<JobProgress> } {
  const last: Partial<JobProgress> = {}
  return { last, control: { isCancelled: () => false, report: (u) => Object.assign(last, u) } }
}

describe('runJob never throws', () => {
  it.each(['sync', 'async'] as const)('every dependency throwing (%s): it resolves, failed, saying what broke', async (mode) => {
    const { control, last } = recording()
    await expect(runJob(brokenDeps(mode), request, control)).resolves.toMatchObject({ phase: 'failed' })
    expect(last.phase).toBe('failed')
    expect(last.message).toMatch(/broke/)
  })

  it.each(['sync', 'async'] as const)('a resumed job with every dependency throwing (%s): it resolves, failed, keeping its paid request', async (mode) => {
    const { control, last } = recording()
    await expect(resumeJob(brokenDeps(mode), record, control)).resolves.toBeUndefined()
    expect(last.phase).toBe('failed')
    expect(last.message).toContain('The job is saved in the file: reopen Keyframe to pick it up.')
  })

  it('a resumed job caught mid-submit with every dependency throwing: resolves, and does not call it free', async () => {
    const { control, last } = recording()
    await expect(resumeJob(brokenDeps('async'), { ...record, requestId: undefined, state: 'submitting' }, control)).resolves.toBeUndefined()
    expect(last.phase).toBe('failed')
    expect(last.message).not.toContain('Nothing was charged')
  })

  it('even the panel and the cancel button throwing: it resolves', async () => {
    const control = {
      isCancelled: () => {
        throw boom('isCancelled')
      },
      report: () => {
        throw boom('report')
      }
    }
    await expect(runJob(brokenDeps('sync'), request, control)).resolves.toMatchObject({ phase: 'failed' })
    await expect(resumeJob(brokenDeps('async'), record, control)).resolves.toBeUndefined()
  })
})
