// Which token submitted which fal request, its refund, and the result kept for it: one JSON-lines file per
// UTC day of acceptance (requests/2026-11-27.jsonl), streamed at start. Every later line about a request
// (refunded, result, ended) goes to the file of the day it was bound, so days older than the retention are
// deleted whole and memory and start-up follow the last week's submits, not all history. Follow leases live
// in memory: the file store is one instance, so there is nobody to hand them to.
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

import * as z from 'zod/mini'

import { PROXY_MEMORY_DAYS } from '../../../messages'
import { appendJsonLine } from '../../jsonl-file'
import type { StorageHealth } from '../../storage-health'
import { type Booking, type Day, dayOf, type KeptResult, type RequestRecord, type RequestStore, type StoreClock } from '../proxy-store'
import { forEachValidLine } from './valid-lines'

const DAY_MS = 24 * 60 * 60 * 1000
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/

const BookingLine = z.object({ id: z.string(), token: z.string(), day: z.string(), mills: z.number() })
const RequestLine = z.discriminatedUnion('type', [
  // Lines of earlier versions have no endpoint.
  z.object({ type: z.literal('owner'), request_id: z.string(), token: z.string(), endpoint: z.optional(z.string()), booking: z.nullable(z.optional(BookingLine)), at: z.string() }),
  // Lenient on purpose: a refund line that names its request counts, so a refund is never taken twice.
  z.object({ type: z.literal('refunded'), request_id: z.string(), reason: z.optional(z.string()), at: z.optional(z.string()) }),
  z.object({
    type: z.literal('result'),
    request_id: z.string(),
    status: z.number(),
    body: z.string(),
    kept_at: z.number(),
    media_expires_at: z.optional(z.number()),
    status_error: z.optional(z.string()),
    status_error_type: z.optional(z.string())
  }),
  z.object({ type: z.literal('ended'), request_id: z.string(), reason: z.string(), at: z.string() })
])
type RequestLine = z.infer<typeof RequestLine>

interface Held extends RequestRecord {
  day: Day
}

export class FileRequestStore implements RequestStore {
  private readonly records = new Map<string, Held>()
  private readonly leases = new Map<string, { instance: string; until: number }>()
  private cutoff = ''
  /** The UTC day (ms, start inclusive, end exclusive) `cutoff` was computed in. */
  private cutoffFrom = Number.POSITIVE_INFINITY
  private cutoffUntil = Number.NEGATIVE_INFINITY

  private constructor(
    readonly dir: string,
    private readonly health: StorageHealth,
    private readonly now: StoreClock
  ) {}

  static async open(dir: string, health: StorageHealth, now: StoreClock): Promise<FileRequestStore> {
    mkdirSync(dir, { recursive: true })
    const store = new FileRequestStore(dir, health, now)
    store.expire()
    for (const day of store.days()) await forEachValidLine(join(dir, `${day}.jsonl`), RequestLine, (r) => store.apply(r, day))
    return store
  }

  /** Every binding within the retention, oldest first, as records. */
  snapshot(): RequestRecord[] {
    this.expire()
    return [...this.records.values()].sort((a, b) => a.at - b.at).map(recordOf)
  }

  /** Kept in memory first, so this process serves the job even when the write fails; the failure is thrown. */
  async bind(request: { requestId: string; token: string; endpoint: string; booking: Booking | null }): Promise<void> {
    this.expire()
    const at = this.now()
    const day = dayOf(at)
    this.records.set(request.requestId, { ...request, at, day, refunded: false })
    this.append(day, { type: 'owner', request_id: request.requestId, token: request.token, endpoint: request.endpoint, booking: request.booking, at: iso(at) })
  }

  /**
   * Binds an id accepted by an earlier version of the proxy (from its remembered submits), unless it is
   * bound already, so an upgrade does not lock designers out of jobs they paid for. No reservation: such
   * a job's refund on cancel is not known.
   */
  adopt(requestId: string, token: string, acceptedAt: number): void {
    this.expire()
    if (dayOf(acceptedAt) < this.cutoff || this.records.has(requestId)) return
    const day = dayOf(this.now())
    this.records.set(requestId, { requestId, token, endpoint: 'unknown', at: acceptedAt, day, booking: null, refunded: false })
    this.append(day, { type: 'owner', request_id: requestId, token, booking: null, at: iso(acceptedAt) })
  }

  async get(requestId: string): Promise<RequestRecord | undefined> {
    this.expire()
    const held = this.records.get(requestId)
    return held && recordOf(held)
  }

  /** Marked in memory and on disk before the spend is touched, so a crash in between errs on keeping the charge. */
  async takeRefund(requestId: string, reason: string): Promise<Booking | undefined> {
    const held = this.records.get(requestId)
    if (!held?.booking || held.refunded) return undefined
    held.refunded = true
    this.append(held.day, { type: 'refunded', request_id: requestId, reason, at: iso(this.now()) })
    return held.booking
  }

