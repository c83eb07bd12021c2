// Submits are charged once. The plugin names every job with `x-keyframe-job: <uuid>`, and @fal-ai/client
// resends a submit whose answer was lost (network error, 429/502/503/504). Without this, a resend is a
// second paid job. So, per job id, through the store's jobs (store/proxy-store.ts), whichever store it is:
// claim the id, reserve the budget and mark it sent, durably, *before* forwarding, as one store step
// (SubmitStore.start: all three or none; fail closed: no record, no forward) → forward → keep fal's answer (an accepted job, or a 422 which fal may
// bill, is replayed to every resend), or forget it (fal refused, or the proxy did: a resend may try again),
// or leave it `sent` when nobody knows whether fal got it: "in doubt".
// fal offers no lookup of a queue request by a key of ours (its queue API takes no idempotency key; the
// platform API's request history, api.fal.ai/v1/models/requests/by-endpoint, filters by time, status and
// fal's own request id only), so an in-doubt job stays charged and is never sent again: resends get a 409
// `submit_in_doubt` the plugin shows as is.
// A job id belongs to the token that sent it first: the same job from another token (a teammate, or the
// designer's own token after an admin rotated it) is refused, never forwarded, so a rotation cannot pay a
// job twice. A resend that arrives while the first is still being sent waits for it: in this process
// through a local promise; when another instance holds it (a shared store), by reading the record again
// until it moves on or its send window has passed, after which a `sent` job is in doubt.
import { createHash } from 'node:crypto'

import { PROXY_CODES } from '../proxy-answers'
import { PROXY_MEMORY_DAYS } from '../messages'
import type { ChargeMark } from './charge-mark'
import { ChargeMayBeHeld } from './store/charge-may-be-held'
import { jsonError } from './respond'
import { operatorMessage, StorageError } from './storage-health'
import type { Booking, JobAnswer, JobRecord, ProxyStore, Reservation, SubmitStart } from './store/proxy-store'

type Refusal = Extract<Reservation, { ok: false }>

export const JOB_HEADER = 'x-keyframe-job'
/** Marks an answer that was replayed from memory rather than forwarded (tests, logs, debugging). */
export const REPLAY_HEADER = 'x-keyframe-idempotent-replay'
/** How often a resend reads again a job another instance is sending. */
export const POLL_MS = 100
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/

/** What became of a submit, as the route saw it; decides what is remembered. */
export type SubmitOutcome =
  /** fal took the job (or answered 422, which it may bill): replay this answer to every resend. */
  | { kind: 'answered'; response: Response; requestId?: string | undefined }
  /** fal refused it and the reservation was given back: a resend may try again. */
  | { kind: 'released'; response: Response }
  /** The proxy refused it before sending anything: a resend may try again. */
  | { kind: 'refused'; response: Response }
  /** Sent, outcome unknown: resends are refused as in doubt. */
  | { kind: 'in-doubt'; response: Response }

/** An answer to a submit and what it says about money (charge-mark.ts marks the body with it). */
export interface SubmitAnswer {
  response: Response
  charge: ChargeMark
}

export function answerOf(outcome: SubmitOutcome): SubmitAnswer {
  const charge: ChargeMark = outcome.kind === 'refused' ? 'none' : outcome.kind === 'released' ? 'released' : 'kept'
  return { response: outcome.response, charge }
}

export type JobIdCheck = { ok: true; jobId: string | undefined } | { ok: false; response: Response }

/** The job id a submit carries, if any. A malformed one is refused rather than ignored. */
export function readJobId(header: string | undefined): JobIdCheck {
  if (header === undefined || header === '') return { ok: true, jobId: undefined }
  if (!JOB_ID.test(header)) {
    return { ok: false, response: jsonError(400, `The ${JOB_HEADER} header must be a job id (letters, digits, - _ . :, at most 128).`) }
  }
  return { ok: true, jobId: header }
}

