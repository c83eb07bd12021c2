// The job lifecycle, pure: every allowed move, every refused one, the money facts, and the sentences
// derived from them. No mocks: plain values in, plain values out.
import { describe, expect, it } from 'vitest'

import {
  advance,
  canMove,
  ENDINGS,
  type JobLife,
  type LifecyclePhase,
  newJob,
  nothingCharged,
  resumedJob,
  TRANSITIONS
} from '../../src/ui/jobs/job-lifecycle'
import { outcomeMessage } from '../../src/ui/jobs/job-outcome'

const PHASES = Object.keys(TRANSITIONS) as LifecyclePhase[]
const at = (phase: LifecyclePhase, more: Partial<JobLife> = {}): JobLife => ({ phase, sent: false, cancelAsked: false, placed: 0, requestId: 'req-1', ...more })

const allowed = PHASES.flatMap((from) => TRANSITIONS[from].map((to) => [from, to] as const))
const refused = PHASES.flatMap((from) => PHASES.filter((to) => !TRANSITIONS[from].includes(to) && !(from === to && !ENDINGS.includes(from as never))).map((to) => [from, to] as const))

describe('the transition table', () => {
  it.each(allowed)('%s → %s is allowed', (from, to) => {
    const result = advance(at(from), { type: 'move', to })
    expect(result).toEqual({ ok: true, life: at(to) })
  })

  it.each(refused)('%s → %s is refused, naming both', (from, to) => {
    expect(advance(at(from), { type: 'move', to })).toEqual({ ok: false, reason: `A job cannot go from ${from} to ${to}.` })
  })

  it('covers every pair once: the two lists above are the whole square', () => {
    const stays = PHASES.filter((p) => !ENDINGS.includes(p as never) && !TRANSITIONS[p].includes(p)).length
    expect(allowed.length + refused.length + stays).toBe(PHASES.length ** 2)
    expect(refused.length).toBeGreaterThan(0)
  })

  it('a running phase may stay put (a new queue position, more logs); an ending may not', () => {
    expect(canMove('queued', 'queued')).toBe(true)
    expect(canMove('generating', 'generating')).toBe(true)
    for (const ending of ENDINGS) expect(canMove(ending, ending)).toBe(false)
  })

  it('no ending leads anywhere', () => {
    for (const ending of ENDINGS) expect(TRANSITIONS[ending]).toEqual([])
  })

  it('queued needs a request id from fal', () => {
    expect(advance(at('submitting', { requestId: undefined, sent: true }), { type: 'move', to: 'queued' })).toEqual({
      ok: false,
      reason: 'A job is queued only once fal has given it a request id.'
    })
  })
})

describe('the money events', () => {
  it('a submit is sent, then accepted with a request id: queued', () => {
    const drafted = newJob()
    const submitting = advance(drafted, { type: 'move', to: 'submitting' })
    if (!submitting.ok) throw new Error(submitting.reason)
    const sent = advance(submitting.life, { type: 'sent' })
    if (!sent.ok) throw new Error(sent.reason)
    expect(advance(sent.life, { type: 'accepted', requestId: 'r' })).toEqual({ ok: true, life: { phase: 'queued', sent: true, cancelAsked: false, placed: 0, requestId: 'r' } })
  })

  it('refuses an acceptance before the submit was sent, or outside submitting', () => {
    expect(advance(at('submitting', { requestId: undefined }), { type: 'accepted', requestId: 'r' })).toMatchObject({ ok: false })
    expect(advance(at('queued', { sent: true }), { type: 'accepted', requestId: 'r' })).toEqual({
      ok: false,
      reason: 'fal accepts a submit only while submitting, not while queued.'
    })
    expect(advance(at('queued'), { type: 'sent' })).toEqual({ ok: false, reason: 'A submit is sent only while submitting, not while queued.' })
  })

  it('a refused submit ends the job failed, keeping how it was refused', () => {
    const life = at('submitting', { requestId: undefined, sent: true })
    expect(advance(life, { type: 'submit-refused', refusal: { status: 500 } })).toEqual({ ok: true, life: { ...life, phase: 'failed', submitRefusal: { status: 500 } } })
    expect(advance(at('queued'), { type: 'submit-refused', refusal: { status: 500 } })).toMatchObject({ ok: false })
  })

  it('a cancel is asked of a running job only, and answered only for a request asked to cancel', () => {
    expect(advance(at('done'), { type: 'cancel-asked' })).toEqual({ ok: false, reason: 'A job that ended (done) cannot be cancelled.' })
    expect(advance(at('queued'), { type: 'cancel-answered', answer: 'OK' })).toEqual({ ok: false, reason: 'fal answers a cancel only for a request that was asked to cancel.' })
    expect(advance(at('queued', { cancelAsked: true }), { type: 'cancel-answered', answer: 'OK' })).toMatchObject({ ok: true, life: { cancelAnswer: 'OK' } })
  })

  it('images are counted only while placing', () => {
    expect(advance(at('placing'), { type: 'placed', count: 3 })).toMatchObject({ ok: true, life: { placed: 3 } })
    expect(advance(at('downloading'), { type: 'placed', count: 3 })).toEqual({ ok: false, reason: 'Images are placed only while placing, not while downloading.' })
  })

  it('a resumed job starts where its record says: queued with its id, or submitting (maybe sent) without', () => {
    expect(resumedJob('r', 2)).toEqual({ phase: 'queued', sent: true, requestId: 'r', cancelAsked: false, placed: 2 })
    expect(resumedJob(undefined, 0)).toEqual({ phase: 'submitting', sent: true, cancelAsked: false, placed: 0 })
  })
})

