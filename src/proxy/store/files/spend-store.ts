// Spend per token per UTC day, one JSON-lines file per day (ledger/2026-11-27.jsonl): the files are the
// audit history, and only today's is read at start (streamed), so start-up time and memory do not grow with
// history. Every entry about a reservation goes to the file of the day it was made, so a day's file alone
// says what that day cost. Checks and appends are synchronous and Node runs one at a time, so concurrent
// reservations cannot pass a budget together (the file store is one instance).
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'

import * as z from 'zod/mini'

import { appendJsonLine } from '../../jsonl-file'
import type { StorageHealth } from '../../storage-health'
import { type Booking, type BookingEnd, type BudgetLimits, type Day, dayOf, type Reservation, type SpendRow, type SpendStore, type StoreClock } from '../proxy-store'
import type { BookingRecord } from '../store-snapshot'
import { forEachValidLine } from './valid-lines'

const bookingShape = { id: z.string(), token: z.string(), day: z.string(), mills: z.number() }
const LedgerLine = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reserve'), ...bookingShape, endpoint: z.string(), at: z.string() }),
  z.object({ type: z.literal('release'), ...bookingShape, reason: z.string(), at: z.string() }),
  z.object({ type: z.literal('commit'), id: z.string(), request_id: z.string(), at: z.string() }),
  /** Charged with no request id: the outcome is in doubt, or fal answered 422 (which it may bill). */
  z.object({ type: z.literal('kept'), id: z.string(), reason: z.string(), at: z.string() })
])
type LedgerLine = z.infer<typeof LedgerLine>

/** What one day's file says: spend per token, and which bookings were given back. */
interface DayTotals {
  spent: Map<string, number>
  team: number
  /** Bookings still counting, per token (for the usage view). */
  jobs: Map<string, number>
  released: Set<string>
}

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/

export class FileSpendStore implements SpendStore {
  private today: Day
  private totals: DayTotals = emptyTotals()
  /** Released booking ids of earlier days, read once per day when one of them is released. */
  private readonly releasedBefore = new Map<Day, Promise<Set<string>>>()

  private constructor(
    readonly dir: string,
    private readonly health: StorageHealth,
    private readonly now: StoreClock
  ) {
    this.today = dayOf(now())
  }

  /** Opens the ledger in `dir`, folding a single-file ledger of an older version (`legacyFile`) in first. */
  static async open(dir: string, health: StorageHealth, now: StoreClock, legacyFile?: string): Promise<FileSpendStore> {
    mkdirSync(dir, { recursive: true })
    const store = new FileSpendStore(dir, health, now)
    if (legacyFile && existsSync(legacyFile)) await store.migrate(legacyFile)
    store.totals = await store.read(store.today)
    return store
  }

  async reserve(request: { token: string; costMills: number; limits: BudgetLimits; endpoint: string }): Promise<Reservation> {
    this.rollOver()
    const { token, costMills, limits } = request
    const mine = this.totals.spent.get(token) ?? 0
    if (limits.tokenMills !== undefined && mine + costMills > limits.tokenMills) {
      return { ok: false, budget: 'token', spentMills: mine, budgetMills: limits.tokenMills, costMills }
    }
    if (limits.teamMills !== undefined && this.totals.team + costMills > limits.teamMills) {
      return { ok: false, budget: 'team', spentMills: this.totals.team, budgetMills: limits.teamMills, costMills }
    }
    const booking: Booking = { id: randomUUID(), token, day: this.today, mills: costMills }
    this.write({ type: 'reserve', ...booking, endpoint: request.endpoint, at: this.stamp() })
    return { ok: true, booking }
  }

  async end(booking: Booking, ending: BookingEnd): Promise<void> {
    const at = this.stamp()
    if (ending.kind === 'commit') return this.write({ type: 'commit', id: booking.id, request_id: ending.requestId, at }, booking.day)
    if (ending.kind === 'keep') return this.write({ type: 'kept', id: booking.id, reason: ending.reason, at }, booking.day)
    this.rollOver()
    const released = booking.day === this.today ? this.totals.released : await this.releasedOn(booking.day)
    // Checked and written with nothing awaited in between: a repeated release gives nothing back twice.
    if (released.has(booking.id)) return
    this.write({ type: 'release', ...booking, reason: ending.reason, at }, booking.day)
    released.add(booking.id)
  }

  async spent(token: string, day?: Day): Promise<{ tokenMills: number; teamMills: number }> {
    this.rollOver()
    const totals = day === undefined || day === this.today ? this.totals : await this.read(day)
    return { tokenMills: totals.spent.get(token) ?? 0, teamMills: totals.team }
  }

  async spendByToken(from: Day, to: Day): Promise<SpendRow[]> {
    this.rollOver()
    const days = readdirSync(this.dir)
      .map((name) => DAY_FILE.exec(name)?.[1])
      .filter((day): day is string => day !== undefined && day >= from && day <= to)
      .sort()
    const rows: SpendRow[] = []
    for (const day of days) {
      const totals = day === this.today ? this.totals : await this.read(day)
      for (const [token, jobs] of totals.jobs) if (jobs > 0) rows.push({ day, token, mills: totals.spent.get(token) ?? 0, jobs })
    }
    return rows
  }

