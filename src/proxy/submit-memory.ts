// Submits are charged once. The plugin names every job with `x-keyframe-job: <uuid>`, and @fal-ai/client
// resends a submit whose answer was lost (network error, 429/502/503/504). Without this, a resend is a
// second paid job. So the proxy keeps, per job id (a UUID the plugin makes) with the token that sent it:
// - the intent, written to disk *before* the submit is forwarded (fail closed: no record, no forward);
// - then fal's answer: an accepted job (or a 422, which fal may bill) is replayed to every resend, and a
//   refusal is forgotten so a resend may try again.
// An intent with no answer means the submit may have reached fal (connection reset, timeout, unreadable
// body) and nobody knows: the job is "in doubt". fal offers no lookup of a queue request by a key of ours
// (its queue API takes no idempotency key; the platform API's request history, api.fal.ai/v1/models/
// requests/by-endpoint, filters by time, status and fal's own request id only), so an in-doubt job stays
// charged and is never sent again: resends get a 409 `submit_in_doubt` the plugin shows as is.
// A job id belongs to the token that sent it first: the same job from another token (a teammate, or the
// designer's own token after an admin rotated it) is refused, never forwarded, so a rotation cannot pay a
// job twice. A resend that arrives while the first is still being forwarded waits for it. Records live in an
// append-only file under DATA_DIR, streamed at start and compacted, for as long as request ids stay bound
// to their tokens (request-owners.ts): a reopened plugin may come back that late.
import { createHash } from 'node:crypto'
import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

import { PROXY_CODES } from '../proxy-answers'
import type { ChargeMark } from './charge-mark'
import { JsonlFile } from './jsonl-file'
import { forEachRecord } from './jsonl-stream'
import { BINDING_RETENTION_DAYS, BINDING_RETENTION_MS } from './request-owners'
import { jsonError } from './respond'
import type { StorageHealth } from './storage-health'

export const JOB_HEADER = 'x-keyframe-job'
/** Marks an answer that was replayed from memory rather than forwarded (tests, logs, debugging). */
export const REPLAY_HEADER = 'x-keyframe-idempotent-replay'

export const SUBMIT_MEMORY_TTL_MS = BINDING_RETENTION_MS
/** Submits kept in memory at once: settled ones are forgotten oldest first beyond it, intents never. */
export const MAX_REMEMBERED = 100_000
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/

type State = 'intent' | 'answered' | 'forgotten'

interface Remembered {
  /** The job id. Files of earlier versions keyed by `<token hash>:<job id>` and had no `token`. */
  key: string
  /** Hash of the token that sent the job. */
  token?: string
  /** Hash of endpoint and input: the same job id with other settings is a mistake, not a repeat. */
  fingerprint: string
  at: number
  /** Absent in files of earlier versions, which held only answered submits. */
  state?: State
  status?: number
  body?: string
  request_id?: string
}

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

export class SubmitMemory {
  /** Answered jobs, oldest first: these may be forgotten under the cap (a resend would be sent again). */
  private readonly settled = new Map<string, Remembered>()
  /** Jobs sent (or being sent) without an answer: never forgotten before they expire, or one could be paid twice. */
  private readonly intents = new Map<string, Remembered>()
  private readonly inFlight = new Map<string, Promise<void>>()
  private readonly file: JsonlFile<Remembered>
  private linesInFile = 0

  private constructor(
    readonly path: string,
    private readonly health: StorageHealth,
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly maxRemembered: number
  ) {
    mkdirSync(dirname(path), { recursive: true })
    this.file = new JsonlFile<Remembered>(path)
  }

  static async open(
    path: string,
    health: StorageHealth,
    ttlMs = SUBMIT_MEMORY_TTL_MS,
    now: () => number = Date.now,
    maxRemembered = MAX_REMEMBERED
  ): Promise<SubmitMemory> {
    const memory = new SubmitMemory(path, health, ttlMs, now, maxRemembered)
    memory.linesInFile = await forEachRecord<Remembered>(path, (line) => {
      const r = upgrade(line)
      if (r === undefined) return
      // Files from before job ids were one per proxy hold a set of lines per token and job id: the first
      // token's send stands, and a later token's lines (a resend the old version allowed) neither replace
      // nor forget it, or the job could be sent again.
      const held = memory.settled.get(r.key) ?? memory.intents.get(r.key)
      if (held && held.token !== r.token && memory.fresh(held)) return
      if (r.state === 'forgotten') memory.forget(r.key)
      else if (memory.fresh(r)) memory.keep(r)
    })
    // Expired and superseded lines are dropped at start, so the file stays about one retention's worth.
    if (memory.linesInFile > memory.size) memory.compact()
    return memory
  }

  /** Token hash and request id of every remembered accepted submit (to bind ids accepted before binding existed). */
  *acceptedRequests(): Iterable<{ tokenHash: string; requestId: string; at: number }> {
    for (const r of this.settled.values()) {
      if (r.request_id && r.token) yield { tokenHash: r.token, requestId: r.request_id, at: r.at }
    }
  }

