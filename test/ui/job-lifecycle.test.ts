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
  refusalSettles,
  resumedJob,
  TRANSITIONS
} from '../../src/ui/jobs/job-lifecycle'
import { expiredPanelMessage, outcomeMessage, outcomeOf } from '../../src/ui/jobs/job-outcome'

const at = (phase: LifecyclePhase, more: Partial<JobLife> = {}): JobLife => ({ phase, sent: false, cancelAsked: false, placed: 0, requestId: 'req-1', ...more })

/**
 * The moves a job may make, written out here by hand rather than read from TRANSITIONS, so a wrong
 * entry in the table fails this test. Staying put (a new queue position, more logs) is allowed for every
 * phase that is not an ending, and is listed separately.
 */
const EXPECTED_MOVES: Readonly<Record<LifecyclePhase, readonly LifecyclePhase[]>> = {
  drafted: ['exporting', 'submitting', 'failed', 'cancelled'],
  exporting: ['uploading', 'submitting', 'failed', 'cancelled'],
  uploading: ['exporting', 'submitting', 'failed', 'cancelled'],
  submitting: ['queued', 'failed'],
  queued: ['generating', 'downloading', 'cancelled', 'failed', 'expired'],
  generating: ['downloading', 'cancelled', 'failed', 'expired'],
  downloading: ['placing', 'cancelled', 'failed', 'expired'],
  placing: ['done', 'failed'],
  done: [],
  failed: [],
  cancelled: [],
  expired: []
}
const PHASES: LifecyclePhase[] = ['drafted', 'exporting', 'uploading', 'submitting', 'queued', 'generating', 'downloading', 'placing', 'done', 'failed', 'cancelled', 'expired']
const RUNNING = PHASES.filter((p) => !['done', 'failed', 'cancelled', 'expired'].includes(p))

const allowed = PHASES.flatMap((from) => EXPECTED_MOVES[from].map((to) => [from, to] as const))
const stays = RUNNING.map((p) => [p, p] as const)
const refused = PHASES.flatMap((from) => PHASES.filter((to) => !EXPECTED_MOVES[from].includes(to) && !(from === to && RUNNING.includes(from))).map((to) => [from, to] as const))

describe('the transition table', () => {
  it('lists exactly the phases written out here', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...PHASES].sort())
    expect([...ENDINGS].sort()).toEqual(['cancelled', 'done', 'expired', 'failed'])
  })

  it.each(allowed)('%s → %s is allowed', (from, to) => {
    const result = advance(at(from), { type: 'move', to })
    expect(result).toEqual({ ok: true, life: at(to) })
  })

  it.each(stays)('%s may stay %s', (from, to) => {
    expect(advance(at(from), { type: 'move', to })).toEqual({ ok: true, life: at(to) })
  })

  it.each(refused)('%s → %s is refused, naming both', (from, to) => {
    expect(advance(at(from), { type: 'move', to })).toEqual({ ok: false, reason: `A job cannot go from ${from} to ${to}.` })
  })

  it('covers every pair once: the three lists above are the whole square', () => {
    expect(allowed.length + stays.length + refused.length).toBe(PHASES.length ** 2)
    expect(new Set([...allowed, ...stays, ...refused].map(([a, b]) => `${a}>${b}`)).size).toBe(PHASES.length ** 2)
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

  it("fal's first answer to a cancel stands: a later one is refused, naming the first", () => {
    expect(advance(at('queued', { cancelAsked: true, cancelAnswer: 'OK' }), { type: 'cancel-answered', answer: 'NOT_FOUND' })).toEqual({
      ok: false,
      reason: 'fal already answered the cancel (OK); a later answer does not replace it.'
    })
  })

  it('a cancel that did not reach fal is no longer pending: it may be asked again, and its answer then counts', () => {
    const unanswered = advance(at('queued', { cancelAsked: true }), { type: 'cancel-answered', answer: 'unanswered' })
    expect(unanswered).toEqual({ ok: true, life: at('queued', { cancelAsked: false, cancelAnswer: 'unanswered' }) })
    if (!unanswered.ok) throw new Error(unanswered.reason)
    const again = advance(unanswered.life, { type: 'cancel-asked' })
    if (!again.ok) throw new Error(again.reason)
    expect(advance(again.life, { type: 'cancel-answered', answer: 'OK' })).toEqual({ ok: true, life: at('queued', { cancelAsked: true, cancelAnswer: 'OK' }) })
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
    ['fal refused the submit and the proxy released it', at('failed', { ...noRequest, sent: true, submitRefusal: { status: 503, charge: 'released' } }), true],
    ['the proxy refused before sending (budget)', at('failed', { ...noRequest, sent: true, submitRefusal: { status: 402, code: 'budget_exceeded', charge: 'none' } }), true],
    ['a bare 5xx with no mark (a load balancer may have answered after the proxy forwarded)', at('failed', { ...noRequest, sent: true, submitRefusal: { status: 503 } }), false],
    ['a 504 page from in front of the proxy', at('failed', { ...noRequest, sent: true, submitRefusal: { status: 504 } }), false],
    ['a 4xx with no mark', at('failed', { ...noRequest, sent: true, submitRefusal: { status: 402 } }), false],
    ['submit refused with a 422 (fal may bill it)', at('failed', { ...noRequest, sent: true, submitRefusal: { status: 422 } }), false],
    // The proxy's own answers (src/proxy/submit-gate.ts): job_other_token has no mark, job_id_reused is marked none.
    ['a resend refused as sent before with another token (no mark)', at('failed', { ...noRequest, sent: true, submitRefusal: { status: 409, code: 'job_other_token' } }), false],
    ['a resend refused as sent before with other settings (marked none, but the first may be charged)', at('failed', { ...noRequest, sent: true, submitRefusal: { status: 409, code: 'job_id_reused', charge: 'none' } }), false],
    ['submit in doubt (the proxy kept the first send charged)', at('failed', { ...noRequest, sent: true, submitRefusal: { status: 409, code: 'submit_in_doubt' } }), false],
    ['submit unanswered', at('failed', { ...noRequest, sent: true, submitRefusal: { status: undefined } }), false],
    ['sent, then something broke before an answer', at('failed', { ...noRequest, sent: true }), false],
    ['a request id, cancel answered CANCELLATION_REQUESTED', at('cancelled', { sent: true, cancelAsked: true, cancelAnswer: 'CANCELLATION_REQUESTED' }), false],
    ['a request id, no cancel', at('done', { sent: true }), false]
  ] as const)('%s → %s', (_, life, expected) => {
    expect(nothingCharged(life)).toBe(expected)
  })
})