describe('"nothing charged" only when known', () => {
  const noRequest = { requestId: undefined }
  it.each([
    ['never sent', at('cancelled', noRequest), true],
    ['fal removed it (OK)', at('cancelled', { cancelAsked: true, cancelAnswer: 'OK', sent: true }), true],
    ['submit refused with a 5xx', at('failed', { ...noRequest, sent: true, submitRefusal: { status: 503 } }), true],
    ['submit refused with a 4xx other than 422', at('failed', { ...noRequest, sent: true, submitRefusal: { status: 402 } }), true],
    ['submit refused with a 422 (fal may bill it)', at('failed', { ...noRequest, sent: true, submitRefusal: { status: 422 } }), false],
    ['submit in doubt (the proxy kept the first send charged)', at('failed', { ...noRequest, sent: true, submitRefusal: { status: 409, code: 'submit_in_doubt' } }), false],
    ['submit unanswered', at('failed', { ...noRequest, sent: true, submitRefusal: { status: undefined } }), false],
    ['sent, then something broke before an answer', at('failed', { ...noRequest, sent: true }), false],
    ['a request id, cancel answered CANCELLATION_REQUESTED', at('cancelled', { sent: true, cancelAsked: true, cancelAnswer: 'CANCELLATION_REQUESTED' }), false],
    ['a request id, no cancel', at('done', { sent: true }), false]
  ] as const)('%s → %s', (_, life, expected) => {
    expect(nothingCharged(life)).toBe(expected)
  })
})

describe('the ending sentences', () => {
  const facts = { costUsd: 0.112, panels: 4, createdAt: '2026-11-26T12:00:00.000Z' }
  it('done, cancelled too late, done short, done in a remade section', () => {
    expect(outcomeMessage(at('done', { placed: 4 }), facts)).toBe('Placed 4 images · $0.112.')
    expect(outcomeMessage(at('done', { placed: 4, cancelAsked: true, cancelAnswer: 'CANCELLATION_REQUESTED' }), facts)).toBe('Cancel came too late: placed 4 images, $0.112.')
    expect(outcomeMessage(at('done', { placed: 4, cancelAsked: true, cancelAnswer: 'ALREADY_COMPLETED' }), facts)).toBe('Cancel came too late: placed 4 images, $0.112.')
    expect(outcomeMessage(at('done', { placed: 3 }), { ...facts, returned: 3, missing: 1 })).toBe('Placed 3 images · $0.112. fal returned 3 of 4 images; the empty panels say so.')
    expect(outcomeMessage(at('done', { placed: 1 }), { ...facts, sectionRemade: true })).toMatch(/^Placed 1 image · \$0\.112\. Its section was deleted/)
  })

  it('cancelled: before sending, removed from the queue, stopped while running', () => {
    expect(outcomeMessage(at('cancelled', { requestId: undefined }), facts)).toBe('Cancelled before anything was sent: nothing was charged.')
    expect(outcomeMessage(at('cancelled', { sent: true, cancelAsked: true, cancelAnswer: 'OK' }), facts)).toBe('Cancelled while queued: fal removed it from the queue, so nothing was charged.')
    expect(outcomeMessage(at('cancelled', { sent: true, cancelAsked: true, cancelAnswer: 'CANCELLATION_REQUESTED' }), facts)).toBe(
      'Cancelled while generating: Kling stopped and delivered no images. It had started, so fal may still bill it ($0.112).'
    )
  })

  it('expired names what was paid, for which request, and when', () => {
    expect(outcomeMessage(at('expired', { sent: true }), facts)).toContain('Paid $0.112 for request req-1, sent 2026-11-26 12:00 UTC.')
  })

  it('a failed submit says "Nothing was charged" only when known', () => {
    const failure = { kind: 'submit', detail: 'fal said no.' } as const
    const refused = (status: number | undefined, code?: string) => at('failed', { requestId: undefined, sent: true, submitRefusal: { status, code } })
    expect(outcomeMessage(refused(500), { ...facts, failure })).toBe('fal said no. Nothing was charged.')
    expect(outcomeMessage(refused(422), { ...facts, failure })).toBe('fal said no.')
    expect(outcomeMessage(refused(409, 'submit_in_doubt'), { ...facts, failure })).toBe(
      'fal said no. The first send may have reached fal, so it stays charged ($0.112). The proxy will not send this job again: Generate to start a new one.'
    )
    expect(outcomeMessage(refused(undefined), { ...facts, failure })).toBe('fal said no. The job stays saved in the file and is checked again next time.')
  })

  it('an unexpected fault says what is known: paid with an id, or nothing sent', () => {
    const failure = { kind: 'unexpected', detail: 'boom' } as const
    expect(outcomeMessage(at('failed', { sent: true }), { ...facts, failure })).toBe('Something went wrong: boom. Request req-1 is paid ($0.112): reopen Keyframe to pick it up.')
    expect(outcomeMessage(at('failed', { requestId: undefined }), { ...facts, failure })).toBe('Something went wrong before anything was sent: boom. Nothing was charged.')
    expect(outcomeMessage(at('failed', { requestId: undefined, sent: true }), { ...facts, failure })).toMatch(/^Something went wrong while sending to fal: boom\. It may have reached fal/)
  })
})
