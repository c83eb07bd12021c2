// Everything the proxy must remember, behind one interface with two implementations: files under DATA_DIR
// (one instance, the default) and PostgreSQL through DATABASE_URL (any number of instances acting as one).
// Each method is one atomic step: the route never reads a value and then writes a decision based on it,
// because another request (or another instance) could act in between. Both implementations pass the same
// conformance suite (test/proxy/store/conformance.ts).
//
// Days are UTC calendar days, "2026-11-27". Times are milliseconds since the epoch, from the store's own
// clock (`StoreClock`), so tests can move it across midnight or past a retention.

/** A UTC calendar day, `YYYY-MM-DD`. */
export type Day = string

export type StoreClock = () => number

/** The day `ms` falls on, UTC. */
export function dayOf(ms: number): Day {
  return new Date(ms).toISOString().slice(0, 10)
}

// ---------------------------------------------------------------------------------------------------------
// Spend: the daily budgets.

/** What a reservation charged: enough to give it back later without a lookup. */
export interface Booking {
  id: string
  /** Hash of the token that spent it. */
  token: string
  /** The day it counts against (the day it was made); a release gives it back to that day. */
  day: Day
  mills: number
}

/** Undefined: no limit of that kind. */
export interface BudgetLimits {
  tokenMills: number | undefined
  teamMills: number | undefined
}

export type Reservation =
  | { ok: true; booking: Booking }
  | { ok: false; budget: 'token' | 'team'; spentMills: number; budgetMills: number; costMills: number }

/** How a reservation ended. Only `release` changes what was spent. */
export type BookingEnd =
  /** fal accepted the job and named it. */
  | { kind: 'commit'; requestId: string }
  /** Charged without a request id: the outcome is unknown, or fal answered 422 (which it may bill). */
  | { kind: 'keep'; reason: string }
  /** fal did not take the job, or a cancel removed it before it ran: the money comes back. */
  | { kind: 'release'; reason: string }

export interface SpendRow {
  day: Day
  token: string
  mills: number
  /** Reservations that still count (not released). */
  jobs: number
}

export interface SpendStore {
  /**
   * In one atomic step: if the token's spend today plus `costMills` stays within `limits.tokenMills`, and
   * everyone's within `limits.teamMills`, add it to both and record the booking; otherwise change nothing
   * and say which budget refused (the token's is checked first). Concurrent calls, from any instance, can
   * never together pass a limit. Throws a StorageError when it cannot be recorded.
   */
  reserve(request: { token: string; costMills: number; limits: BudgetLimits; endpoint: string }): Promise<Reservation>
  /**
   * Records how a booking ended. A release gives its mills back to the booking's own day, once: a second
   * release of the same booking (a retry, another instance) changes nothing. Throws a StorageError.
   */
  end(booking: Booking, ending: BookingEnd): Promise<void>
  /** What `token` and everyone together have spent on `day` (today by default). */
  spent(token: string, day?: Day): Promise<{ tokenMills: number; teamMills: number }>
  /** Spend per token per day, `from` to `to` inclusive, days ascending (the admin's usage view). */
  spendByToken(from: Day, to: Day): Promise<SpendRow[]>
}

// ---------------------------------------------------------------------------------------------------------
// Jobs: remembered submits (x-keyframe-job), so a resend is never paid twice.

/**
 * - claimed: a request holds the job id and is checking it (budget); nothing has been sent. A claim older
 *   than CLAIM_STALE_MS belongs to a process that died before sending: it counts as absent.
 * - sent: the submit is being forwarded, or was and no answer was recorded: in flight, or in doubt.
 * - answered: fal took it (or answered 422): its answer is replayed to every resend.
 */
export type JobState = 'claimed' | 'sent' | 'answered'

export interface JobAnswer {
  status: number
  /** fal's answer body, as forwarded. */
  body: string
  requestId?: string
}

export interface JobRecord {
  jobId: string
  /** Hash of the token that sent it first; the job belongs to that token. */
  token: string
  /** Hash of endpoint and input: the same job id with other settings is refused. */
  fingerprint: string
  state: JobState
  /** When it was claimed. */
  at: number
  /** When its state last changed. */
  changedAt: number
  answer?: JobAnswer
}

/** A claim nobody moved on for this long is a process that died before sending: nothing was sent. */
export const CLAIM_STALE_MS = 2 * 60 * 1000

