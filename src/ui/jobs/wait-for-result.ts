// Follows a submitted request through fal's queue until it ends, reporting queue position and the
// model's logs, and honouring a cancel. fal's answer to the cancel decides what follows: `OK` ends it
// there (removed from the queue, never billed); after any other answer the request is still followed to
// its end, because a running model may finish (and be billed) anyway, and then its images must reach the
// canvas.
//
// fal's status stream tells us the moment a request completes; polling would add up to one poll
// interval to every job. If the stream cannot be opened or breaks, polling takes over.
import { ApiError } from '@fal-ai/client'

import type { EndpointId } from '../../kling/endpoints'
import type { CancelAnswer } from './cancel-request'
import type { JobDeps } from './job-deps'

export type WaitOutcome =
  | { kind: 'completed'; data: unknown }
  /** fal removed it from the queue, or it stopped after a cancel and has no result. */
  | { kind: 'cancelled' }
  /** fal no longer knows the request: its result outlived fal's retention. */
  | { kind: 'expired' }
  | { kind: 'failed'; error: unknown }

export interface WaitReport {
  queued: (position: number | undefined) => void
  generating: (logs: string[]) => void
  /** fal answered the cancel (or the cancel did not reach it). */
  cancelAnswered: (answer: CancelAnswer | 'unanswered') => void
  /** The request is done; its result is fetched next. */
  completed: () => void
}

interface StatusUpdate {
  status: string
  queue_position?: number
  logs?: { message: string; timestamp?: string }[] | null
}

/** How often a cancel is looked for while the stream is quiet. */
const CANCEL_CHECK_MS = 200

/**
 * Inferred: fal does not document what it answers for a request whose result has expired; a 404, as for a
 * request it never knew, is what the offline stand-in answers (src/proxy/offline/service.ts).
 */
function isGone(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404
}

class Follower {
  answer: CancelAnswer | 'unanswered' | undefined
  private cancelling: Promise<void> | undefined
  // Polls carry every log line so far, stream events only the new ones: keep each line once.
  private readonly logs = new Map<string, string>()

  constructor(
    private readonly deps: JobDeps,
    private readonly endpoint: EndpointId,
    private readonly requestId: string,
    private readonly cancelUrl: string,
    private readonly report: WaitReport,
    private readonly isCancelled: () => boolean
  ) {}

  get removed(): boolean {
    return this.answer === 'OK'
  }

  /** Sends the cancel once, when asked; resolves when fal has answered it. */
  sendCancelIfAsked(): Promise<void> {
    if (!this.isCancelled()) return Promise.resolve()
    this.cancelling ??= this.deps.cancel(this.cancelUrl).then(
      (answer) => this.answered(answer),
      // The cancel itself failed: the request runs on, and following it places what it makes.
      () => this.answered('unanswered')
    )
    return this.cancelling
  }

  private answered(answer: CancelAnswer | 'unanswered'): void {
    this.answer = answer
    this.report.cancelAnswered(answer)
  }

  /** Reports an update; true once the request has ended. */
  apply(update: StatusUpdate): boolean {
    if (update.status === 'IN_QUEUE') this.report.queued(update.queue_position)
    else if (update.status === 'IN_PROGRESS') {
      for (const line of update.logs ?? []) this.logs.set(`${line.timestamp ?? ''}|${line.message}`, line.message)
      this.report.generating([...this.logs.values()])
    } else return true
    return false
  }

  /**
   * True when the stream saw the end; false when it closed or broke before that, or fal removed the
   * request. Listens to the stream's events rather than iterating it: in @fal-ai/client 1.10.1 `abort()`
   * ends neither the async iterator nor emits done/error (node_modules/@fal-ai/client/src/streaming.js),
   * so a `for await` over an aborted stream never returns, and its 16 ms loop runs on. `done()` does
   * settle on abort, and this follower decides the end itself.
   */
  async byStream(): Promise<boolean> {
    const stream = await this.deps.fal.queue.streamStatus(this.endpoint, { requestId: this.requestId, logs: true })
    return new Promise<boolean>((resolve) => {
      let over = false
      const finish = (ended: boolean) => {
        if (over) return
        over = true
        clearInterval(watcher)
        // Closes the connection; a no-op when the stream is already done.
        stream.abort()
        resolve(ended)
      }
      const watcher = setInterval(() => {
        void this.sendCancelIfAsked().then(() => {
          if (this.removed) finish(false)
        })
      }, CANCEL_CHECK_MS)
      stream.on('data', (update: unknown) => {
        if (over) return
        try {
          if (this.apply(update as StatusUpdate)) finish(true)
        } catch {
          // Reporting failed: polling takes over, as for a broken stream.
          finish(false)
        }
      })
      // Settles when the stream closes, breaks (rejects) or is aborted; any update that ended it came first.
      stream.done().then(
        () => finish(false),
        () => finish(false)
      )
    })
  }

  /** Polls until the end; false when fal removed the request meanwhile. */
  async byPolling(): Promise<boolean> {
    for (;;) {
      await this.sendCancelIfAsked()
      if (this.removed) return false
      const update = await this.deps.fal.queue.status(this.endpoint, { requestId: this.requestId, logs: true })
      if (this.apply(update as StatusUpdate)) return true
      await this.deps.sleep(this.deps.pollIntervalMs)
    }
  }
}

export async function waitForResult(
  deps: JobDeps,
  job: { endpoint: EndpointId; requestId: string; cancelUrl: string },
  report: WaitReport,
  isCancelled: () => boolean
): Promise<WaitOutcome> {
  const follower = new Follower(deps, job.endpoint, job.requestId, job.cancelUrl, report, isCancelled)
  await follower.sendCancelIfAsked()
  if (follower.removed) return { kind: 'cancelled' }
  const ended = await follower.byStream().catch(() => false)
  if (follower.removed) return { kind: 'cancelled' }
  if (!ended) {
    try {
      if (!(await follower.byPolling())) return { kind: 'cancelled' }
    } catch (error) {
      return isGone(error) ? { kind: 'expired' } : { kind: 'failed', error }
    }
  }
  report.completed()
  try {
    const result = await deps.fal.queue.result(job.endpoint, { requestId: job.requestId })
    return { kind: 'completed', data: result.data }
  } catch (error) {
    if (isGone(error)) return { kind: 'expired' }
    // A cancel fal accepted while the model ran, and no result: the model stopped.
    if (follower.answer === 'CANCELLATION_REQUESTED') return { kind: 'cancelled' }
    return { kind: 'failed', error }
  }
}