  /**
   * Every reservation in the day files from `from` to today, with how it ended so far: read with this
   * store's own line schema, the same lines that make up the day totals.
   */
  async bookings(from: Day): Promise<BookingRecord[]> {
    this.rollOver()
    const days = readdirSync(this.dir)
      .map((name) => DAY_FILE.exec(name)?.[1])
      .filter((day): day is string => day !== undefined && day >= from && day <= this.today)
      .sort()
    const found = new Map<string, BookingRecord>()
    for (const day of days) {
      await forEachValidLine(this.fileFor(day), LedgerLine, (e) => {
        if (e.type === 'reserve') {
          if (found.has(e.id)) return
          const at = Date.parse(e.at)
          found.set(e.id, { id: e.id, token: e.token, day: e.day, mills: e.mills, endpoint: e.endpoint, at: Number.isNaN(at) ? Date.parse(`${e.day}T00:00:00.000Z`) : at, released: false })
          return
        }
        const held = found.get(e.id)
        // A release, however often written, gives back once; nothing after it changes the booking.
        if (!held || held.released) return
        if (e.type === 'release') {
          held.released = true
          held.ending = { kind: 'release', reason: e.reason }
        } else if (e.type === 'commit') held.ending = { kind: 'commit', requestId: e.request_id }
        else held.ending = { kind: 'keep', reason: e.reason }
      })
    }
    return [...found.values()]
  }

  fileFor(day: Day): string {
    return join(this.dir, `${day}.jsonl`)
  }

  private write(entry: LedgerLine, day: Day = this.today): void {
    this.rollOver()
    const file = this.fileFor(day)
    this.health.write(file, () => appendJsonLine(file, entry))
    if (day === this.today) apply(this.totals, entry)
  }

  private async read(day: Day): Promise<DayTotals> {
    const totals = emptyTotals()
    await forEachValidLine(this.fileFor(day), LedgerLine, (e) => apply(totals, e))
    return totals
  }

  private releasedOn(day: Day): Promise<Set<string>> {
    let known = this.releasedBefore.get(day)
    if (!known) {
      known = this.read(day).then((t) => t.released)
      this.releasedBefore.set(day, known)
    }
    return known
  }

  /** At midnight UTC today's totals start again from zero; yesterday's stay in its file. */
  private rollOver(): void {
    const day = dayOf(this.now())
    if (day === this.today) return
    // Yesterday's releases stay known, so a late cancel of one of its bookings is given back once.
    this.releasedBefore.set(this.today, Promise.resolve(this.totals.released))
    this.today = day
    this.totals = emptyTotals()
  }

  /**
   * The ledger of earlier versions was one file that only grew. Its entries for today are copied into
   * today's file (so today's spend still counts), then it is moved into the ledger folder as an archive.
   * This streams the old file once; only today's reservations are held meanwhile.
   */
  private async migrate(legacyFile: string): Promise<void> {
    const Old = z.object({
      type: z.string(),
      id: z.string(),
      token: z.optional(z.string()),
      day: z.optional(z.string()),
      mills: z.optional(z.number()),
      endpoint: z.optional(z.string()),
      reason: z.optional(z.string()),
      request_id: z.optional(z.string()),
      at: z.optional(z.string())
    })
    const reserved = new Map<string, Booking>()
    const later: z.infer<typeof Old>[] = []
    await forEachValidLine(legacyFile, Old, (e) => {
      if (e.type === 'reserve' && e.day === this.today && e.token !== undefined && e.mills !== undefined) {
        reserved.set(e.id, { id: e.id, token: e.token, day: e.day, mills: e.mills })
        this.write({ type: 'reserve', id: e.id, token: e.token, day: e.day, mills: e.mills, endpoint: e.endpoint ?? 'unknown', at: e.at ?? this.stamp() })
      } else if (reserved.has(e.id) && (e.type === 'release' || e.type === 'commit')) later.push(e)
    })
    for (const e of later) {
      const booking = reserved.get(e.id) as Booking
      if (e.type === 'release') this.write({ type: 'release', ...booking, reason: e.reason ?? 'released', at: e.at ?? this.stamp() })
      else this.write({ type: 'commit', id: e.id, request_id: e.request_id ?? 'unknown', at: e.at ?? this.stamp() })
    }
    const archive = join(this.dir, `legacy-${this.stamp().replace(/[:.]/g, '-')}.jsonl`)
    this.health.write(archive, () => renameSync(legacyFile, archive))
  }

  private stamp(): string {
    return new Date(this.now()).toISOString()
  }
}

function emptyTotals(): DayTotals {
  return { spent: new Map(), team: 0, jobs: new Map(), released: new Set() }
}

function apply(totals: DayTotals, entry: LedgerLine): void {
  if (entry.type !== 'reserve' && entry.type !== 'release') return
  // A release counts once, however often it was written (a retry before this version checked).
  if (entry.type === 'release' && totals.released.has(entry.id)) return
  const sign = entry.type === 'reserve' ? 1 : -1
  totals.spent.set(entry.token, (totals.spent.get(entry.token) ?? 0) + sign * entry.mills)
  totals.jobs.set(entry.token, (totals.jobs.get(entry.token) ?? 0) + sign)
  totals.team += sign * entry.mills
  if (entry.type === 'release') totals.released.add(entry.id)
}