export type JobClaim =
  /**
   * This caller now holds the job id, in state `claimed`. `claim` names this hold: if it goes stale and
   * another request takes the job over, the first holder's markSent and release find it gone.
   */
  | { kind: 'claimed'; claim: string }
  /** Someone holds it already (a fresh record): the caller decides from it. */
  | { kind: 'known'; record: JobRecord }
  /** The store has no room for another job without forgetting one that is in doubt (file store only). */
  | { kind: 'full'; inDoubt: number }

export interface JobStore {
  /**
   * In one atomic step: if `jobId` has no fresh record (none, older than the retention, or a stale claim),
   * record it as `claimed` by `token` and answer `claimed`; otherwise answer the record as it stands.
   * Throws a StorageError when it cannot be recorded.
   */
  claim(job: { jobId: string; token: string; fingerprint: string }): Promise<JobClaim>
  /**
   * claimed → sent, durably, right before forwarding, if `claim` still holds the job. Throws a StorageError
   * when it cannot be recorded or the claim was lost (it went stale and was taken over): then nothing may
   * be sent.
   */
  markSent(jobId: string, claim: string): Promise<void>
  /** Gives up a claim that was never sent (the budget refused): only if `claim` still holds the job. */
  release(jobId: string, claim: string): Promise<void>
  /** sent → answered. */
  answer(jobId: string, answer: JobAnswer): Promise<void>
  /** Forgets a job that was sent and that fal refused: a resend may try again. */
  forget(jobId: string): Promise<void>
  /** The fresh record for `jobId`, if any. */
  get(jobId: string): Promise<JobRecord | undefined>
}

// ---------------------------------------------------------------------------------------------------------
// Submits: a job's claim, reservation and sent mark as one step, and what fal's acceptance records as
// another, so a submit makes two writes (two round trips on PostgreSQL) instead of five.

export interface SubmitStart {
  jobId: string
  token: string
  fingerprint: string
  costMills: number
  limits: BudgetLimits
  endpoint: string
}

export type SubmitStarted =
  /** Claimed, reserved and marked sent, durably and at once: the caller forwards it now. */
  | { kind: 'sent'; booking: Booking }
  /** The budget refused: nothing was charged and no claim is left behind. */
  | { kind: 'refused'; refusal: Extract<Reservation, { ok: false }> }
  /** Someone holds the job id already (a fresh record): nothing was charged; the caller decides from it. */
  | { kind: 'known'; record: JobRecord }
  /** As JobClaim's `full` (file store only): nothing was charged. */
  | { kind: 'full'; inDoubt: number }

/** What fal's acceptance of a submit leaves behind. */
export interface SubmitAccepted {
  booking: Booking
  requestId: string
  token: string
  endpoint: string
  /** The job's answer to replay to resends, when the submit carried a job id. */
  job?: { jobId: string; answer: JobAnswer }
}

export interface SubmitStore {
  /**
   * In one atomic step: claim `jobId` as JobStore.claim does; if claimed, reserve as SpendStore.reserve
   * does; if that fits, mark the job sent, durably. Either all three hold when it answers `sent`, or none
   * does. Concurrent starts, on any instance, never pass a budget and never send one job id twice. Throws a
   * StorageError when it cannot be recorded: then nothing is held and nothing may be sent.
   */
  start(submit: SubmitStart): Promise<SubmitStarted>
  /**
   * Commits the booking to `requestId` (SpendStore.end), binds the request (RequestStore.bind) and, with a
   * job, records its answer (JobStore.answer): all three are safe to repeat. Throws a StorageError.
   */
  accept(accepted: SubmitAccepted): Promise<void>
}

// ---------------------------------------------------------------------------------------------------------
// Requests: which token submitted which fal request, its refund, and the result the proxy kept for it.

/** fal's final answer to `GET …/requests/{id}`, kept so it can be served after fal has dropped it. */
export interface KeptResult {
  /** HTTP status fal answered the result with. */
  status: number
  /** fal's result body (JSON text), exactly as fal sent it (scrubbed of the key). */
  body: string
  keptAt: number
  /** When fal's media (the image URLs in the body) expire, where fal says or the proxy asked for it. */
  mediaExpiresAt?: number
  /**
   * The error fal's final status carried, for a request that ended without images (cancelled, or failed):
   * the kept status answers it again, so a client tells a cancel or a model error from a result.
   */
  statusError?: { message: string; type?: string }
}

