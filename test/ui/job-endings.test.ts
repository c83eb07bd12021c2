// Endings fal decides for a request that the offline stand-in cannot stage (a model's own error on the
// final status), and the toasts every ending shows: short on purpose, never cut.
import { ApiError } from '@fal-ai/client'
import { describe, expect, it } from 'vitest'

import type { JobRecord } from '../../src/messages'
import { fitToast, TOAST_MAX_CHARS } from '../../src/toast'
import type { JobDeps } from '../../src/ui/jobs/job-deps'
import { ENDINGS, type JobLife } from '../../src/ui/jobs/job-lifecycle'
import { type FailureCause, outcomeOf } from '../../src/ui/jobs/job-outcome'
import type { JobProgress } from '../../src/ui/jobs/job-progress'
import { resumeJob } from '../../src/ui/jobs/run-job'

const record: JobRecord = {
  jobId: 'job-2',
  sectionId: 's1',
  endpoint: 'fal-ai/kling-image/o3/text-to-image',
  input: { prompt: 'A harbour' },
  panels: [{ number: 1 }, { number: 2 }],
  nominalSize: { width: 1024, height: 576 },
  costUsd: 0.056,
  title: 'T',
  createdAt: '2026-11-26T12:00:00.000Z',
  state: 'submitted',
  requestId: 'req-2',
  filled: [],
  startedBy: { id: 'u', name: 'U' }
}

/** fal's side as a stub: the final status given, and a result that must not be asked for. */
function depsWith(finalStatus: Record<string, unknown>, calls: { finished: unknown[]; failedPanels: unknown[]; results: number }): JobDeps {
  return {
    fal: {
      queue: {
        streamStatus: () => Promise.reject(new Error('no stream here: polling')),
        status: () => Promise.resolve({ status: 'COMPLETED', ...finalStatus }),
        result: () => {
          calls.results += 1
          return Promise.reject(new ApiError({ message: 'Bad Request', status: 400, body: { detail: 'Request failed' } }))
        }
      },
      storage: {}
    } as never,
    cancel: () => Promise.reject(new Error('not asked')),
    main: {
      finishJob: (o: unknown) => {
        calls.finished.push(o)
        return Promise.resolve()
      },
      failPanel: (p: unknown) => {
        calls.failedPanels.push(p)
        return Promise.resolve()
      }
    } as never,
    proxyUrl: 'http://127.0.0.1:9/api/fal/proxy',
    download: () => Promise.reject(new Error('no download')),
    normalise: () => Promise.reject(new Error('no normalise')),
    sleep: () => Promise.resolve(),
    pollIntervalMs: 1,
    now: () => new Date('2026-11-26T12:00:00.000Z')
  }
}

function control(): { isCancelled: () => boolean; report: (u: Partial<JobProgress>) => void; last: Partial<JobProgress> } {
  const last: Partial<JobProgress> = {}
  return { last, isCancelled: () => false, report: (u) => Object.assign(last, u) }
}

describe("a request fal ended with the model's error", () => {
  it('ends failed with the model message, marks the panels, and ends the record: the next open has nothing to pick up', async () => {
    const calls = { finished: [] as unknown[], failedPanels: [] as unknown[], results: 0 }
    const c = control()
    await resumeJob(depsWith({ error: 'Image generation failed: content policy', error_type: 'model_error' }, calls), record, c)
    expect(c.last.phase).toBe('failed')
    expect(c.last.message).toBe(
      'Kling ended this job with an error: Image generation failed: content policy. No images came back, and fal may still bill it ($0.056). Change the prompt or references and Generate again.'
    )
    expect(calls.results).toBe(0) // fal said it ended: its result is not asked for
    expect(calls.finished).toEqual([expect.objectContaining({ jobId: 'job-2', state: 'failed', toast: 'Kling failed: fal may still bill $0.056' })])
    expect(calls.failedPanels).toHaveLength(2)
  })

  it('the same on every open: one ending, never "Bad Request, reopen Keyframe"', async () => {
    for (let open = 1; open <= 2; open++) {
      const calls = { finished: [] as unknown[], failedPanels: [] as unknown[], results: 0 }
      const c = control()
      await resumeJob(depsWith({ error: 'Request was cancelled', error_type: 'request_cancelled' }, calls), record, c)
      expect(c.last.phase).toBe('cancelled')
      expect(c.last.message).not.toMatch(/Bad Request|reopen Keyframe/)
      expect(calls.finished).toHaveLength(1)
    }
  })

  it('a COMPLETED status without an error is fetched; a failure to fetch keeps the job', async () => {
    const calls = { finished: [] as unknown[], failedPanels: [] as unknown[], results: 0 }
    const c = control()
    await resumeJob(depsWith({}, calls), record, c)
    expect(calls.results).toBe(1)
    expect(c.last.phase).toBe('failed')
    expect(c.last.message).toMatch(/The job is saved in the file: reopen Keyframe to pick it up\.$/)
    expect(calls.finished).toEqual([])
  })
})

