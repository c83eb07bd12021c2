// Remembered submits (x-keyframe-job) in one append-only file (submits.jsonl), streamed at start and
// compacted, kept for as long as request ids stay bound to their tokens (PROXY_MEMORY_MS): a reopened
// plugin may come back that late. `sent` is written before the submit is forwarded (the line says
// "intent", as earlier versions wrote it); an answer or a forget follows it. A claim lives in memory only:
// the file store is one instance, so a claim dies with the process that held it, and nothing was sent.
// Records are capped in memory: answered ones are forgotten oldest first beyond the cap, sent ones never
// (forgetting one could let it be sent and paid twice), so a full store refuses new claims instead.
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

import * as z from 'zod/mini'

import { PROXY_MEMORY_MS } from '../../../messages'
import { JsonlFile } from '../../jsonl-file'
import { StorageError, type StorageHealth } from '../../storage-health'
import { CLAIM_STALE_MS, type JobAnswer, type JobClaim, type JobRecord, type JobStore, type StoreClock } from '../proxy-store'

/** Submits kept in memory at once: answered ones are forgotten oldest first beyond it, sent ones never. */
export const MAX_REMEMBERED = 100_000
const SubmitLine = z.object({
  /** The job id. Files of earlier versions keyed by `<token hash>:<job id>` and had no `token`. */
  key: z.string(),
  token: z.optional(z.string()),
  fingerprint: z.string(),
  /** When it was claimed (earlier versions: when the line was written). */
  at: z.number(),
  changed_at: z.optional(z.number()),
  /** Absent in files of earlier versions, which held only answered submits. */
  state: z.optional(z.enum(['intent', 'answered', 'forgotten'])),
  status: z.optional(z.number()),
  body: z.optional(z.string()),
  request_id: z.optional(z.string())
})
type SubmitLine = z.infer<typeof SubmitLine>

export class FileJobStore implements JobStore {
  /** Answered jobs, oldest first: these may be forgotten under the cap (a resend would be sent again). */
  private readonly settled = new Map<string, JobRecord>()
  /** Claimed and sent jobs: never forgotten before they expire, or one could be paid twice. */
  private readonly open = new Map<string, JobRecord>()
  /** Who holds each claimed job (JobClaim's `claim`): a holder whose claim went stale and was taken over lost it. */
  private readonly holders = new Map<string, string>()
  /** Damaged lines found at start are kept in it as they are when it is compacted (issue #17). */
  private readonly file: JsonlFile<typeof SubmitLine>
  private linesInFile = 0

  private constructor(
    readonly path: string,
    private readonly health: StorageHealth,
    private readonly now: StoreClock,
    private readonly maxRemembered: number,
    private readonly ttlMs: number
  ) {
    mkdirSync(dirname(path), { recursive: true })
    this.file = new JsonlFile(path, SubmitLine)
  }

  static async open(path: string, health: StorageHealth, now: StoreClock, maxRemembered = MAX_REMEMBERED, ttlMs = PROXY_MEMORY_MS): Promise<FileJobStore> {
    const store = new FileJobStore(path, health, now, maxRemembered, ttlMs)
    store.linesInFile = await store.file.stream((line) => {
      const r = upgrade(line)
      if (r === undefined) return
      // Files from before job ids were one per proxy hold a set of lines per token and job id: the first
      // token's send stands, and a later token's lines (a resend the old version allowed) neither replace
      // nor forget it, or the job could be sent again.
      const held = store.settled.get(r.jobId) ?? store.open.get(r.jobId)
      if (held && held.token !== r.token && store.fresh(held)) return
      if (line.state === 'forgotten') store.drop(r.jobId)
      else if (store.fresh(r)) store.keep(r)
    })
    // Expired and superseded lines are dropped at start, so the file stays about one retention's worth.
    if (store.linesInFile > store.size + store.file.damagedLines) store.compact()
    return store
  }

  async claim(job: { jobId: string; token: string; fingerprint: string }): Promise<JobClaim> {
    const known = this.lookup(job.jobId)
    if (known) return { kind: 'known', record: { ...known } }
    if (!this.makeRoom()) return { kind: 'full', inDoubt: this.open.size }
    const at = this.now()
    this.keep({ ...job, state: 'claimed', at, changedAt: at })
    const claim = randomUUID()
    this.holders.set(job.jobId, claim)
    return { kind: 'claimed', claim }
  }

  async markSent(jobId: string, claim: string): Promise<void> {
    const r = this.open.get(jobId)
    if (r?.state !== 'claimed' || this.holders.get(jobId) !== claim) {
      throw new StorageError(this.path, 'claim lost', `This proxy no longer holds the claim on job ${jobId} (it went stale and was taken over), so it did not send it. Send the job again.`)
    }
    const sent: JobRecord = { ...r, state: 'sent', changedAt: this.now() }
    // On disk before anything is sent: a failure is thrown, and the claim stays a claim.
    this.append(sent)
    this.keep(sent)
    this.holders.delete(jobId)
    this.compactIfLong()
  }

  async release(jobId: string, claim: string): Promise<void> {
    const r = this.open.get(jobId)
    if (r?.state !== 'claimed' || this.holders.get(jobId) !== claim) return
    this.drop(jobId)
    this.holders.delete(jobId)
  }

  async answer(jobId: string, answer: JobAnswer): Promise<void> {
    const r = this.open.get(jobId) ?? this.settled.get(jobId)
    if (!r) return
    const answered: JobRecord = { ...r, state: 'answered', changedAt: this.now(), answer }
    // Kept in memory even if the line cannot be written: the sent line on disk makes a resend after a
    // restart an in-doubt refusal, never a second forward.
    this.keep(answered)
    this.append(answered)
    this.compactIfLong()
  }

