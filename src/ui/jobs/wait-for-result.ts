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
import { PROXY_CODES } from '../../proxy-answers'
import type { CancelAnswer } from './cancel-request'
import type { JobDeps } from './job-deps'

export type WaitOutcome =
  | { kind: 'completed'; data: unknown }
  /** fal removed it from the queue (`OK`), or its final status says it was cancelled. */
  | { kind: 'cancelled' }
  /** fal ended it with an error of its own (the final status's `error`): no result will come. */
  | { kind: 'model-error'; message: string }
  /** fal no longer knows the request: its result outlived fal's retention. */
  | { kind: 'expired' }
  /** The proxy has no record of the request id (its data was reset, or another instance answered). */
  | { kind: 'unknown-request' }
  /** Following it failed for another reason: fal may still finish it, so it is picked up again later. */
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
  /** On the final status of a request that ended without a result (see finalError). */
  error?: unknown
  error_type?: unknown
}

/**
 * fal's `error_type` for a request that was cancelled. Inferred: fal documents `error_type` with a
 * human-readable message for requests that fail (fal.ai/docs/documentation/model-apis/request-errors), but
 * not what a COMPLETED status carries for a cancelled or failed request; the offline stand-in sends
 * `error` and `error_type` there (src/proxy/offline/status-payload.ts), and this reads the same fields.
 */
const CANCELLED_ERROR_TYPE = 'request_cancelled'

/** The error a final status carries, when fal ended the request without a result. */
function finalError(update: StatusUpdate | undefined): { type: string | undefined; message: string } | undefined {
  if (!update) return undefined
  const message = typeof update.error === 'string' && update.error !== '' ? update.error : undefined
  const type = typeof update.error_type === 'string' && update.error_type !== '' ? update.error_type : undefined
  if (message === undefined && type === undefined) return undefined
  return { type, message: message ?? type ?? '' }
}

/**
 * How often a cancel is looked for while the stream is open. Short: a request is removed free only while
 * it is still queued, and the check is one boolean.
 */
const CANCEL_CHECK_MS = 50

/**
 * What an error following a request means. A 404 with the proxy's `unknown_request` code is the proxy
 * saying it has no record of the id (src/proxy/fal-route.ts), not fal. Any other 404 is fal no longer
 * knowing it. Inferred: fal does not document what it answers for a request whose result has expired; a
 * 404, as for a request it never knew, is what the offline stand-in answers (src/proxy/offline/service.ts).
 */
function followError(error: unknown): WaitOutcome {
  if (error instanceof ApiError && error.status === 404) {
    const body = error.body as { code?: unknown } | undefined
    return body?.code === PROXY_CODES.unknownRequest ? { kind: 'unknown-request' } : { kind: 'expired' }
  }
  return { kind: 'failed', error }
}

class Follower {
  answer: CancelAnswer | 'unanswered' | undefined
  /** The status that ended the request. */
  final: StatusUpdate | undefined
  private cancelling: Promise<void> | undefined
  // Polls carry every log line so far, stream events only the new ones: keep each line once.
  private readonly logs = new Map<string, string>()

  constructor(
    private readonly deps: JobDeps,
    private readonly endpoint: EndpointId,
    private readonly requestId: string,
    private readonly cancelUrl: string,
    private readonly report: WaitReport,
    private readonly isCancelled: () => boolean,
    recorded: CancelAnswer | undefined
  ) {
    // fal answered a cancel before (a closed plugin recorded it): it is not sent again. fal may have
    // forgotten the request since, and its second answer would say less than its first.
    if (recorded !== undefined) {
      this.answer = recorded
      this.cancelling = Promise.resolve()
    }
  }

  get removed(): boolean {
    return this.answer === 'OK'
  }

  /** Resolves once a cancel that was sent has been answered (at once when none was sent). */
  async cancelSettled(): Promise<void> {
    await this.cancelling
  }

  /** Sends the cancel when asked, once fal answers it (again when it did not reach fal); resolves when answered. */
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
    // Not sent after all: the next time the designer asks, it is sent again.
    if (answer === 'unanswered') this.cancelling = undefined
    this.report.cancelAnswered(answer)
  }

  /** Reports an update; true once the request has ended. */
  apply(update: StatusUpdate): boolean {
    if (update.status === 'IN_QUEUE') this.report.queued(update.queue_position)
    else if (update.status === 'IN_PROGRESS') {
      for (const line of update.logs ?? []) this.logs.set(`${line.timestamp ?? ''}|${line.message}`, line.message)
      this.report.generating([...this.logs.values()])
    } else {
      this.final = update
      return true
    }
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

/** `job.cancelAnswer`: fal's answer to a cancel sent earlier, kept in the job's record. */
export async function waitForResult(
  deps: JobDeps,
  job: { endpoint: EndpointId; requestId: string; cancelUrl: string; cancelAnswer?: CancelAnswer | undefined },
  report: WaitReport,
  isCancelled: () => boolean
): Promise<WaitOutcome> {
  const follower = new Follower(deps, job.endpoint, job.requestId, job.cancelUrl, report, isCancelled, job.cancelAnswer)
  await follower.sendCancelIfAsked()
  if (follower.removed) return { kind: 'cancelled' }
  const ended = await follower.byStream().catch(() => false)
  if (follower.removed) return { kind: 'cancelled' }
  if (!ended) {
    try {
      if (!(await follower.byPolling())) return { kind: 'cancelled' }
    } catch (error) {
      return followError(error)
    }
  }
  // The stream can report the cancelled request's end before the cancel's own answer arrives: what fal
  // answered (OK: not billed) is part of the ending, so it is waited for.
  await follower.cancelSettled()
  // fal's own sign that the request ended without a result: it was cancelled, or the model failed.
  // Nothing else decides that; without it, a result that cannot be fetched is fetched again later.
  const stopped = finalError(follower.final)
  if (stopped) return stopped.type === CANCELLED_ERROR_TYPE ? { kind: 'cancelled' } : { kind: 'model-error', message: stopped.message }
  report.completed()
  try {
    const result = await deps.fal.queue.result(job.endpoint, { requestId: job.requestId })
    return { kind: 'completed', data: result.data }
  } catch (error) {
    return followError(error)
  }
}
