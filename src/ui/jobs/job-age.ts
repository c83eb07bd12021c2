// How old a job is, against what the proxy and fal still remember of it. The record's createdAt is set
// just before the submit, so it is never later than the proxy's own note of it: an age measured from it is
// at least the proxy's, which errs towards "forgotten", the side that never pays twice.
import { PROXY_MEMORY_MS } from '../../messages'

const HOUR_MS = 60 * 60 * 1000

/**
 * Margin for a designer's clock that runs behind the proxy's: past PROXY_MEMORY_MS less this, a job is
 * treated as forgotten by the proxy.
 */
const CLOCK_MARGIN_MS = 24 * HOUR_MS

/**
 * fal keeps a result 1 hour after the request completes (6 minutes for 10 KB or more; README, "Money, as
 * fal bills it"), and a Kling job completes minutes after its submit. A day after the submit leaves room
 * for a long queue: by then the result is gone, whatever the proxy still knows.
 */
export const RESULT_GONE_AFTER_MS = 24 * HOUR_MS

/** Milliseconds since the job was recorded; undefined when its record has no readable time. */
function ageMs(createdAt: string, now: Date): number | undefined {
  const at = Date.parse(createdAt)
  return Number.isNaN(at) ? undefined : now.getTime() - at
}

/**
 * Whether the proxy may have forgotten the job's submit, so a resend of it could be forwarded and paid a
 * second time. A record without a readable time is treated as forgotten.
 */
export function proxyMayHaveForgotten(createdAt: string, now: Date): boolean {
  const age = ageMs(createdAt, now)
  return age === undefined || age >= PROXY_MEMORY_MS - CLOCK_MARGIN_MS
}

/**
 * Whether the job's result is surely gone: older than fal keeps results, or than the proxy keeps the
 * request's owner (whichever is sooner). A record without a readable time is not called gone.
 */
export function resultSurelyGone(createdAt: string, now: Date): boolean {
  const age = ageMs(createdAt, now)
  return age !== undefined && age >= Math.min(RESULT_GONE_AFTER_MS, PROXY_MEMORY_MS - CLOCK_MARGIN_MS)
}
