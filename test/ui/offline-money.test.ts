// In offline mode every figure a job's ending shows says what it would cost live; live mode is unchanged.
import { describe, expect, it } from 'vitest'

import { TOAST_MAX_CHARS } from '../../src/toast'
import { ENDINGS, type JobLife } from '../../src/ui/jobs/job-lifecycle'
import { expiredPanelMessage, type FailureCause, outcomeOf } from '../../src/ui/jobs/job-outcome'

const causes: FailureCause[] = [
  { kind: 'submit', detail: 'Refused.' },
  { kind: 'too-old-to-resend' },
  { kind: 'unknown-request' },
  { kind: 'model', detail: 'content policy' },
  { kind: 'unreadable' },
  { kind: 'unexpected', detail: 'boom' }
]
const lives: JobLife[] = []
for (const phase of ENDINGS) {
  for (const cancelAnswer of [undefined, 'CANCELLATION_REQUESTED', 'ALREADY_COMPLETED', 'NOT_FOUND', 'unanswered'] as const) {
    lives.push({ phase, sent: true, cancelAsked: cancelAnswer !== undefined, placed: 4, requestId: 'req-1', ...(cancelAnswer && { cancelAnswer }) })
  }
  for (const refusal of [{ status: 422 }, { status: 409, code: 'submit_in_doubt' }, { status: 409, code: 'job_other_token' }]) {
    lives.push({ phase, sent: true, cancelAsked: false, placed: 0, submitRefusal: refusal })
  }
}
function endings(mode: 'live' | 'offline' | undefined) {
  const facts = { costUsd: 0.112, panels: 4, createdAt: '2026-11-26T12:00:00.000Z', mode }
  return lives.flatMap((life) => (life.phase === 'failed' ? causes.map((failure) => outcomeOf(life, { ...facts, failure })) : [outcomeOf(life, facts)]))
}

describe('job endings in offline mode', () => {
  const offline = endings('offline')
  const texts = offline.flatMap((o) => [o.message, o.toast])

  it('every dollar figure reads "would cost $… live", in the card and the toast', () => {
    const figures = texts.filter((t) => t.includes('$'))
    expect(figures.length).toBeGreaterThan(20)
    for (const text of figures) expect(text.replace(/would cost \$0\.112 live/g, '')).not.toContain('$')
    expect(texts.filter((t) => /\$0\.112 (paid|billed|stays charged)|Paid \$/.test(t))).toEqual([])
  })

  it('a placed job says "Placed 4 images · would cost $0.112 live"', () => {
    const done = outcomeOf({ phase: 'done', sent: true, cancelAsked: false, placed: 4, requestId: 'r' }, { costUsd: 0.112, panels: 4, mode: 'offline' })
    expect(done).toEqual({ message: 'Placed 4 images · would cost $0.112 live.', toast: 'Placed 4 images · would cost $0.112 live' })
    expect(expiredPanelMessage({ costUsd: 0.112, panels: 4, mode: 'offline' })).toBe('This image expired before Keyframe could download it. The set of 4 would cost $0.112 live.')
  })

  it('toasts still fit', () => {
    expect(offline.map((o) => o.toast).filter((t) => t.length > TOAST_MAX_CHARS)).toEqual([])
  })
})

describe('job endings in live mode (or mode not known yet)', () => {
  it('keep the plain amount', () => {
    for (const mode of ['live', undefined] as const) {
      const done = outcomeOf({ phase: 'done', sent: true, cancelAsked: false, placed: 4, requestId: 'r' }, { costUsd: 0.112, panels: 4, mode })
      expect(done.toast).toBe('Placed 4 images · $0.112')
      expect(endings(mode).some((o) => o.toast === 'Images expired: $0.112 paid')).toBe(true)
      expect(endings(mode).flatMap((o) => [o.message, o.toast]).some((t) => t.includes('would cost'))).toBe(false)
    }
  })
})
