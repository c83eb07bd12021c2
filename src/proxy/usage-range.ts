// The day range of the admin's usage view: `?from=YYYY-MM-DD&to=YYYY-MM-DD`, UTC days, inclusive, at most
// MAX_USAGE_DAYS. Today when neither is given; `from` alone runs to today, `to` alone is that one day.
import type { Day } from './store/proxy-store'

export const MAX_USAGE_DAYS = 31
const DAY_MS = 24 * 60 * 60 * 1000

export type UsageRange = { ok: true; from: Day; to: Day } | { ok: false; message: string }

export function parseUsageRange(from: string | undefined, to: string | undefined, today: Day): UsageRange {
  for (const [name, value] of [
    ['from', from],
    ['to', to]
  ] as const) {
    if (value !== undefined && !isDay(value)) {
      return { ok: false, message: `?${name}= must be a UTC day written YYYY-MM-DD, such as ${today}.` }
    }
  }
  const end = to ?? today
  const start = from ?? end
  if (start > end) return { ok: false, message: `?from= (${start}) is after ?to= (${end}): give the earlier day first.` }
  const days = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS + 1
  if (days > MAX_USAGE_DAYS) {
    return { ok: false, message: `The range ${start} to ${end} is ${days} days; ask for at most ${MAX_USAGE_DAYS} at a time.` }
  }
  return { ok: true, from: start, to: end }
}

/** A real calendar day (2026-02-30 is not one). */
function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const ms = Date.parse(`${value}T00:00:00Z`)
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value
}
