// One generation's life, from the form to its ending, and what is known about its money on the way.
// The allowed moves are this table and nothing else; runJob, resume, cancel, a reopened plugin and a
// deleted section all move a job through `advance`. Pure: no Figma, DOM or network.
import { type ChargeMark, PROXY_CODES } from '../../proxy-answers'
import type { CancelAnswer } from './cancel-request'

export type LifecyclePhase =
  | 'drafted'
  | 'exporting'
  | 'uploading'
  | 'submitting'
  | 'queued'
  | 'generating'
  | 'downloading'
  | 'placing'
  | 'done'
  | 'failed'
  | 'cancelled'
  | 'expired'

/** The panel's name for each phase. */
export const PHASE_LABEL: Readonly<Record<LifecyclePhase, string>> = {
  drafted: 'Drafted',
  exporting: 'Exporting references',
  uploading: 'Uploading references',
  submitting: 'Submitting',
  queued: 'Queued',
  generating: 'Generating',
  downloading: 'Downloading',
  placing: 'Placing',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired'
}

export type Ending = Extract<LifecyclePhase, 'done' | 'failed' | 'cancelled' | 'expired'>

export const ENDINGS: readonly Ending[] = ['done', 'failed', 'cancelled', 'expired']

/**
 * Where each phase may go. A phase may also stay where it is (a new queue position, more logs). References
 * are exported one at a time and each uploaded unless it was sent before, so exporting and uploading
 * alternate. A request fal has accepted only ends in `failed` with its request id kept, so a reopened
 * plugin can finish it.
 */