  async forget(jobId: string): Promise<void> {
    const r = this.open.get(jobId) ?? this.settled.get(jobId)
    if (!r) return
    this.drop(jobId)
    // A claim was never written; anything else was, and is forgotten on disk too.
    if (r.state !== 'claimed') this.append({ ...r, changedAt: this.now() }, 'forgotten')
    this.compactIfLong()
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    const r = this.lookup(jobId)
    return r && { ...r }
  }

  /** Every sent (in doubt) and answered job within the retention, oldest first; claims live in memory only. */
  snapshot(): JobRecord[] {
    return [...this.settled.values(), ...this.open.values()]
      .filter((r) => r.state !== 'claimed' && this.fresh(r))
      .sort((a, b) => a.at - b.at)
      .map((r) => ({ ...r, ...(r.answer ? { answer: { ...r.answer } } : {}) }))
  }

  /** Token hash and request id of every remembered accepted submit (to bind ids accepted before binding existed). */
  *acceptedRequests(): Iterable<{ token: string; requestId: string; at: number }> {
    for (const r of this.settled.values()) if (r.answer?.requestId) yield { token: r.token, requestId: r.answer.requestId, at: r.at }
  }

  private append(r: JobRecord, state?: 'forgotten'): void {
    // The sent mark is flushed to the disk: lost in a power cut, a resend after it would be paid again.
    const durable = r.state === 'sent' && state === undefined
    this.health.write(this.path, () => this.file.append(toLine(r, state), durable))
    this.linesInFile += 1
  }

  /**
   * Compacts once the file is twice what memory holds. Only ever after memory has taken the change just
   * appended: compaction rewrites the file from memory, so run before it, a sent line would be dropped
   * with the claim memory still held, and a crash after the forward would let a resend be paid again.
   */
  private compactIfLong(): void {
    if (this.linesInFile > Math.max(1000, 2 * this.size)) this.compact()
  }

  /** The fresh record: within the retention, and not a claim nobody moved on (its process died). */
  private lookup(jobId: string): JobRecord | undefined {
    const r = this.settled.get(jobId) ?? this.open.get(jobId)
    if (r && (!this.fresh(r) || (r.state === 'claimed' && this.now() - r.changedAt >= CLAIM_STALE_MS))) {
      this.drop(jobId)
      return undefined
    }
    return r
  }

  private get size(): number {
    return this.settled.size + this.open.size
  }

  private drop(jobId: string): void {
    this.settled.delete(jobId)
    this.open.delete(jobId)
    this.holders.delete(jobId)
  }

  private keep(r: JobRecord): void {
    this.drop(r.jobId)
    if (r.state === 'answered') this.settled.set(r.jobId, r)
    else this.open.set(r.jobId, r)
    // Bounded even under a flood of distinct job ids: answered records go, oldest first (insertion order).
    while (this.size > this.maxRemembered && this.settled.size > 0) this.settled.delete(this.settled.keys().next().value as string)
  }

  /**
   * Whether one more claim fits under the cap: by forgetting the oldest answered record, or open ones past
   * the retention (or stale claims). False when every place holds a live one: refuse, never forget it.
   */
  private makeRoom(): boolean {
    while (this.size >= this.maxRemembered && this.settled.size > 0) this.settled.delete(this.settled.keys().next().value as string)
    if (this.size >= this.maxRemembered) for (const jobId of [...this.open.keys()]) this.lookup(jobId)
    return this.size < this.maxRemembered
  }

  private fresh(r: JobRecord): boolean {
    return this.now() - r.at < this.ttlMs
  }

  private compact(): void {
    // Oldest first, so a restart forgets answered records in the same order. Claims are never on disk.
    const live = [...this.settled.values(), ...this.open.values()].filter((r) => this.fresh(r) && r.state !== 'claimed').sort((a, b) => a.at - b.at)
    try {
      this.health.write(this.path, () => this.file.rewrite(live.map((r) => toLine(r))))
      this.linesInFile = this.file.damagedLines + live.length
    } catch {
      // Reported on /healthz; the appended file is still whole, only longer.
    }
  }
}

function toLine(r: JobRecord, state?: 'forgotten'): SubmitLine {
  const line: SubmitLine = { key: r.jobId, token: r.token, fingerprint: r.fingerprint, at: r.at, changed_at: r.changedAt, state: state ?? (r.state === 'answered' ? 'answered' : 'intent') }
  if (r.answer && !state) {
    line.status = r.answer.status
    line.body = r.answer.body
    if (r.answer.requestId) line.request_id = r.answer.requestId
  }
  return line
}

/**
 * A line as a record. Earlier versions keyed by `<token hash>:<job id>` (a token hash is hex, or
 * "anonymous" without tokens, so the first colon ends it): still honoured after an upgrade, and written in
 * this shape at the next compaction. A line without a usable key is skipped.
 */
function upgrade(line: SubmitLine): JobRecord | undefined {
  let { key: jobId, token } = line
  if (token === undefined) {
    const colon = jobId.indexOf(':')
    if (colon <= 0) return undefined
    token = jobId.slice(0, colon)
    jobId = jobId.slice(colon + 1)
  }
  const changedAt = line.changed_at ?? line.at
  const base = { jobId, token, fingerprint: line.fingerprint, at: line.at, changedAt }
  if (line.state === 'intent') return { ...base, state: 'sent' }
  const answer: JobAnswer = { status: line.status ?? 200, body: line.body ?? '', ...(line.request_id ? { requestId: line.request_id } : {}) }
  return { ...base, state: 'answered', answer }
}
