// Follows a submitted request through fal's queue until it ends, reporting queue position and the
// model's logs, and honouring a cancel: a cancelled request is still followed to its end, because fal
// may finish (and charge for) it anyway, and then its images must still reach the canvas.
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

export async function waitForResult(
  deps: JobDeps,
  endpoint: EndpointId,
  requestId: string,
  report: WaitReport,
  isCancelled: () => boolean
): Promise<WaitOutcome> {
  let cancelSent = false
  let started = false
  for (;;) {
    if (isCancelled() && !cancelSent) {
      cancelSent = true
      try {
        await deps.fal.queue.cancel(endpoint, { requestId })
      } catch {
        // If the cancel itself fails, the request simply runs on; following it below places what it makes.
      }
    }
    let status: { status: string; queue_position?: number; logs?: { message: string }[] }
    try {
      status = await deps.fal.queue.status(endpoint, { requestId, logs: true })
    } catch (error) {
      return { kind: 'failed', error }
    }
    if (status.status === 'IN_QUEUE') report.queued(status.queue_position)
    else if (status.status === 'IN_PROGRESS') {
      started = true
      report.generating((status.logs ?? []).map((l) => l.message))
    } else break
    await deps.sleep(deps.pollIntervalMs)
  }
  try {
    const result = await deps.fal.queue.result(endpoint, { requestId })
    return { kind: 'completed', data: result.data, cancelRequested: cancelSent }
  } catch (error) {
    if (cancelSent) return { kind: 'cancelled', whileQueued: !started }
    return { kind: 'failed', error }
  }
}
