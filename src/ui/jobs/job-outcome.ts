// Every sentence a job ends with, in one place, derived from its lifecycle state and what is known about
// its money: whether fal holds a request, what fal answered to a cancel, how many images were placed.
// "Nothing was charged" is said only when nothingCharged() knows it.
import { formatUsd } from '../../kling/pricing'
import type { CancelAnswer } from './cancel-request'
import { type JobLife, nothingCharged } from './job-lifecycle'

export type FailureCause =
  /** A problem found before anything was sent (input, export, upload, an unreachable proxy): said as it is. */
  | { kind: 'before-submit'; detail: string }
  /** The section could not be created, so nothing was sent. */
  | { kind: 'section'; detail: string }
  /** fal or the proxy did not accept the submit (the lifecycle's submitRefusal says how). */
  | { kind: 'submit'; detail: string }
  /** Following an accepted request failed; its id is saved in the file. */
  | { kind: 'follow'; detail: string }
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
}

/** The sentence a job ends with. Only for a job in an ending phase. */
export function outcomeMessage(life: JobLife, facts: OutcomeFacts): string {
  const cost = formatUsd(facts.costUsd)
  switch (life.phase) {
    case 'done': {
      const lateCancel = life.cancelAsked && life.cancelAnswer !== 'OK'
      const placed = lateCancel ? `Cancel came too late: placed ${images(life.placed)}, ${cost}.` : `Placed ${images(life.placed)} · ${cost}.`
      const short = (facts.missing ?? 0) > 0 ? ` fal returned ${facts.returned ?? 0} of ${facts.panels} images; the empty panels say so.` : ''
      return `${placed}${short}${remade(facts)}`
    }
    case 'cancelled':
      if (!life.sent) return 'Cancelled before anything was sent: nothing was charged.'
      if (life.cancelAnswer === 'OK') return 'Cancelled while queued: fal removed it from the queue, so nothing was charged.'
      return `Cancelled while generating: Kling stopped and delivered no images. It had started, so fal may still bill it (${cost}).`
    case 'expired':
      return (
        'fal no longer has this result: it keeps results 1 hour after they finish (6 minutes for large ones), and ' +
        `Keyframe came back later. Paid ${cost} for request ${life.requestId ?? 'unknown'}, sent ${when(facts.createdAt)}. Its panels are marked.`
      )
    case 'failed':
      return failureMessage(life, facts, cost)
    default:
      return ''
  }
}

function failureMessage(life: JobLife, facts: OutcomeFacts, cost: string): string {
  const cause = facts.failure ?? { kind: 'unexpected', detail: 'the job stopped without saying why' }
  switch (cause.kind) {
    case 'before-submit':
      return cause.detail
    case 'section':
      return `Could not create the storyboard section: ${cause.detail}`
    case 'submit': {
      if (nothingCharged(life)) return `${cause.detail} Nothing was charged.`
      const refusal = life.submitRefusal
      if (refusal?.code === 'submit_in_doubt') {
        return `${cause.detail} The first send may have reached fal, so it stays charged (${cost}). The proxy will not send this job again: Generate to start a new one.`
      }
      if (refusal?.status === undefined) return `${cause.detail} The job stays saved in the file and is checked again next time.`
      // A 422: fal refused the input, and may bill that.
      return cause.detail
    }
    case 'follow':
      return `${cause.detail} The job is saved in the file: reopen Keyframe to pick it up.`
    case 'unreadable':
      return `fal sent back a result Keyframe could not read, so no image was placed. fal bills it (${cost}); its request id ${life.requestId ?? ''} is kept in the section's record.`
    case 'unplaced': {
      const them = cause.count === 1 ? 'it' : 'them'
      return `${images(cause.count)} could not be placed. The job is saved in the file, paid for: reopen Keyframe to place ${them}.${remade(facts)}`
    }
    case 'unexpected':
      if (life.requestId !== undefined) return `Something went wrong: ${cause.detail}. Request ${life.requestId} is paid (${cost}): reopen Keyframe to pick it up.`
      if (nothingCharged(life)) return `Something went wrong before anything was sent: ${cause.detail}. Nothing was charged.`
      return `Something went wrong while sending to fal: ${cause.detail}. It may have reached fal: the job stays saved in the file and is checked again next time.`
  }
}

/** What each panel of an expired job says. */
export function expiredPanelMessage(facts: Pick<OutcomeFacts, 'costUsd'>): string {
  return `fal no longer had the result when Keyframe came back for it (it keeps results 1 hour, 6 minutes for large ones). The job was paid (${formatUsd(facts.costUsd)}).`
}

/** The running card's line after fal answered a cancel. */
export function cancelDetail(answer: CancelAnswer | 'unanswered'): string {
  switch (answer) {
    case 'OK':
      return 'Cancelled: fal removed it from the queue'
    case 'CANCELLATION_REQUESTED':
      return 'Cancel requested: Kling may still finish, and fal would bill it'
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

/** "2026-11-26 12:00 UTC": the plugin has no locale worth trusting for a record that outlives it. */
function when(iso: string | undefined): string {
  if (iso === undefined || Number.isNaN(Date.parse(iso))) return 'at an unknown time'
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
