// Follows a submitted request through fal's queue until it ends, reporting queue position and the
// model's logs, and honouring a cancel: a cancelled request is still followed to its end, because fal
// may finish (and charge for) it anyway, and then its images must still reach the canvas.
//
// fal's status stream tells us the moment a request completes; polling would add up to one poll
// interval to every job. If the stream cannot be opened or breaks, polling takes over.
import type { EndpointId } from '../../kling/endpoints'
import type { JobDeps } from './job-deps'

export type WaitOutcome =
  | { kind: 'completed'; data: unknown; cancelRequested: boolean }
  | { kind: 'cancelled'; whileQueued: boolean }
  | { kind: 'failed'; error: unknown }

export interface WaitReport {
  queued: (position: number | undefined) => void
  generating: (logs: string[]) => void
}

interface StatusUpdate {
  status: string
  queue_position?: number
  logs?: { message: string; timestamp?: string }[] | null
}

/** How often a cancel is looked for while the stream is quiet. */
const CANCEL_CHECK_MS = 200

class Follower {
  cancelSent = false
  started = false
  // Polls carry every log line so far, stream events only the new ones: keep each line once.
  private readonly logs = new Map<string, string>()

  constructor(
    private readonly deps: JobDeps,
    private readonly endpoint: EndpointId,
    private readonly requestId: string,
    private readonly report: WaitReport,
    private readonly isCancelled: () => boolean
  ) {}

  async sendCancelIfAsked(): Promise<void> {
    if (!this.isCancelled() || this.cancelSent) return
    this.cancelSent = true
    try {
      await this.deps.fal.queue.cancel(this.endpoint, { requestId: this.requestId })
    } catch {
      // If the cancel itself fails, the request simply runs on; following it places what it makes.
    }
  }

  /** Reports an update; true once the request has ended. */
  apply(update: StatusUpdate): boolean {
    if (update.status === 'IN_QUEUE') this.report.queued(update.queue_position)
    else if (update.status === 'IN_PROGRESS') {
      this.started = true
      for (const line of update.logs ?? []) this.logs.set(`${line.timestamp ?? ''}|${line.message}`, line.message)
      this.report.generating([...this.logs.values()])
    } else return true
    return false
  }

  /** True when the stream saw the end; false when it closed or broke before that. */
  async byStream(): Promise<boolean> {
    const stream = await this.deps.fal.queue.streamStatus(this.endpoint, { requestId: this.requestId, logs: true })
    // The stream's own completion promise rejects when it breaks; the loop below sees the same failure.
    stream.done().catch(() => undefined)
    const watcher = setInterval(() => void this.sendCancelIfAsked(), CANCEL_CHECK_MS)
    try {
      for await (const update of stream) if (this.apply(update as StatusUpdate)) return true
      return false
    } finally {
      clearInterval(watcher)
    }
  }

  async byPolling(): Promise<void> {
    for (;;) {
      await this.sendCancelIfAsked()
      const update = await this.deps.fal.queue.status(this.endpoint, { requestId: this.requestId, logs: true })
      if (this.apply(update as StatusUpdate)) return
      await this.deps.sleep(this.deps.pollIntervalMs)
    }
  }
}

export async function waitForResult(
  deps: JobDeps,
  endpoint: EndpointId,
  requestId: string,
  report: WaitReport,
  isCancelled: () => boolean
): Promise<WaitOutcome> {
  const follower = new Follower(deps, endpoint, requestId, report, isCancelled)
  await follower.sendCancelIfAsked()
  const ended = await follower.byStream().catch(() => false)
  if (!ended) {
    try {
      await follower.byPolling()
    } catch (error) {
      return { kind: 'failed', error }
    }
  }
  try {
    const result = await deps.fal.queue.result(endpoint, { requestId })
    return { kind: 'completed', data: result.data, cancelRequested: follower.cancelSent }
  } catch (error) {
    if (follower.cancelSent) return { kind: 'cancelled', whileQueued: !follower.started }
    return { kind: 'failed', error }
  }
}
