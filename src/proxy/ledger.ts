// Spend per token per UTC day, kept as one JSON-lines file per day (DATA_DIR/ledger/2026-11-27.jsonl): the
// files are the audit history, and only today's is read at start (streamed), so start-up time and memory
// do not grow with history. Every entry about a reservation goes to the file of the day it was made, so a
// day's file alone says what that day cost. A submit reserves its cost before it is forwarded; checks and
// appends are synchronous, and Node runs one at a time, so concurrent submits cannot overspend.
import { randomUUID } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'

import { forEachRecord } from './jsonl-stream'
import type { StorageHealth } from './storage-health'

/** What a reservation charged: enough to give it back later (a cancel fal answered OK) without a lookup. */
export interface Booking {
  id: string
  token: string
  day: string
  mills: number
}

export type LedgerEntry =
  | ({ type: 'reserve'; endpoint: string; at: string } & Booking)
  | ({ type: 'release'; reason: string; at: string } & Booking)
  | { type: 'commit'; id: string; request_id: string; at: string }
  /** Charged with no request id: the outcome is in doubt, or fal answered 422 (which it may bill). */
  | { type: 'kept'; id: string; reason: string; at: string }

export interface Limits {
  tokenMills: number | undefined
  teamMills: number | undefined
}

export type Reservation =
  | { ok: true; booking: Booking }
  | { ok: false; budget: 'token' | 'team'; spentMills: number; budgetMills: number; costMills: number }

export class Ledger {
  private today: string
  /** Today's spend per token hash, and everyone's together. Nothing older is kept in memory. */
  private readonly spent = new Map<string, number>()
  private teamSpent = 0

  private constructor(
    readonly dir: string,
    private readonly health: StorageHealth,
    private readonly now: () => Date
  ) {
    this.today = this.day()
  }

  /** Opens the ledger in `dir`, folding a single-file ledger of an older version (`legacyFile`) in first. */
  static async open(dir: string, health: StorageHealth, options: { legacyFile?: string; now?: () => Date } = {}): Promise<Ledger> {
    mkdirSync(dir, { recursive: true })
    const ledger = new Ledger(dir, health, options.now ?? (() => new Date()))
    if (options.legacyFile && existsSync(options.legacyFile)) {
      await ledger.migrate(options.legacyFile)
      // The copied entries were counted as they were written; today's file is read whole just below.
      ledger.spent.clear()
      ledger.teamSpent = 0
    }
    await forEachRecord<LedgerEntry>(ledger.fileFor(ledger.today), (e) => ledger.apply(e))
    return ledger
  }

  spentTodayMills(tokenHash: string): number {
    this.rollOver()
    return this.spent.get(tokenHash) ?? 0
  }

  teamSpentTodayMills(): number {
    this.rollOver()
    return this.teamSpent
  }

  reserve(tokenHash: string, costMills: number, limits: Limits, endpoint: string): Reservation {
    this.rollOver()
    const mine = this.spent.get(tokenHash) ?? 0
    if (limits.tokenMills !== undefined && mine + costMills > limits.tokenMills) {
      return { ok: false, budget: 'token', spentMills: mine, budgetMills: limits.tokenMills, costMills }
    }
    if (limits.teamMills !== undefined && this.teamSpent + costMills > limits.teamMills) {
      return { ok: false, budget: 'team', spentMills: this.teamSpent, budgetMills: limits.teamMills, costMills }
    }
    const booking: Booking = { id: randomUUID(), token: tokenHash, day: this.today, mills: costMills }
    this.write(booking.day, { type: 'reserve', ...booking, endpoint, at: this.stamp() })
    return { ok: true, booking }
  }

  /** Gives a reservation back (fal did not take the job). The caller makes sure this happens once. */
  release(booking: Booking, reason: string): void {
    this.write(booking.day, { type: 'release', ...booking, reason, at: this.stamp() })
  }

  commit(booking: Booking, requestId: string): void {
    this.write(booking.day, { type: 'commit', id: booking.id, request_id: requestId, at: this.stamp() })
  }

  keep(booking: Booking, reason: string): void {
    this.write(booking.day, { type: 'kept', id: booking.id, reason, at: this.stamp() })
  }

  fileFor(day: string): string {
    return join(this.dir, `${day}.jsonl`)
  }

  private write(day: string, entry: LedgerEntry): void {
    this.rollOver()
    const file = this.fileFor(day)
    this.health.write(file, () => appendFileSync(file, `${JSON.stringify(entry)}\n`))
    if (day === this.today) this.apply(entry)
  }

  private apply(entry: LedgerEntry): void {
    if (entry.type !== 'reserve' && entry.type !== 'release') return
    if (typeof entry.mills !== 'number' || typeof entry.token !== 'string') return
    const sign = entry.type === 'reserve' ? 1 : -1
    this.spent.set(entry.token, (this.spent.get(entry.token) ?? 0) + sign * entry.mills)
    this.teamSpent += sign * entry.mills
  }

  /** At midnight UTC today's totals start again from zero; yesterday's stay in its file. */
  private rollOver(): void {
    const day = this.day()
    if (day === this.today) return
    this.today = day
    this.spent.clear()
    this.teamSpent = 0
  }

  /**
   * The ledger of earlier versions was one file that only grew. Its entries for today are copied into
   * today's file (so today's spend still counts), then it is moved into the ledger folder as an archive.
   * This streams the old file once; only today's reservations are held meanwhile.
   */
  private async migrate(legacyFile: string): Promise<void> {
    type Old = { type: string; id: string; token?: string; day?: string; mills?: number; endpoint?: string; reason?: string; request_id?: string; at?: string }
    const reserved = new Map<string, Booking>()
    const later: Old[] = []
    await forEachRecord<Old>(legacyFile, (e) => {
      if (e.type === 'reserve' && e.day === this.today && typeof e.token === 'string' && typeof e.mills === 'number') {
        reserved.set(e.id, { id: e.id, token: e.token, day: e.day, mills: e.mills })
        this.write(this.today, { type: 'reserve', id: e.id, token: e.token, day: e.day, mills: e.mills, endpoint: e.endpoint ?? 'unknown', at: e.at ?? this.stamp() })
      } else if (reserved.has(e.id) && (e.type === 'release' || e.type === 'commit')) later.push(e)
    })
    for (const e of later) {
      const booking = reserved.get(e.id) as Booking
      if (e.type === 'release') this.write(this.today, { type: 'release', ...booking, reason: e.reason ?? 'released', at: e.at ?? this.stamp() })
      else this.write(this.today, { type: 'commit', id: e.id, request_id: e.request_id ?? 'unknown', at: e.at ?? this.stamp() })
    }
    const archive = join(this.dir, `legacy-${this.stamp().replace(/[:.]/g, '-')}.jsonl`)
    this.health.write(archive, () => renameSync(legacyFile, archive))
  }

  private day(): string {
    return this.now().toISOString().slice(0, 10)
  }

  private stamp(): string {
    return this.now().toISOString()
  }
}
