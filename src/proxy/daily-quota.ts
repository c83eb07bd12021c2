// A count per key per UTC day, for things a token may do only so often in a day (reference uploads).
// Kept in memory: a restart starts the day's counts again, which only ever errs towards the teammate.

export type QuotaCheck = { ok: true } | { ok: false; retryAfterSeconds: number }

const DAY_MS = 24 * 60 * 60 * 1000

export class DailyQuota {
  private day = -1
  private readonly counts = new Map<string, number>()

  /** `perDay` 0 turns the quota off. */
  constructor(
    readonly perDay: number,
    private readonly now: () => number = Date.now
  ) {}

  take(key: string): QuotaCheck {
    if (this.perDay <= 0) return { ok: true }
    const now = this.now()
    const day = Math.floor(now / DAY_MS)
    if (day !== this.day) {
      this.day = day
      this.counts.clear()
    }
    const used = this.counts.get(key) ?? 0
    if (used >= this.perDay) return { ok: false, retryAfterSeconds: Math.ceil(((day + 1) * DAY_MS - now) / 1000) }
    this.counts.set(key, used + 1)
    return { ok: true }
  }
}
