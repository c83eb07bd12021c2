// Follows every request the proxy forwarded until fal has finished it, and keeps fal's final answer in the
// store, so a plugin that comes back after fal's retention (1 hour, 6 minutes for 10 KB or more:
// fal.ai/docs/inference-api/queue/result) still gets the result it paid for.
//
// One slow poll for all open requests: each round leases at most `concurrency` of them from the store
// (leases keep two instances from following the same request, and an instance that dies loses its leases
// when they run out), asks fal their status, and fetches the result of those that completed. The store
// holds what is open, so a restarted proxy resumes where it stopped; a round with nothing open costs one
// store read. Following stops when a result is kept, when fal no longer knows the request (`gone`), or when
// the request is older than `maxAgeMs` (the store stops leasing it).
import { randomUUID } from 'node:crypto'

import { operatorMessage } from '../storage-health'
import type { RequestRecord, RequestStore } from '../store/proxy-store'
import { type FalQueueReader, QUEUE_READ_TIMEOUT_MS } from './fal-queue-reader'

export interface ResultKeeperOptions {
  requests: RequestStore
  reader: FalQueueReader
  /** Time between the end of one round and the start of the next (ms). */
  intervalMs: number
  /** Requests followed at once, per round. */
  concurrency: number
  /** How long after its submit a request is still followed (ms). */
  maxAgeMs: number
  /**
   * How long after its submit a request is first asked about (ms; default 0). With fal's webhook on, the
   * delivery normally keeps the result first, and polling is only the backstop for one that never came.
   */
  firstCheckAfterMs?: number
  /** When the media of a request's result expire, where known (KeptResult.mediaExpiresAt). */
  mediaExpiresAt?: (record: RequestRecord) => number | undefined
  now?: () => number
  log?: (line: string) => void
  /** Names this process to the store's leases; random by default, so each process is its own follower. */
  instanceId?: string
}

export class ResultKeeper {
  readonly instanceId: string
  private timer: ReturnType<typeof setTimeout> | undefined
  private running: Promise<void> | undefined
  private stopped = true
  private readonly now: () => number
  private readonly log: (line: string) => void

  constructor(private readonly options: ResultKeeperOptions) {
    this.instanceId = options.instanceId ?? `keeper-${randomUUID()}`
    this.now = options.now ?? Date.now
    this.log = options.log ?? (() => undefined)
  }

  /** Starts the rounds; the first comes one interval from now. */
  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.schedule()
  }

  /** Stops the rounds and waits for one in progress (its reads are bounded by the reader's timeout). */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    this.timer = undefined
    await this.running
  }

  /** One round: lease, read, keep. Answers how many requests it looked at (tests drive rounds with it). */
  async round(): Promise<number> {
    const { requests, concurrency, intervalMs, maxAgeMs } = this.options
    // Long enough to outlast a round (two reads, each bounded) and the wait before the next one.
    const leaseMs = 2 * intervalMs + 2 * QUEUE_READ_TIMEOUT_MS
    const leased = await requests.leaseToFollow(this.instanceId, concurrency, leaseMs, maxAgeMs)
    await Promise.all(leased.map((record) => this.follow(record)))
    return leased.length
  }

  private schedule(): void {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.running = this.round()
        .then(
          () => undefined,
          (error: unknown) => this.log(`result keeper: ${operatorMessage(error)}; trying again next round`)
        )
        .finally(() => {
          this.running = undefined
          this.schedule()
        })
    }, this.options.intervalMs)
    // Following never keeps the process alive on its own: shutdown is the server's decision.
    ;(this.timer as { unref?: () => void }).unref?.()
  }

  private async follow(record: RequestRecord): Promise<void> {
    const { requestId } = record
    const { reader, requests } = this.options
    // Too young: leased and left alone (no call to fal); a later round asks once it is old enough.
    if (this.now() - record.at < (this.options.firstCheckAfterMs ?? 0)) return
    const status = await reader.status(requestId)
    if (status.kind === 'gone') return requests.endFollowing(requestId, 'gone from fal before its result was kept')
    // Running, or fal could not answer now: the next round asks again.
    if (status.kind !== 'completed') return
    const result = await reader.result(requestId)
    if (result.kind === 'gone') return requests.endFollowing(requestId, 'gone from fal before its result was kept')
    if (result.kind === 'unavailable') return
    const mediaExpiresAt = this.options.mediaExpiresAt?.(record)
    await requests.keepResult(requestId, {
      status: result.status,
      body: result.body,
      keptAt: this.now(),
      ...(mediaExpiresAt === undefined ? {} : { mediaExpiresAt }),
      // A cancel or a failure shows on the final status, not on the result: kept so the kept status says it too.
      ...(status.error === undefined ? {} : { statusError: { message: status.error, ...(status.errorType === undefined ? {} : { type: status.errorType }) } })
    })
  }
}
