// Idempotent submits. The plugin names every job with `x-keyframe-job: <uuid>`, and @fal-ai/client
// resends a submit whose answer was lost (network error, 429/502/503/504). Without this, a resend is a
// second paid job. So the proxy remembers, per token and job id, the queue answer it already gave and
// answers a repeat with it: nothing forwarded, nothing charged. A repeat that arrives while the first is
// still being forwarded waits for it. Remembered answers live in an append-only file under DATA_DIR so
// a restart keeps them, and expire after a day (the plugin never resends a job that old).
import { createHash } from 'node:crypto'

import { JsonlFile } from './jsonl-file'
import { jsonError } from './respond'

export const JOB_HEADER = 'x-keyframe-job'
/** Marks an answer that was replayed from memory rather than forwarded (tests, logs, debugging). */
export const REPLAY_HEADER = 'x-keyframe-idempotent-replay'

export const SUBMIT_MEMORY_TTL_MS = 24 * 60 * 60 * 1000
const MAX_REMEMBERED = 100_000
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/

interface Remembered {
  key: string
  /** Hash of endpoint and input: the same job id with other settings is a mistake, not a repeat. */
  fingerprint: string
  at: number
  status: number
  body: string
  request_id: string
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

export class SubmitMemory {
  private readonly remembered = new Map<string, Remembered>()
  private readonly inFlight = new Map<string, Promise<void>>()
  private readonly file: JsonlFile<Remembered>
  private linesInFile = 0

  constructor(
    path: string,
    private readonly ttlMs = SUBMIT_MEMORY_TTL_MS,
    private readonly now: () => number = Date.now
  ) {
    this.file = new JsonlFile<Remembered>(path)
    const records = this.file.read()
    for (const r of records) if (this.fresh(r)) this.keep(r)
    this.linesInFile = records.length
    // Expired lines are dropped at start, so the file stays about a day's worth of submits.
    if (records.length > this.remembered.size) this.compact()
  }

  /**
   * Answers a submit for `tokenHash` + `jobId`: a replay of the remembered answer, a wait for the one in
   * flight, or `forward()` (which gates, charges and sends it) with its accepted answer remembered.
   */
  async submit(tokenHash: string, jobId: string, fingerprint: string, forward: () => Promise<Response>): Promise<Response> {
    const key = `${tokenHash}:${jobId}`
    for (;;) {
      const known = this.lookup(key)
      if (known) return known.fingerprint === fingerprint ? replay(known) : conflict(jobId)
      const pending = this.inFlight.get(key)
      if (!pending) break
      // The first is still being forwarded: its outcome decides (a failure lets this one try).
      await pending
    }
    let finished: () => void = () => undefined
    this.inFlight.set(key, new Promise<void>((resolve) => (finished = resolve)))
    try {
      const response = await forward()
      if (response.ok) await this.remember(key, fingerprint, response)
      return response
    } finally {
      this.inFlight.delete(key)
      finished()
    }
  }

  private async remember(key: string, fingerprint: string, response: Response): Promise<void> {
    const body = await response.clone().text()
    let requestId: unknown
    try {
      requestId = (JSON.parse(body) as { request_id?: unknown }).request_id
    } catch {
      return
    }
    // Only a real queue answer is worth replaying.
    if (typeof requestId !== 'string') return
    const record: Remembered = { key, fingerprint, at: this.now(), status: response.status, body, request_id: requestId }
    this.file.append(record)
    this.linesInFile += 1
    this.keep(record)
    if (this.linesInFile > Math.max(1000, 2 * this.remembered.size)) this.compact()
  }

  private lookup(key: string): Remembered | undefined {
    const r = this.remembered.get(key)
    if (r && !this.fresh(r)) {
      this.remembered.delete(key)
      return undefined
    }
    return r
  }

  private keep(r: Remembered): void {
    this.remembered.delete(r.key)
    this.remembered.set(r.key, r)
    // Oldest first (insertion order): bounded even under a flood of distinct job ids.
    while (this.remembered.size > MAX_REMEMBERED) this.remembered.delete(this.remembered.keys().next().value as string)
  }

  private fresh(r: Remembered): boolean {
    return typeof r.key === 'string' && typeof r.at === 'number' && this.now() - r.at < this.ttlMs
  }

  private compact(): void {
    const live = [...this.remembered.values()].filter((r) => this.fresh(r))
    this.file.rewrite(live)
    this.linesInFile = live.length
  }
}

function replay(r: Remembered): Response {
  return new Response(r.body, {
    status: r.status,
    headers: { 'content-type': 'application/json', 'x-fal-request-id': r.request_id, [REPLAY_HEADER]: 'true' }
  })
}

function conflict(jobId: string): Response {
  return jsonError(
    409,
    `Job ${jobId} was already submitted with other settings, so this request was not sent. Start a new job to generate with these settings.`,
    { code: 'job_id_reused' }
  )
}
