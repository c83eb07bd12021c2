// Every sentence a job ends with, in one place, derived from its lifecycle state and what is known about
// its money: whether fal holds a request, what fal answered to a cancel, how many images were placed.
// "Nothing was charged" is said only when nothingCharged() knows it. Each ending has a full message for
// the job's card and a short toast for Figma's notification (which shows at most 100 characters), written
// short on purpose rather than cut.
import { PROXY_MEMORY_MS } from '../../messages'
import { PROXY_CODES } from '../../proxy-answers'
import { moneyText, type ProxyMode } from '../money'
import type { CancelAnswer } from './cancel-request'
import { type JobLife, nothingCharged, refusalSettles } from './job-lifecycle'

export type FailureCause =
  /** A problem found before anything was sent (input, export, upload, an unreachable proxy): said as it is. */
  | { kind: 'before-submit'; detail: string }
  /** The section could not be created, so nothing was sent. */
  | { kind: 'section'; detail: string; panel?: boolean }
  /**
   * fal or the proxy did not accept the submit (the lifecycle's submitRefusal says how). `advice`, when
   * given, is what to do next, said after what it cost; `budget` marks a budget refusal.
   */
  | { kind: 'submit'; detail: string; advice?: string | undefined; budget?: boolean }
  /**
   * Recorded mid-submit longer ago than the proxy remembers sends: not sent again, since the proxy could
   * forward it as new and it would be paid twice.
   */
  | { kind: 'too-old-to-resend' }
  /** Following an accepted request failed; its id is saved in the file. */
  | { kind: 'follow'; detail: string }
  /** The proxy has no record of the request id (its data was reset, or another instance answered). */
  | { kind: 'unknown-request' }
  /** fal ended the request with an error of the model's: no images, and nothing to pick up later. */
  | { kind: 'model'; detail: string }
  /** fal's result could not be read: nothing to place, though fal bills it. */
  | { kind: 'unreadable' }
  /** Paid images that could not be placed now. */
  | { kind: 'unplaced'; count: number }
  /** A fault no other case covers. */
  | { kind: 'unexpected'; detail: string }

export interface OutcomeFacts {
  costUsd: number
  panels: number
  /** Images fal returned, when fewer than the panels. */
  returned?: number
  missing?: number
  /** When the job was recorded and sent (ISO). */
  createdAt?: string
  /** The job's section was deleted, and its images went into a new one. */
  sectionRemade?: boolean
  failure?: FailureCause
  /** The proxy's mode when the job ran: offline figures say what they would cost live (money.ts). */
  mode?: ProxyMode | undefined
}

export interface Outcome {
  /** The card's sentence: what happened, what it cost, what to do next. */
  message: string
  /** The notification's: at most TOAST_MAX_CHARS, whole words. */
  toast: string
  /** Why, for a run's one notification (run-summary.ts), when the toast only points at the card. */
  reason?: string
}

/** The sentences a job ends with. Only for a job in an ending phase. */
export function outcomeOf(life: JobLife, facts: OutcomeFacts): Outcome {
  const cost = moneyText(facts.costUsd, facts.mode)
  // Toasts whose amount is the object of "bill" or "paid" read as a charge: offline, the amount is said apart.
  const billed = (live: string, offline: string) => (facts.mode === 'offline' ? offline : live)
  switch (life.phase) {
    case 'done':
      return doneOutcome(life, facts, cost)
    case 'cancelled':
      if (!life.sent) return { message: 'Cancelled before anything was sent: nothing was charged.', toast: 'Cancelled: nothing charged' }
      if (life.cancelAnswer === 'OK') {
        return { message: 'Cancelled while queued: fal removed it from the queue, so nothing was charged.', toast: 'Cancelled: nothing charged' }
      }
      if (life.cancelAnswer === 'CANCELLATION_REQUESTED') {
        return {
          message: `Cancelled while generating: Kling stopped and delivered no images. It had started, so fal may still bill it (${cost}).`,
          toast: billed(`Cancelled: Kling may still bill ${cost}`, `Cancelled (${cost})`)
        }
      }
      // fal says the request was cancelled, but this plugin has no record of fal's answer to the cancel
      // (a plugin closed before it could keep it): it may have started.
      return {
        message: `Cancelled: fal stopped this request before it delivered any images. Keyframe has no record of whether it had started, so fal may bill it (${cost}).`,
        toast: billed(`Cancelled: fal may bill ${cost}`, `Cancelled (${cost})`)
      }
    case 'expired':
      return {
        message: billed(
          `These images expired before Keyframe could download them. Paid ${cost} on ${when(facts.createdAt)}. Generate again to get new ones (charged again).`,
          `These images expired before Keyframe could download them (made on ${when(facts.createdAt)}; ${cost}). Generate again to get new ones.`
        ),
        toast: billed(`Images expired: ${cost} paid`, `Images expired (${cost})`)
      }
    case 'failed':
      return failureOutcome(life, facts, cost)
    default:
      return { message: '', toast: '' }
  }
}