  async keepResult(requestId: string, result: KeptResult): Promise<void> {
    const held = this.records.get(requestId)
    if (!held || held.result) return
    held.result = result
    this.leases.delete(requestId)
    const line: RequestLine = { type: 'result', request_id: requestId, status: result.status, body: result.body, kept_at: result.keptAt }
    if (result.mediaExpiresAt !== undefined) line.media_expires_at = result.mediaExpiresAt
    if (result.statusError) {
      line.status_error = result.statusError.message
      if (result.statusError.type !== undefined) line.status_error_type = result.statusError.type
    }
    this.append(held.day, line)
  }

  async endFollowing(requestId: string, reason: string): Promise<void> {
    const held = this.records.get(requestId)
    if (!held || held.ended !== undefined || held.result) return
    held.ended = reason
    this.leases.delete(requestId)
    this.append(held.day, { type: 'ended', request_id: requestId, reason, at: iso(this.now()) })
  }

  async leaseToFollow(instance: string, limit: number, leaseMs: number, maxAgeMs: number): Promise<RequestRecord[]> {
    this.expire()
    const now = this.now()
    const leased: RequestRecord[] = []
    // Leased longest ago first (never leased: before all), then oldest: a few that never end cannot hold every round.
    const leasedUntil = (r: Held) => this.leases.get(r.requestId)?.until ?? Number.NEGATIVE_INFINITY
    const candidates = [...this.records.values()]
      .filter((r) => !r.result && r.ended === undefined && now - r.at <= maxAgeMs)
      .sort((a, b) => leasedUntil(a) - leasedUntil(b) || a.at - b.at)
    for (const r of candidates) {
      if (leased.length >= limit) break
      const lease = this.leases.get(r.requestId)
      if (lease && lease.instance !== instance && lease.until > now) continue
      this.leases.set(r.requestId, { instance, until: now + leaseMs })
      leased.push(recordOf(r))
    }
    return leased.sort((a, b) => a.at - b.at)
  }

  private apply(r: RequestLine, day: Day): void {
    if (r.type === 'owner') {
      const at = Date.parse(r.at)
      this.records.set(r.request_id, {
        requestId: r.request_id,
        token: r.token,
        endpoint: r.endpoint ?? 'unknown',
        at: Number.isNaN(at) ? Date.parse(`${day}T00:00:00.000Z`) : at,
        day,
        booking: r.booking ?? null,
        refunded: false
      })
      return
    }
    const held = this.records.get(r.request_id)
    if (!held) return
    if (r.type === 'refunded') held.refunded = true
    else if (r.type === 'ended') held.ended ??= r.reason
    else if (!held.result) {
      held.result = {
        status: r.status,
        body: r.body,
        keptAt: r.kept_at,
        ...(r.media_expires_at === undefined ? {} : { mediaExpiresAt: r.media_expires_at }),
        ...(r.status_error === undefined ? {} : { statusError: { message: r.status_error, ...(r.status_error_type === undefined ? {} : { type: r.status_error_type }) } })
      }
    }
  }

  private append(day: Day, r: RequestLine): void {
    const file = join(this.dir, `${day}.jsonl`)
    this.health.write(file, () => appendJsonLine(file, r))
  }

  /** Day files still within the retention, oldest first. */
  private days(): Day[] {
    return readdirSync(this.dir)
      .map((name) => DAY_FILE.exec(name)?.[1])
      .filter((day): day is string => day !== undefined && day >= this.cutoff)
      .sort()
  }

  /** Once a day: forget bindings past the retention and delete their files. */
  private expire(): void {
    // Every poll comes here: until the next UTC midnight the cutoff cannot move, so no date is formatted.
    const now = this.now()
    if (now >= this.cutoffFrom && now < this.cutoffUntil) return
    const cutoff = dayOf(now - (PROXY_MEMORY_DAYS - 1) * DAY_MS)
    this.cutoffFrom = Math.floor(now / DAY_MS) * DAY_MS
    this.cutoffUntil = this.cutoffFrom + DAY_MS
    if (cutoff === this.cutoff) return
    this.cutoff = cutoff
    for (const [id, held] of this.records) {
      if (held.day < cutoff) {
        this.records.delete(id)
        this.leases.delete(id)
      }
    }
    try {
      for (const name of readdirSync(this.dir)) {
        const day = DAY_FILE.exec(name)?.[1]
        if (day !== undefined && day < cutoff) rmSync(join(this.dir, name), { force: true })
      }
    } catch {
      // Old files left behind are only disk, never read again.
    }
  }
}

function recordOf(held: Held): RequestRecord {
  const { day: _day, ...record } = held
  return { ...record, ...(held.result ? { result: { ...held.result } } : {}) }
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}
