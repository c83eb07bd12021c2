// The offline queue: each submit becomes a job whose state follows the clock. The configured latency is
// split between IN_QUEUE and IN_PROGRESS so a client sees both. Cancel, completion and the end of a
// result's retention follow fal's queue (see cancel() and retentionFor() for what is documented and what
// is inferred).
import { randomUUID } from 'node:crypto'

import type { AnyEndpointInput, EndpointId } from '../../kling'

/** fal's three queue states, plus two that only this stand-in names: a cancelled job and an expired one. */
export type JobState = 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED' | 'EXPIRED'

/** fal's answers to `PUT …/requests/{id}/cancel` (fal.ai/docs/inference-api/queue/cancel). */
export type CancelAnswer = 'OK' | 'CANCELLATION_REQUESTED' | 'ALREADY_COMPLETED' | 'NOT_FOUND'

/** What a running job does with a cancel: the model decides (fal.ai/docs … handle-cancellations). */
export type CancelRunning = 'stops' | 'completes'

/** What a job is across a restart: the fields job-log.ts writes and reads back. */
export interface JobRecord {
  id: string
  endpoint: EndpointId
  input: AnyEndpointInput
  receivedAt: number
  /** Set when the job ended because of a cancel: removed from the queue, or stopped while running. */
  cancelledAt?: number
  /** fal's answer to the first cancel, repeated to any later one (inferred: fal documents one answer). */
  cancelAnswer?: CancelAnswer
  /** How long it waits IN_QUEUE, when a fault plan holds it longer than the usual share of the latency. */
  queuedMs?: number
}

/** A job this process answers for: its record, plus what exists only while it runs. */
export interface Job extends JobRecord {
  /** Size of the result body in bytes once rendered: it picks the retention. */
  payloadBytes?: number
  /** When its images were rendered and stored (this process only; not logged). */
  readyAt?: number
  /** Rendered result, started at submit so the result call is quick. */
  output: Promise<unknown>
}

const QUEUED_SHARE = 0.4

// fal keeps a finished result 1 hour, or 6 minutes when its payload is 10 KB or more, unless payload
// storage is turned on (fal.ai/docs/inference-api/queue/result). Keyframe never turns it on.
export const RESULT_RETENTION_MS = 60 * 60 * 1000
export const LARGE_RESULT_RETENTION_MS = 6 * 60 * 1000
export const LARGE_RESULT_BYTES = 10 * 1024

/** How long a job's result is kept: fal's rule, or less when the fault plan shortens it. */
export function retentionFor(job: Pick<Job, 'payloadBytes'>, shortenedTo?: number): number {
  const documented = (job.payloadBytes ?? 0) >= LARGE_RESULT_BYTES ? LARGE_RESULT_RETENTION_MS : RESULT_RETENTION_MS
  return shortenedTo === undefined ? documented : Math.min(documented, shortenedTo)
}

export class JobQueue {
  private readonly jobs = new Map<string, Job>()

  constructor(
    private readonly latencyMs: number,
    private readonly now: () => number = Date.now,
    /** The retention to apply now (the fault plan can shorten it while jobs are kept). */
    private readonly retention: (job: Job) => number = (job) => retentionFor(job)
  ) {}

  add(endpoint: EndpointId, input: AnyEndpointInput, produce: (job: Job) => Promise<unknown>, queuedMs?: number): Job {
    return this.restore({ id: randomUUID(), endpoint, input, receivedAt: this.now(), ...(queuedMs !== undefined && { queuedMs }) }, produce)
  }

  /** A job accepted earlier (before a restart): its clock keeps running from when it was received. */
  restore(fields: JobRecord, produce: (job: Job) => Promise<unknown>): Job {
    const { id, endpoint, input, receivedAt, cancelledAt, cancelAnswer, queuedMs } = fields
    const job = {
      id,
      endpoint,
      input,
      receivedAt,
      ...(queuedMs !== undefined && { queuedMs }),
      ...(cancelledAt !== undefined && { cancelledAt }),
      ...(cancelAnswer !== undefined && { cancelAnswer })
    } as Job
    job.output = produce(job)
    // A failed render is reported by the result call; keep it from being an unhandled rejection.
    job.output.catch(() => undefined)
    this.jobs.set(job.id, job)
    return job
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id)
  }

  list(): Job[] {
    return [...this.jobs.values()]
  }

  clear(): void {
    this.jobs.clear()
  }

  state(job: Job): JobState {
    const now = this.now()
    const endedAt = job.cancelledAt ?? this.startedAt(job) + this.runMs()
    // Inferred: fal documents how long a result is kept, not what it answers after; a cancelled
    // request is taken to leave the queue on the same clock.
    if (now >= endedAt + this.retention(job)) return 'EXPIRED'
    if (job.cancelledAt !== undefined) return 'CANCELLED'
    if (now < this.startedAt(job)) return 'IN_QUEUE'
    if (now < endedAt) return 'IN_PROGRESS'
    return 'COMPLETED'
  }

  /** Counts down 2, 1, 0 while queued, as fal's queue_position does. */
  queuePosition(job: Job): number {
    const queuedFor = this.queuedFor(job)
    const left = queuedFor - (this.now() - job.receivedAt)
    return Math.max(0, Math.ceil((left / Math.max(1, queuedFor)) * 3) - 1)
  }

  /** Progress through IN_PROGRESS, 0..1. */
  progress(job: Job): number {
    return Math.min(1, Math.max(0, (this.now() - this.startedAt(job)) / Math.max(1, this.runMs())))
  }

  /** When the job ends by the clock (COMPLETED from then), or ended by a cancel. */
  endsAt(job: Job): number {
    return job.cancelledAt ?? this.startedAt(job) + this.runMs()
  }

  /** Time at which the job started running, for log timestamps. */
  startedAt(job: Job): number {
    return job.receivedAt + this.queuedFor(job)
  }

  /** How long the IN_PROGRESS part lasts, in seconds (fal's `metrics.inference_time`). */
  runSeconds(): number {
    return this.runMs() / 1000
  }

  private queuedFor(job: Pick<Job, 'queuedMs'>): number {
    return job.queuedMs ?? this.latencyMs * QUEUED_SHARE
  }

  private runMs(): number {
    return this.latencyMs * (1 - QUEUED_SHARE)
  }

  /**
   * fal's cancel (fal.ai/docs/inference-api/queue/cancel): a queued request is removed and never runs
   * (`OK`); a running one is sent a cancel signal and the model decides (`CANCELLATION_REQUESTED`): here
   * `running` says whether it stops or completes anyway; a finished one is `ALREADY_COMPLETED`; an
   * unknown or expired one `NOT_FOUND`. A second cancel before the end gets the first one's answer
   * (inferred: fal documents one cancel, not a repeat).
   */
  cancel(job: Job | undefined, running: CancelRunning): CancelAnswer {
    if (!job) return 'NOT_FOUND'
    const state = this.state(job)
    if (state === 'EXPIRED') return 'NOT_FOUND'
    if (state === 'COMPLETED') return 'ALREADY_COMPLETED'
    if (state === 'CANCELLED') return job.cancelAnswer ?? 'CANCELLATION_REQUESTED'
    if (job.cancelAnswer !== undefined) return job.cancelAnswer
    job.cancelAnswer = state === 'IN_QUEUE' ? 'OK' : 'CANCELLATION_REQUESTED'
    if (state === 'IN_QUEUE' || running === 'stops') job.cancelledAt = this.now()
    return job.cancelAnswer
  }
}