/** The card's sentence alone. */
export function outcomeMessage(life: JobLife, facts: OutcomeFacts): string {
  return outcomeOf(life, facts).message
}

function doneOutcome(life: JobLife, facts: OutcomeFacts, cost: string): Outcome {
  const placed = images(life.placed)
  const short = (facts.missing ?? 0) > 0 ? ` fal returned ${facts.returned ?? 0} of ${facts.panels} images; the empty panels say so.` : ''
  const remadeNote = remade(facts)
  if (life.cancelAnswer === 'unanswered') {
    return {
      message: `The cancel did not reach fal, so Kling finished: placed ${placed}, ${cost}.${short}${remadeNote}`,
      toast: `Cancel did not reach fal: placed ${placed}, ${cost}`
    }
  }
  if (life.cancelAsked && life.cancelAnswer !== 'OK') {
    return { message: `Cancel came too late: placed ${placed}, ${cost}.${short}${remadeNote}`, toast: `Cancel came too late: placed ${placed}, ${cost}` }
  }
  return { message: `Placed ${placed} · ${cost}.${short}${remadeNote}`, toast: `Placed ${placed} · ${cost}` }
}

function failureOutcome(life: JobLife, facts: OutcomeFacts, cost: string): Outcome {
  const cause = facts.failure ?? { kind: 'unexpected', detail: 'the job stopped without saying why' }
  switch (cause.kind) {
    case 'before-submit':
      return { message: cause.detail, toast: 'Not sent: see the job in Keyframe', reason: `Not sent: ${cause.detail.replace(/\.$/, '')}` }
    case 'section':
      // A Regenerate or Variations makes no section: its panel refused it (gone, or still regenerating).
      if (cause.panel === true) return { message: `Not sent: ${cause.detail}`, toast: 'Not sent: the panel could not take a new version' }
      return { message: `Could not create the storyboard section: ${cause.detail}`, toast: 'Not sent: the storyboard section could not be made' }
    case 'submit':
      return submitOutcome(life, cause, cost, facts.mode)
    case 'too-old-to-resend':
      return {
        message:
          `Keyframe closed while sending this job on ${when(facts.createdAt)}. The proxy remembers sends for ${PROXY_MEMORY_MS / DAY_MS} days, ` +
          `so sending it again now could pay for it twice: it was not sent again. ${mayBeCharged(cost)}`,
        toast: 'Not sent again (too old): may be charged, ask your admin'
      }
    case 'follow':
      return { message: `${cause.detail} The job is saved in the file: reopen Keyframe to pick it up.`, toast: 'Lost track of the job: reopen Keyframe to pick it up' }
    case 'unknown-request':
      return {
        message:
          `The proxy has no record of request ${life.requestId ?? ''}: its data may have been reset, or another copy of the proxy answered. ` +
          `fal may still have it (${cost}). The job stays saved in the file: ask whoever runs the proxy, then reopen Keyframe.`,
        toast: 'The proxy has no record of this job: ask whoever runs it'
      }
    case 'model':
      return {
        message: `Kling ended this job with an error: ${cause.detail}. No images came back, and fal may still bill it (${cost}). Change the prompt or references and Generate again.`,
        toast: facts.mode === 'offline' ? `Kling failed (${cost})` : `Kling failed: fal may still bill ${cost}`
      }
    case 'unreadable':
      return {
        message: `fal sent back a result Keyframe could not read, so no image was placed. fal bills it (${cost}); its request id ${life.requestId ?? ''} is kept in the section's record.`,
        toast: facts.mode === 'offline' ? `Unreadable result: no images (${cost})` : `Unreadable result: no images, ${cost} billed`
      }
    case 'unplaced': {
      const them = cause.count === 1 ? 'it' : 'them'
      return {
        message: `${images(cause.count)} could not be placed. The job is saved in the file, paid for: reopen Keyframe to place ${them}.${remade(facts)}`,
        toast: `${images(cause.count)} not placed: reopen Keyframe to place ${them}`
      }
    }
    case 'unexpected':
      if (life.requestId !== undefined) {
        return { message: `Something went wrong: ${cause.detail}. Request ${life.requestId} is paid (${cost}): reopen Keyframe to pick it up.`, toast: 'Something went wrong: reopen Keyframe to pick the job up' }
      }
      if (nothingCharged(life)) return { message: `Something went wrong before anything was sent: ${cause.detail}. Nothing was charged.`, toast: 'Something went wrong: nothing charged' }
      return {
        message: `Something went wrong while sending to fal: ${cause.detail}. It may have reached fal: the job stays saved in the file and is checked again next time.`,
        toast: 'Something went wrong: checked again when Keyframe reopens'
      }
  }
}