export function submitFingerprint(endpoint: string, input: unknown): string {
  return createHash('sha256').update(`${endpoint}\n${JSON.stringify(input)}`).digest('hex')
}

/**
 * The answer to a submit whose first attempt may have reached fal, saying why it is in doubt when that is
 * known. 409: @fal-ai/client does not resend it.
 */
export function submitInDoubt(jobId: string | undefined, why = 'the connection failed before fal answered'): Response {
  const what = jobId === undefined ? 'This submit' : `The first submit of job ${jobId}`
  return jsonError(
    409,
    `${what} may have reached fal: ${why}. It was kept charged and is not sent again, ` +
      'so it cannot be paid twice. If no image arrives, start a new job (it is charged again); your admin can look for the first one in fal\'s request history.',
    { code: PROXY_CODES.submitInDoubt, ...(jobId === undefined ? {} : { job_id: jobId }) }
  )
}

/** 503, naming the storage problem: the submit was not sent, so it is safe to try again once fixed. */
export function storageUnavailable(error: unknown): Response {
  if (!(error instanceof StorageError)) throw error
  return jsonError(503, `Nothing was sent to fal: ${error.message}`, { code: 'storage_unavailable' })
}

export interface SubmitGateOptions {
  /** The proxy's request timeout: a send another instance started longer ago than this is in doubt. */
  sendWindowMs: number
  /** Whether other instances share the store. If not, a sent job not held here was sent by a process that died. */
  shared: boolean
  /** The store's clock (records' times come from it). */
  now?: () => number
  log?: (line: string) => void
  pollMs?: number
}

/**
 * Sends a submit whose job was started (claimed, reserved, marked sent) with `booking`, and settles the
 * booking. An `answered` outcome with `recorded` already holds the job's answer (SubmitStore.accept).
 */
export type Forward = (booking: Booking) => Promise<SubmitOutcome & { recorded?: boolean }>

/** What starting a submit asks of the store, less the job id (SubmitStore.start). */
export type SubmitAsk = Omit<SubmitStart, 'jobId' | 'fingerprint'>

export class SubmitGate {
  /** Jobs this process is deciding or sending: a local resend waits for them, never for the store. */
  private readonly local = new Map<string, Promise<void>>()
  private readonly now: () => number
  private readonly log: (line: string) => void

  constructor(
    private readonly store: ProxyStore,
    private readonly options: SubmitGateOptions
  ) {
    this.now = options.now ?? Date.now
    this.log = options.log ?? (() => undefined)
  }

  /**
   * Answers a submit of `jobId` from `ask.token`: a replay of the kept answer, an in-doubt refusal, a
   * refusal when another token sent that job or other settings reuse it, the budget's refusal (`refuse`),
   * a wait for the one in flight, or `forward()`.
   */
  async submit(ask: SubmitAsk, jobId: string, fingerprint: string, refuse: (r: Refusal) => Response, forward: Forward): Promise<SubmitAnswer> {
    for (;;) {
      const pending = this.local.get(jobId)
      if (pending) {
        // The first is still being decided or sent here: its outcome decides (a refusal lets this one try).
        await pending
        continue
      }
      // Taken with nothing awaited since the check above: one local attempt per job at a time.
      let finished: () => void = () => undefined
      this.local.set(jobId, new Promise<void>((resolve) => (finished = resolve)))
      try {
        return await this.attempt({ ...ask, jobId, fingerprint }, refuse, forward)
      } finally {
        this.local.delete(jobId)
        finished()
      }
    }
  }