export const TRANSITIONS: Readonly<Record<LifecyclePhase, readonly LifecyclePhase[]>> = {
  drafted: ['exporting', 'submitting', 'failed', 'cancelled'],
  exporting: ['uploading', 'exporting', 'submitting', 'failed', 'cancelled'],
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

/** How fal answered the submit when it did not accept it. */
export interface SubmitRefusal {
  /** HTTP status, or undefined when no answer came back at all. */
  status: number | undefined
  /** The proxy's code, e.g. `submit_in_doubt` (the first send may have reached fal and stays charged). */
  code?: string | undefined
  charge?: ChargeMark | undefined
}

/**
 * Codes with which the proxy refuses a resend because of an earlier send of the same job id (with another
 * token, or other settings): that answer sent nothing, but the earlier send may have been charged. The
 * proxy marks `job_id_reused` none and `job_other_token` not at all (src/proxy/submit-gate.ts).
 */
const REFUSED_FOR_AN_EARLIER_SEND: readonly string[] = [PROXY_CODES.jobIdReused, PROXY_CODES.jobOtherToken]

/** Whether the proxy refused it because of an earlier send of the same job, which may have been charged. */
export function refusedForAnEarlierSend(refusal: SubmitRefusal): boolean {
  return REFUSED_FOR_AN_EARLIER_SEND.includes(refusal.code ?? '')
}

/**
 * Whether a refused submit is settled, so the job ends: the proxy said what it cost, fal refused the
 * input (422: replayed to every resend, and fal may bill it), the proxy holds the job in doubt and never
 * sends it again, or it refused it for an earlier send (every resend is refused the same way, until the
 * proxy forgets the job id and would forward it as a new, paid job). Any other answer (a 502/504 page from a load balancer in front of the proxy, a
 * bare 5xx) may hide a submit the proxy forwarded: the job stays in the file and the next open resends
 * the same job id, which the proxy replays, refuses in doubt, or forwards a first time.
 */
export function refusalSettles(refusal: SubmitRefusal): boolean {
  return refusal.charge !== undefined || refusal.code === PROXY_CODES.submitInDoubt || refusal.status === 422 || refusedForAnEarlierSend(refusal)
}

/** What Keyframe knows about a job's money: each fact comes from fal or the proxy, never assumed. */
export interface JobLife {
  phase: LifecyclePhase
  /** The submit left the plugin (or, resuming, may have): fal may hold it from here. */
  sent: boolean
  /** fal accepted the submit: from here it may be billed. */
  requestId?: string
  submitRefusal?: SubmitRefusal
  /** The designer asked to cancel, and the cancel is pending or answered (false again once it did not reach fal). */
  cancelAsked: boolean
  /** fal's answer to the cancel, the first one only; `unanswered` when the cancel itself failed (replaced by a later answer). */
  cancelAnswer?: CancelAnswer | 'unanswered'
  /** Images placed on the canvas. */
  placed: number
}

export type LifeEvent =
  | { type: 'move'; to: LifecyclePhase }
  | { type: 'sent' }
  | { type: 'accepted'; requestId: string }
  | { type: 'submit-refused'; refusal: SubmitRefusal }
  | { type: 'cancel-asked' }
  | { type: 'cancel-answered'; answer: CancelAnswer | 'unanswered' }
  | { type: 'placed'; count: number }

export type Advance = { ok: true; life: JobLife } | { ok: false; reason: string }

export function newJob(): JobLife {
  return { phase: 'drafted', sent: false, cancelAsked: false, placed: 0 }
}

/**
 * A job a closed plugin left in the file: submitted (request id known) or caught mid-submit, with fal's
 * answer to a cancel when the closed plugin had recorded one.
 */
export function resumedJob(requestId: string | undefined, filled: number, cancelAnswer?: CancelAnswer): JobLife {
  if (requestId === undefined) return { phase: 'submitting', sent: true, cancelAsked: false, placed: filled }
  const cancel = cancelAnswer === undefined ? {} : { cancelAsked: true, cancelAnswer }
  return { phase: 'queued', sent: true, requestId, cancelAsked: false, placed: filled, ...cancel }
}

export function isEnding(phase: LifecyclePhase): phase is Ending {
  return (ENDINGS as readonly LifecyclePhase[]).includes(phase)
}

export function canMove(from: LifecyclePhase, to: LifecyclePhase): boolean {
  return TRANSITIONS[from].includes(to) || (from === to && !isEnding(from))
}

/** The one reducer: every change to a job's phase or money facts, refused when the table does not allow it. */
export function advance(life: JobLife, event: LifeEvent): Advance {
  switch (event.type) {
    case 'move':
      if (!canMove(life.phase, event.to)) return { ok: false, reason: `A job cannot go from ${life.phase} to ${event.to}.` }
      if (event.to === 'queued' && life.requestId === undefined) return { ok: false, reason: 'A job is queued only once fal has given it a request id.' }
      return { ok: true, life: { ...life, phase: event.to } }
    case 'sent':
      if (life.phase !== 'submitting') return { ok: false, reason: `A submit is sent only while submitting, not while ${life.phase}.` }
      return { ok: true, life: { ...life, sent: true } }
    case 'accepted':
      if (life.phase !== 'submitting' || !life.sent) return { ok: false, reason: `fal accepts a submit only while submitting, not while ${life.phase}.` }
      return { ok: true, life: { ...life, phase: 'queued', requestId: event.requestId } }
    case 'submit-refused':
      if (life.phase !== 'submitting' || !life.sent) return { ok: false, reason: `A submit can be refused only while submitting, not while ${life.phase}.` }
      return { ok: true, life: { ...life, phase: 'failed', submitRefusal: event.refusal } }
    case 'cancel-asked':
      if (isEnding(life.phase)) return { ok: false, reason: `A job that ended (${life.phase}) cannot be cancelled.` }
      return { ok: true, life: { ...life, cancelAsked: true } }
    case 'cancel-answered':
      if (!life.cancelAsked || life.requestId === undefined) return { ok: false, reason: 'fal answers a cancel only for a request that was asked to cancel.' }
      if (life.cancelAnswer !== undefined && life.cancelAnswer !== 'unanswered') {
        return { ok: false, reason: `fal already answered the cancel (${life.cancelAnswer}); a later answer does not replace it.` }
      }
      // A cancel that never reached fal is not pending any more: the designer may ask again.
      return { ok: true, life: { ...life, cancelAnswer: event.answer, ...(event.answer === 'unanswered' && { cancelAsked: false }) } }
    case 'placed':
      if (life.phase !== 'placing') return { ok: false, reason: `Images are placed only while placing, not while ${life.phase}.` }
      return { ok: true, life: { ...life, placed: event.count } }
  }
}

/**
 * True only when it is known that fal will bill nothing: nothing was sent, fal removed the request from
 * its queue (a cancel answered `OK`), or the proxy marked its answer to the submit `none` or `released`.
 * An HTTP status alone proves nothing: a 502 or 504 may come from a load balancer after the proxy
 * forwarded the job.
 */
export function nothingCharged(life: JobLife): boolean {
  if (life.requestId !== undefined) return life.cancelAnswer === 'OK'
  const refusal = life.submitRefusal
  if (refusal) return refusal.charge !== undefined && !refusedForAnEarlierSend(refusal)
  return !life.sent
}