function submitOutcome(life: JobLife, cause: Extract<FailureCause, { kind: 'submit' }>, cost: string, mode: ProxyMode | undefined): Outcome {
  const advice = cause.advice === undefined ? '' : ` ${cause.advice}`
  if (nothingCharged(life)) {
    return { message: `${cause.detail} Nothing was charged.${advice}`, toast: cause.budget === true ? "Over today's budget: nothing charged" : 'Not sent: nothing charged' }
  }
  const refusal = life.submitRefusal
  if (refusal?.code === PROXY_CODES.submitInDoubt) {
    // The plugin's own words only: the proxy's message says the same at length.
    return {
      message:
        `fal's reply was lost, so Keyframe can't tell whether this job ran. It stays charged (${cost}) and won't be sent again. ` +
        "Generate to try again (charged again); your admin can find the first one in fal's history.",
      toast: mode === 'offline' ? `fal's reply was lost (${cost})` : `fal's reply was lost: ${cost} stays charged`
    }
  }
  if (refusal === undefined || !refusalSettles(refusal)) {
    return {
      message: `${cause.detail} It may have reached fal, so the job stays saved in the file and is checked again when Keyframe reopens (it will not be charged twice).`,
      toast: 'Not confirmed: checked again when Keyframe reopens'
    }
  }
  if (refusal.status === 422) return { message: `${cause.detail} fal may bill a refused request (${cost}).`, toast: mode === 'offline' ? `fal refused the request (${cost})` : `fal refused the request: it may bill ${cost}` }
  // Refused because of an earlier send of the same job, which may have been charged: the plugin's own
  // words, since the proxy's message is written for any caller.
  const earlier = refusal.code === PROXY_CODES.jobOtherToken ? 'with another access token (perhaps yours, before it was rotated)' : 'with other settings'
  return {
    message: `This job was sent once before ${earlier}, so the proxy did not send it again. That first send may have been charged (${cost}): ask your admin about it. Generate to try again (charged again).`,
    toast: `Sent before with ${refusal.code === PROXY_CODES.jobOtherToken ? 'another token' : 'other settings'}: may be charged, ask your admin`
  }
}

/** What each panel of a job that was not sent again, because an earlier send may have been charged, says. */
export const NOT_RESENT_PANEL_MESSAGE = 'Not sent again: an earlier send of this job may have been charged. Ask your admin.'

const DAY_MS = 24 * 60 * 60 * 1000

function mayBeCharged(cost: string): string {
  return `It may have been charged (${cost}): ask your admin, who can look for it in fal's history. Generate to try again (charged again).`
}

/** What each panel of an expired job says. */
export function expiredPanelMessage(facts: Pick<OutcomeFacts, 'costUsd' | 'panels' | 'mode'>): string {
  return `This image expired before Keyframe could download it. ${paidForSet(facts)}`
}

/** What each panel of a job the model ended with an error says. */
export function modelErrorPanelMessage(detail: string): string {
  return `Kling ended the job with an error: ${detail}.`
}

function paidForSet({ costUsd, panels, mode }: Pick<OutcomeFacts, 'costUsd' | 'panels' | 'mode'>): string {
  const set = panels === 1 ? 'for it' : `for the set of ${panels}`
  if (mode === 'offline') return `${panels === 1 ? 'It' : `The set of ${panels}`} ${moneyText(costUsd, mode)}.`
  return `${moneyText(costUsd, mode)} paid ${set}.`
}

/** The running card's line after fal answered a cancel. It stays while the job runs on. */
export function cancelDetail(answer: CancelAnswer | 'unanswered'): string {
  switch (answer) {
    case 'OK':
      return 'Cancelled: fal removed it from the queue'
    case 'CANCELLATION_REQUESTED':
      return 'Cancel requested: Kling may still finish and bill it'
    case 'ALREADY_COMPLETED':
      return 'Too late to cancel: Kling had finished'
    case 'NOT_FOUND':
      return 'fal no longer knows this request'
    case 'unanswered':
      return 'The cancel did not reach fal: the job runs on'
  }
}

function remade(facts: OutcomeFacts): string {
  return facts.sectionRemade ? ' Its section was deleted while Kling worked, so they went into a new section that says why.' : ''
}

function images(count: number): string {
  return `${count} image${count === 1 ? '' : 's'}`
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "27 Nov, 04:52 UTC": the plugin has no locale worth trusting for a record that outlives it. */
function when(iso: string | undefined): string {
  if (iso === undefined || Number.isNaN(Date.parse(iso))) return 'an unknown date'
  const date = new Date(iso)
  const time = date.toISOString().slice(11, 16)
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}, ${time} UTC`
}