  /**
   * Answers a submit of `jobId` from `tokenHash`: a replay of the remembered answer, an in-doubt refusal, a
   * refusal when another token sent that job, a wait for the one in flight, or `forward()`, which must call
   * `recordIntent()` (it may throw a StorageError: then nothing may be sent) right before it sends the
   * submit to fal.
   */
  async submit(
    tokenHash: string,
    jobId: string,
    fingerprint: string,
    forward: (recordIntent: () => void) => Promise<SubmitOutcome>
  ): Promise<SubmitAnswer> {
    const key = jobId
    for (;;) {
      const pending = this.inFlight.get(key)
      if (pending) {
        // The first is still being forwarded: its outcome decides (a refusal lets this one try).
        await pending
        continue
      }
      const known = this.lookup(key)
      // Another token's job is never sent again: it stands for that first send, charged or in doubt.
      if (known && known.token !== tokenHash) return { response: otherToken(jobId), charge: 'kept' }
      // Not sent: a reuse costs nothing. A replay or a doubt stands for the first send, which is charged.
      if (known && known.fingerprint !== fingerprint) return { response: conflict(jobId), charge: 'none' }
      if (known?.state === 'intent') return { response: submitInDoubt(jobId), charge: 'kept' }
      if (known) return { response: replay(known), charge: 'kept' }
      break
    }
    // Checked here, where nothing is awaited before forward() records the intent: no other submit slips in.
    if (!this.makeRoom()) return { response: memoryFull(this.intents.size), charge: 'none' }
    let finished: () => void = () => undefined
    this.inFlight.set(key, new Promise<void>((resolve) => (finished = resolve)))
    let intended = false
    try {
      const outcome = await forward(() => {
        this.record({ key, token: tokenHash, fingerprint, at: this.now(), state: 'intent' }, true)
        intended = true
      })
      if (intended) await this.settle({ key, token: tokenHash, fingerprint }, outcome)
      return answerOf(outcome)
    } finally {
      this.inFlight.delete(key)
      finished()
    }
  }

  private async settle(job: Pick<Remembered, 'key' | 'token' | 'fingerprint'>, outcome: SubmitOutcome): Promise<void> {
    if (outcome.kind === 'in-doubt') return // the intent on disk says it all
    if (outcome.kind === 'released' || outcome.kind === 'refused') {
      this.forget(job.key)
      this.record({ ...job, at: this.now(), state: 'forgotten' }, false)
      return
    }
    const body = await outcome.response.clone().text()
    const requestId = outcome.requestId
    this.record({ ...job, at: this.now(), state: 'answered', status: outcome.response.status, body, ...(requestId ? { request_id: requestId } : {}) }, false)
  }

  /**
   * Keeps a record in memory and appends it. The intent must be on disk before anything is sent, so its
   * failure is thrown; a later record that cannot be written is reported on /healthz only: the intent
   * already on disk makes a resend after a restart an in-doubt refusal, never a second forward.
   */
  private record(r: Remembered, mustPersist: boolean): void {
    if (r.state === 'forgotten') this.forget(r.key)
    else this.keep(r)
    try {
      this.health.write(this.path, () => appendFileSync(this.path, `${JSON.stringify(r)}\n`))
    } catch (error) {
      if (mustPersist) {
        this.forget(r.key)
        throw error
      }
      return
    }
    this.linesInFile += 1
    if (this.linesInFile > Math.max(1000, 2 * this.size)) this.compact()
  }

  private lookup(key: string): Remembered | undefined {
    const r = this.settled.get(key) ?? this.intents.get(key)
    if (r && !this.fresh(r)) {
      this.forget(key)
      return undefined
    }
    return r
  }

  private get size(): number {
    return this.settled.size + this.intents.size
  }

  private forget(key: string): void {
    this.settled.delete(key)
    this.intents.delete(key)
  }

  private keep(r: Remembered): void {
    this.forget(r.key)
    if (r.state === 'intent') this.intents.set(r.key, r)
    else this.settled.set(r.key, r)
    // Bounded even under a flood of distinct job ids: settled records go, oldest first (insertion order).
    while (this.size > this.maxRemembered && this.settled.size > 0) this.settled.delete(this.settled.keys().next().value as string)
  }

  /**
   * Whether one more intent fits under the cap: by forgetting the oldest settled record, or intents past the
   * retention. False when every place holds a live intent: the submit must be refused, not one forgotten.
   */
  private makeRoom(): boolean {
    while (this.size >= this.maxRemembered && this.settled.size > 0) this.settled.delete(this.settled.keys().next().value as string)
    for (const [key, r] of this.intents) {
      if (this.size < this.maxRemembered || this.fresh(r)) break
      this.intents.delete(key)
    }
    return this.size < this.maxRemembered
  }

  private fresh(r: Remembered): boolean {
    return typeof r.key === 'string' && typeof r.at === 'number' && this.now() - r.at < this.ttlMs
  }

  private compact(): void {
    // Oldest first, so a restart forgets settled records in the same order.
    const live = [...this.settled.values(), ...this.intents.values()].filter((r) => this.fresh(r)).sort((a, b) => a.at - b.at)
    try {
      this.health.write(this.path, () => this.file.rewrite(live))
      this.linesInFile = live.length
    } catch {
      // Reported on /healthz; the appended file is still whole, only longer.
    }
  }
}

function replay(r: Remembered): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json', [REPLAY_HEADER]: 'true' }
  if (r.request_id) headers['x-fal-request-id'] = r.request_id
  return new Response(r.body ?? '', { status: r.status ?? 200, headers })
}

/**
 * A line as this version keeps it. Earlier versions keyed by `<token hash>:<job id>` (a token hash is hex,
 * or "anonymous" without tokens, so the first colon ends it): still honoured after an upgrade, and written
 * in this shape at the next compaction. A line without a usable key is skipped.
 */
function upgrade(r: Remembered): Remembered | undefined {
  if (typeof r.key !== 'string') return undefined
  if (typeof r.token === 'string') return r
  const colon = r.key.indexOf(':')
  if (colon <= 0) return undefined
  return { ...r, token: r.key.slice(0, colon), key: r.key.slice(colon + 1) }
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
      `and forgetting one could let it be sent and paid twice. Tell your admin: they clear as they expire (${BINDING_RETENTION_DAYS} days after they were sent), ` +
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