  private async attempt(start: SubmitStart, refuse: (r: Refusal) => Response, forward: Forward): Promise<SubmitAnswer> {
    for (;;) {
      let started
      try {
        started = await this.store.submits.start(start)
      } catch (error) {
        // A start the store could not undo may hold a charge: the answer does not say "not charged".
        return { response: storageUnavailable(error), charge: error instanceof ChargeMayBeHeld ? 'kept' : 'none' }
      }
      if (started.kind === 'full') return { response: memoryFull(started.inDoubt), charge: 'none' }
      if (started.kind === 'refused') return { response: refuse(started.refusal), charge: 'none' }
      if (started.kind === 'sent') return this.send(start.jobId, started.booking, forward)
      const decided = this.decide(started.record, start.token, start.fingerprint)
      if (decided) return decided
      // Another instance is deciding or sending it: read again shortly (a claim that goes stale or is
      // forgotten can then be taken here).
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs ?? POLL_MS))
    }
  }

  /** What a known record answers, or undefined to wait for another instance that holds it. */
  private decide(record: JobRecord, token: string, fingerprint: string): SubmitAnswer | undefined {
    const { jobId } = record
    // Held but not sent (another instance is checking its budget): nothing is decided yet, whoever holds it.
    if (record.state === 'claimed') return undefined
    // Another token's job is never sent again: it stands for that first send, charged or in doubt.
    if (record.token !== token) return { response: otherToken(jobId), charge: 'kept' }
    // Not sent: a reuse costs nothing. A replay or a doubt stands for the first send, which is charged.
    if (record.fingerprint !== fingerprint) return { response: conflict(jobId), charge: 'none' }
    if (record.state === 'answered') return { response: replay(record.answer), charge: 'kept' }
    if (record.state === 'sent') {
      // Not held here: sent by a process that died (one instance), or by another instance past its window.
      if (!this.options.shared || this.now() - record.changedAt >= this.options.sendWindowMs) return { response: submitInDoubt(jobId), charge: 'kept' }
    }
    return undefined
  }

  private async send(jobId: string, booking: Booking, forward: Forward): Promise<SubmitAnswer> {
    // Marked sent already: should forward throw, the sent record leaves it in doubt, never sent again.
    const outcome = await forward(booking)
    if (outcome.kind === 'released' || outcome.kind === 'refused') {
      await this.quietly(() => this.store.jobs.forget(jobId))
    } else if (outcome.kind === 'answered' && !outcome.recorded) {
      const body = await outcome.response.clone().text()
      const answer: JobAnswer = { status: outcome.response.status, body, ...(outcome.requestId ? { requestId: outcome.requestId } : {}) }
      // A failure here is reported on /healthz: the sent record makes a resend an in-doubt refusal, never a second forward.
      await this.quietly(() => this.store.jobs.answer(jobId, answer))
    }
    // In doubt: the sent record says it all.
    return answerOf(outcome)
  }

  private async quietly(write: () => Promise<void>): Promise<void> {
    try {
      await write()
    } catch (error) {
      this.log(`storage: ${operatorMessage(error)}`)
    }
  }
}

function replay(answer: JobAnswer | undefined): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json', [REPLAY_HEADER]: 'true' }
  if (answer?.requestId) headers['x-fal-request-id'] = answer.requestId
  return new Response(answer?.body ?? '', { status: answer?.status ?? 200, headers })
}

function otherToken(jobId: string): Response {
  return jsonError(
    409,
    `Job ${jobId} was already sent with another access token (perhaps yours, before it was rotated), so it was not sent again: ` +
      'it cannot be paid twice. Ask your admin about the first send, or start a new job to generate again.',
    { code: PROXY_CODES.jobOtherToken, job_id: jobId }
  )
}

function memoryFull(inDoubt: number): Response {
  return jsonError(
    503,
    `Nothing was sent to fal: this proxy holds ${inDoubt} submits whose outcome is unknown (in doubt), as many as it keeps in memory, ` +
      `and forgetting one could let it be sent and paid twice. Tell your admin: they clear as they expire (${PROXY_MEMORY_DAYS} days after they were sent), ` +
      'and each can be checked in fal\'s request history.',
    { code: 'submit_memory_full' }
  )
}

function conflict(jobId: string): Response {
  return jsonError(
    409,
    `Job ${jobId} was already submitted with other settings, so this request was not sent. Start a new job to generate with these settings.`,
    { code: PROXY_CODES.jobIdReused }
  )
}