describe('toasts', () => {
  // Long figures, many images, and every ending and failure the outcome knows.
  const facts = { costUsd: 1234.567, panels: 9, returned: 8, missing: 1, createdAt: '2026-11-26T12:00:00.000Z', sectionRemade: true }
  const causes: FailureCause[] = [
    { kind: 'before-submit', detail: 'x '.repeat(200) },
    { kind: 'section', detail: 'x '.repeat(200) },
    { kind: 'submit', detail: 'x '.repeat(200), advice: 'y '.repeat(100), budget: true },
    { kind: 'submit', detail: 'x '.repeat(200) },
    { kind: 'too-old-to-resend' },
    { kind: 'follow', detail: 'x '.repeat(200) },
    { kind: 'unknown-request' },
    { kind: 'model', detail: 'x '.repeat(200) },
    { kind: 'unreadable' },
    { kind: 'unplaced', count: 999 },
    { kind: 'unexpected', detail: 'x '.repeat(200) }
  ]
  const lives: JobLife[] = []
  const base = { sent: true, cancelAsked: false, placed: 999, requestId: 'a'.repeat(60) }
  for (const phase of ENDINGS) {
    for (const cancelAnswer of [undefined, 'OK', 'CANCELLATION_REQUESTED', 'ALREADY_COMPLETED', 'NOT_FOUND', 'unanswered'] as const) {
      lives.push({ ...base, phase, cancelAsked: cancelAnswer !== undefined, ...(cancelAnswer && { cancelAnswer }) })
    }
    lives.push({ phase, sent: false, cancelAsked: false, placed: 0 })
    for (const refusal of [{ status: undefined }, { status: 504 }, { status: 422 }, { status: 409, code: 'submit_in_doubt' }, { status: 402, charge: 'none' as const }, { status: 500, charge: 'released' as const }, { status: 409, code: 'job_other_token' }, { status: 409, code: 'job_id_reused', charge: 'none' as const }]) {
      lives.push({ phase, sent: true, cancelAsked: false, placed: 0, submitRefusal: refusal })
    }
  }
  const toasts = lives.flatMap((life) => (life.phase === 'failed' ? causes.map((failure) => outcomeOf(life, { ...facts, failure })) : [outcomeOf(life, facts)])).map((o) => o.toast)

  it(`every ending's toast fits in ${TOAST_MAX_CHARS} characters, so none is cut`, () => {
    expect(toasts.length).toBeGreaterThan(100)
    const tooLong = toasts.filter((t) => t.length > TOAST_MAX_CHARS)
    expect(tooLong).toEqual([])
    for (const toast of toasts) expect(fitToast(toast)).toBe(toast)
  })

  it('a text that does not fit is cut after a whole word, with an ellipsis', () => {
    const long = 'Could not read this file\'s unfinished jobs: the section "Storyboard for the harbour at dawn" could not be loaded'
    const fitted = fitToast(long)
    expect(fitted.length).toBeLessThanOrEqual(TOAST_MAX_CHARS)
    expect(fitted).toBe('Could not read this file\'s unfinished jobs: the section "Storyboard for the harbour at dawn" could…')
    expect(long.startsWith(fitted.slice(0, -1))).toBe(true)
  })
})
