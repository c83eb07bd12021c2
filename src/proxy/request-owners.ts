// Which token submitted which fal request. A request id is enough to read, stream, fetch or cancel a
// job with the account's key, and ids sit in the shared Figma file, so the proxy binds each accepted id
// to its token and refuses the others (admins excepted) before anything is forwarded. The binding also
// holds the reservation, so a cancel fal answers OK can give that money back, once.
// One file per UTC day of acceptance (DATA_DIR/requests/2026-11-27.jsonl), streamed at start; days older
// than the retention are deleted, so memory and start-up follow the last week's submits, not all history.
import { appendFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

import { PROXY_MEMORY_DAYS, PROXY_MEMORY_MS } from '../messages'
import { forEachRecord } from './jsonl-stream'
import type { Booking } from './ledger'
import type { StorageHealth } from './storage-health'

/** As long as the proxy remembers any job (one figure, shared with the plugin: src/messages.ts). */
export const BINDING_RETENTION_DAYS = PROXY_MEMORY_DAYS
export const BINDING_RETENTION_MS = PROXY_MEMORY_MS

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/

type OwnerRecord =
  | { type: 'owner'; request_id: string; token: string; booking: Booking | null; at: string }
  | { type: 'refunded'; request_id: string; reason: string; at: string }

interface Owner {
  token: string
  day: string
  booking: Booking | null
  refunded: boolean
}

export class RequestOwners {
  private readonly owners = new Map<string, Owner>()
  private cutoff = ''

  private constructor(
    readonly dir: string,
    private readonly health: StorageHealth,
    private readonly now: () => Date
  ) {}

  static async open(dir: string, health: StorageHealth, now: () => Date = () => new Date()): Promise<RequestOwners> {
    mkdirSync(dir, { recursive: true })
    const store = new RequestOwners(dir, health, now)
    store.expire()
    for (const day of store.days()) {
      await forEachRecord<OwnerRecord>(join(dir, `${day}.jsonl`), (r) => store.apply(r, day))
    }
    return store
  }

  /**
   * Binds an accepted request id to its token (and its reservation). Kept in memory first, so this
   * process serves the job even when the write fails; the failure is thrown for the caller to report.
   */
  bind(requestId: string, token: string, booking: Booking | null): void {
    this.expire()
    const day = this.today()
    this.owners.set(requestId, { token, day, booking, refunded: false })
    this.append(day, { type: 'owner', request_id: requestId, token, booking, at: this.now().toISOString() })
  }

  /**
   * Binds an id accepted by an earlier version of the proxy (from its remembered submits), unless it is
   * bound already, so an upgrade does not lock designers out of jobs they paid for. No reservation: such
   * a job's refund on cancel is not known.
   */
  adopt(requestId: string, token: string, acceptedAt: number): void {
    this.expire()
    const within = new Date(acceptedAt).toISOString().slice(0, 10) >= this.cutoff
    if (within && !this.owners.has(requestId)) this.bind(requestId, token, null)
  }

  /** The token hash that submitted `requestId`, if this proxy accepted it within the retention. */
  ownerOf(requestId: string): string | undefined {
    this.expire()
    return this.owners.get(requestId)?.token
  }

  /**
   * The reservation to give back for a cancelled request, the first time only (later calls, or a request
   * with no reservation, get undefined). Marked in memory and on disk before the ledger is touched, so a
   * crash in between errs on keeping the charge.
   */
  takeRefund(requestId: string, reason: string): Booking | undefined {
    const owner = this.owners.get(requestId)
    if (!owner?.booking || owner.refunded) return undefined
    owner.refunded = true
    this.append(owner.day, { type: 'refunded', request_id: requestId, reason, at: this.now().toISOString() })
    return owner.booking
  }

  private apply(r: OwnerRecord, day: string): void {
    if (r.type === 'owner' && typeof r.request_id === 'string' && typeof r.token === 'string') {
      this.owners.set(r.request_id, { token: r.token, day, booking: r.booking ?? null, refunded: false })
    } else if (r.type === 'refunded') {
      const owner = this.owners.get(r.request_id)
      if (owner) owner.refunded = true
    }
  }

  private append(day: string, r: OwnerRecord): void {
    const file = join(this.dir, `${day}.jsonl`)
    this.health.write(file, () => appendFileSync(file, `${JSON.stringify(r)}\n`))
  }

  /** Day files still within the retention, oldest first. */
  private days(): string[] {
    return readdirSync(this.dir)
      .map((name) => DAY_FILE.exec(name)?.[1])
      .filter((day): day is string => day !== undefined && day >= this.cutoff)
      .sort()
  }

  /** Once a day: forget bindings past the retention and delete their files. */
  private expire(): void {
    const cutoff = new Date(this.now().getTime() - (BINDING_RETENTION_DAYS - 1) * 24 * 60 * 60 * 1000).toISOString().slice(0, 10)
    if (cutoff === this.cutoff) return
    this.cutoff = cutoff
    for (const [id, owner] of this.owners) if (owner.day < cutoff) this.owners.delete(id)
    try {
      for (const name of readdirSync(this.dir)) {
        const day = DAY_FILE.exec(name)?.[1]
        if (day !== undefined && day < cutoff) rmSync(join(this.dir, name), { force: true })
      }
    } catch {
      // Old files left behind are only disk, never read again.
    }
  }

  private today(): string {
    return this.now().toISOString().slice(0, 10)
  }
}
