// The offline queue: each submit becomes a job whose state follows the clock. The configured latency is
// split between IN_QUEUE and IN_PROGRESS so a client sees both; cancellation is honoured while either.
import { randomUUID } from 'node:crypto'

import type { AnyEndpointInput, EndpointId } from '../../kling'

export type JobState = 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED'

export interface Job {
  id: string
  endpoint: EndpointId
  input: AnyEndpointInput
  receivedAt: number
  cancelledAt?: number
  /** Rendered result, started at submit so the result call is quick. */
  output: Promise<unknown>
}

const QUEUED_SHARE = 0.4

export class JobQueue {
  private readonly jobs = new Map<string, Job>()

  constructor(
    private readonly latencyMs: number,
    private readonly now: () => number = Date.now
  ) {}

  add(endpoint: EndpointId, input: AnyEndpointInput, produce: (job: Job) => Promise<unknown>): Job {
    return this.restore({ id: randomUUID(), endpoint, input, receivedAt: this.now() }, produce)
  }

  /** A job accepted earlier (before a restart): its clock keeps running from when it was received. */
  restore(fields: Omit<Job, 'output'>, produce: (job: Job) => Promise<unknown>): Job {
    const { id, endpoint, input, receivedAt, cancelledAt } = fields
    const job = { id, endpoint, input, receivedAt, ...(cancelledAt !== undefined && { cancelledAt }) } as Job
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
    if (job.cancelledAt !== undefined) return 'CANCELLED'
    const elapsed = this.now() - job.receivedAt
    if (elapsed < this.latencyMs * QUEUED_SHARE) return 'IN_QUEUE'
    if (elapsed < this.latencyMs) return 'IN_PROGRESS'
    return 'COMPLETED'
  }

  /** Counts down 2, 1, 0 while queued, as fal's queue_position does. */
  queuePosition(job: Job): number {
    const queuedFor = this.latencyMs * QUEUED_SHARE
    const left = queuedFor - (this.now() - job.receivedAt)
    return Math.max(0, Math.ceil((left / Math.max(1, queuedFor)) * 3) - 1)
  }

  /** Progress through IN_PROGRESS, 0..1. */
  progress(job: Job): number {
    const start = this.latencyMs * QUEUED_SHARE
    const span = Math.max(1, this.latencyMs - start)
    return Math.min(1, Math.max(0, (this.now() - job.receivedAt - start) / span))
  }

  /** Time at which the job started running, for log timestamps. */
  startedAt(job: Job): number {
    return job.receivedAt + this.latencyMs * QUEUED_SHARE
  }

  /** How long the IN_PROGRESS part lasts, in seconds (fal's `metrics.inference_time`). */
  runSeconds(): number {
    return (this.latencyMs * (1 - QUEUED_SHARE)) / 1000
  }

  cancel(job: Job): 'CANCELLATION_REQUESTED' | 'ALREADY_COMPLETED' {
    const state = this.state(job)
    if (state === 'COMPLETED') return 'ALREADY_COMPLETED'
    if (state !== 'CANCELLED') job.cancelledAt = this.now()
    return 'CANCELLATION_REQUESTED'
  }
}