export interface RequestRecord {
  requestId: string
  token: string
  endpoint: string
  /** When it was bound (accepted). */
  at: number
  booking: Booking | null
  refunded: boolean
  result?: KeptResult
  /** Following ended without a result to keep (failed, cancelled, gone from fal), and why. */
  ended?: string
}

export interface RequestStore {
  /** Binds an accepted request id to its token, endpoint and reservation. Throws a StorageError. */
  bind(request: { requestId: string; token: string; endpoint: string; booking: Booking | null }): Promise<void>
  /**
   * The record for `requestId`, if bound within the retention (BINDING_RETENTION_MS). `fresh`: read from
   * the store itself, past any copy remembered in this process (postgres/cached-requests.ts).
   */
  get(requestId: string, options?: { fresh?: boolean }): Promise<RequestRecord | undefined>
  /**
   * In one atomic step: the booking to give back for a cancelled request, the first time only (later calls,
   * from any instance, or a request with no booking, get undefined). Marked before the caller touches the
   * spend, so a crash in between errs on keeping the charge.
   */
  takeRefund(requestId: string, reason: string): Promise<Booking | undefined>
  /** Keeps fal's final result for the request. The first kept result stands; later ones change nothing. */
  keepResult(requestId: string, result: KeptResult): Promise<void>
  /** Stops following a request that ended with nothing to keep. */
  endFollowing(requestId: string, reason: string): Promise<void>
  /**
   * Leases up to `limit` requests to follow to `instance` for `leaseMs`: bound, not older than `maxAgeMs`,
   * with no kept result and not ended, and not leased to another instance whose lease still runs. Those
   * leased longest ago come first (never leased before all, then oldest), so a few requests that never end
   * cannot hold every round while younger ones wait. A lease is renewed by leasing again; an instance that
   * dies loses its leases when they run out, and another instance takes them.
   */
  leaseToFollow(instance: string, limit: number, leaseMs: number, maxAgeMs: number): Promise<RequestRecord[]>
}

// ---------------------------------------------------------------------------------------------------------
// Counters shared by every instance (the daily upload quota, submits per minute).

export interface CounterStore {
  /**
   * In one atomic step: if `key`'s count in `window` (a name for the period, e.g. a day or a minute) is
   * below `limit`, add one and answer ok; otherwise answer not ok. Windows other than the current one may
   * be forgotten.
   */
  take(key: string, window: string, limit: number): Promise<{ ok: boolean; count: number }>
}

// ---------------------------------------------------------------------------------------------------------
// Upload slots: the storage initiate may reach one instance and the PUT of the bytes another.

/** One upload a storage initiate allowed. */
export interface UploadSlot {
  /**
   * Where the bytes go. Live: fal's signed upload URL, a short-lived capability of its own, so it is kept
   * only until the slot is used or expires (UPLOAD_TTL_MS, 5 minutes) and never logged or put in an error.
   */
  target: string
  /** Hash of the token that started the upload. */
  token: string
  contentType: string
  expiresAt: number
}

export type UploadClaim =
  | { ok: true; slot: UploadSlot }
  /** unknown: no such slot, or already used. expired: it was never used in time. */
  | { ok: false; reason: 'unknown' | 'expired' | 'other-token' }

export interface UploadStore {
  /**
   * Opens a slot and answers its id: unguessable (32 random bytes, base64url), the capability for one
   * upload. Undefined when `maxOpen` slots that have not expired are open already (across instances).
   */
  open(slot: UploadSlot, maxOpen: number): Promise<string | undefined>
  /**
   * In one atomic step: takes the slot for its one upload, so of concurrent claims (any instance) one gets
   * it. `token` is the caller's token hash when it sent one; another token's claim is refused without using
   * the slot up, and an expired slot is refused and forgotten. Throws a StorageError.
   */
  claim(id: string, token: string | undefined): Promise<UploadClaim>
}

// ---------------------------------------------------------------------------------------------------------

export interface ProxyStore {
  /** Which implementation, for logs, /healthz and the benchmark. */
  readonly kind: 'files' | 'postgres'
  readonly spend: SpendStore
  readonly jobs: JobStore
  readonly submits: SubmitStore
  readonly requests: RequestStore
  readonly counters: CounterStore
  readonly uploads: UploadStore
  /** Undefined while the store works; else what failed last, naming the fix (for /healthz). */
  problem(): Promise<string | undefined>
  /** Flushes and releases what the store holds (files, the connection pool). */
  close(): Promise<void>
}