describe('which refused submits end the job', () => {
  it.each([
    ['marked none (the proxy sent nothing)', { status: 402, code: 'budget_exceeded', charge: 'none' }, true],
    ['marked released (fal refused it)', { status: 500, charge: 'released' }, true],
    ["fal's 422", { status: 422 }, true],
    ['in doubt', { status: 409, code: 'submit_in_doubt' }, true],
    ['sent before with another token (no mark): every resend is refused the same way', { status: 409, code: 'job_other_token' }, true],
    ['sent before with other settings (marked none)', { status: 409, code: 'job_id_reused', charge: 'none' }, true],
    ['a 504 page from in front of the proxy', { status: 504 }, false],
    ['no answer', { status: undefined }, false]
  ] as const)('%s → %s', (_, refusal, expected) => {
    expect(refusalSettles(refusal)).toBe(expected)
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

  it('expired says what was paid and when, and what to do; the request id stays in the record only', () => {
    expect(outcomeOf(at('expired', { sent: true }), facts)).toEqual({
      message: 'These images expired before Keyframe could download them. Paid $0.112 on 26 Nov, 12:00 UTC. Generate again to get new ones (charged again).',
      toast: 'Images expired: $0.112 paid'
    })
    expect(expiredPanelMessage(facts)).toBe('This image expired before Keyframe could download it. $0.112 paid for the set of 4.')
    expect(expiredPanelMessage({ costUsd: 0.028, panels: 1 })).toBe('This image expired before Keyframe could download it. $0.028 paid for it.')
  })

  it('a failed submit says "Nothing was charged" only when the proxy marked it so', () => {
    const failure = { kind: 'submit', detail: 'fal said no.' } as const
    const refused = (status: number | undefined, code?: string, charge?: 'none' | 'released') =>
      at('failed', { requestId: undefined, sent: true, submitRefusal: { status, code, charge } })
    expect(outcomeOf(refused(500, undefined, 'released'), { ...facts, failure })).toEqual({ message: 'fal said no. Nothing was charged.', toast: 'Not sent: nothing charged' })
    expect(outcomeMessage(refused(422), { ...facts, failure })).toBe('fal said no. fal may bill a refused request ($0.112).')
    // In doubt: the plugin's own words, not the proxy's message glued to them.
    expect(outcomeMessage(refused(409, 'submit_in_doubt'), { ...facts, failure })).toBe(
      "fal's reply was lost, so Keyframe can't tell whether this job ran. It stays charged ($0.112) and won't be sent again. " +
        "Generate to try again (charged again); your admin can find the first one in fal's history."
    )
    const kept = 'fal said no. It may have reached fal, so the job stays saved in the file and is checked again when Keyframe reopens (it will not be charged twice).'
    expect(outcomeMessage(refused(undefined), { ...facts, failure })).toBe(kept)
    expect(outcomeMessage(refused(504), { ...facts, failure })).toBe(kept)
  })

  it('a resend refused for an earlier send: the plugin\'s own words, "may have been charged", never "nothing was charged"', () => {
    const failure = { kind: 'submit', detail: 'The proxy said something long.' } as const
    const refused = (code: string, charge?: 'none') => at('failed', { requestId: undefined, sent: true, submitRefusal: { status: 409, code, charge } })
    expect(outcomeOf(refused('job_other_token'), { ...facts, failure })).toEqual({
      message:
        'This job was sent once before with another access token (perhaps yours, before it was rotated), so the proxy did not send it again. ' +
        'That first send may have been charged ($0.112): ask your admin about it. Generate to try again (charged again).',
      toast: 'Sent before with another token: may be charged, ask your admin'
    })
    expect(outcomeOf(refused('job_id_reused', 'none'), { ...facts, failure })).toEqual({
      message:
        'This job was sent once before with other settings, so the proxy did not send it again. ' +
        'That first send may have been charged ($0.112): ask your admin about it. Generate to try again (charged again).',
      toast: 'Sent before with other settings: may be charged, ask your admin'
    })
  })

  it('recorded mid-submit too long ago to resend: says when, why, that it may have been charged, and to ask the admin', () => {
    const life = at('failed', { requestId: undefined, sent: true })
    expect(outcomeOf(life, { ...facts, failure: { kind: 'too-old-to-resend' } })).toEqual({
      message:
        'Keyframe closed while sending this job on 26 Nov, 12:00 UTC. The proxy remembers sends for 8 days, so sending it again now could pay for it twice: it was not sent again. ' +
        "It may have been charged ($0.112): ask your admin, who can look for it in fal's history. Generate to try again (charged again).",
      toast: 'Not sent again (too old): may be charged, ask your admin'
    })
  })

  it('a budget refusal: the figures, then what it cost, then what to do', () => {
    const failure = { kind: 'submit', detail: 'This costs $0.028, but only $0.002 of your $0.030 budget for today is left.', advice: 'Try again after 00:00 UTC, or ask your admin to raise the budget.', budget: true } as const
    const life = at('failed', { requestId: undefined, sent: true, submitRefusal: { status: 402, code: 'budget_exceeded', charge: 'none' } })
    expect(outcomeOf(life, { ...facts, failure })).toEqual({
      message: 'This costs $0.028, but only $0.002 of your $0.030 budget for today is left. Nothing was charged. Try again after 00:00 UTC, or ask your admin to raise the budget.',
      toast: "Over today's budget: nothing charged"
    })
  })

  it('cancelled by fal with no record of its answer to the cancel: may be billed', () => {
    expect(outcomeOf(at('cancelled', { sent: true }), facts)).toEqual({
      message: 'Cancelled: fal stopped this request before it delivered any images. Keyframe has no record of whether it had started, so fal may bill it ($0.112).',
      toast: 'Cancelled: fal may bill $0.112'
    })
  })

  it('a cancel that never reached fal, then Kling finished: says so, not "too late"', () => {
    expect(outcomeOf(at('done', { placed: 4, cancelAsked: false, cancelAnswer: 'unanswered' }), facts)).toEqual({
      message: 'The cancel did not reach fal, so Kling finished: placed 4 images, $0.112.',
      toast: 'Cancel did not reach fal: placed 4 images, $0.112'
    })
  })

  it('the model ended it with an error; the proxy has no record of the request', () => {
    expect(outcomeMessage(at('failed', { sent: true }), { ...facts, failure: { kind: 'model', detail: 'Content policy violation' } })).toBe(
      'Kling ended this job with an error: Content policy violation. No images came back, and fal may still bill it ($0.112). Change the prompt or references and Generate again.'
    )
    expect(outcomeMessage(at('failed', { sent: true }), { ...facts, failure: { kind: 'unknown-request' } })).toBe(
      'The proxy has no record of request req-1: its data may have been reset, or another copy of the proxy answered. fal may still have it ($0.112). ' +
        'The job stays saved in the file: ask whoever runs the proxy, then reopen Keyframe.'
    )
  })

  it('an unexpected fault says what is known: paid with an id, or nothing sent', () => {
    const failure = { kind: 'unexpected', detail: 'boom' } as const
    expect(outcomeMessage(at('failed', { sent: true }), { ...facts, failure })).toBe('Something went wrong: boom. Request req-1 is paid ($0.112): reopen Keyframe to pick it up.')
    expect(outcomeMessage(at('failed', { requestId: undefined }), { ...facts, failure })).toBe('Something went wrong before anything was sent: boom. Nothing was charged.')
    expect(outcomeMessage(at('failed', { requestId: undefined, sent: true }), { ...facts, failure })).toMatch(/^Something went wrong while sending to fal: boom\. It may have reached fal/)
  })
})
