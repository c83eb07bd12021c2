// A storyboard's job history as plain data: which records are kept, and how much of each. Figma holds one
// plugin data entry to 100 kB, and a storyboard record with a long prompt, references and captions takes
// several kB, so a count bound alone let a busy section's history outgrow it and refuse the next append.
// The first record stays whole (later beats reuse its input), and so does the last (a withdrawn append
// brings it back as the section's record); those between keep only their outline, oldest dropped first.
import type { StoredJob } from './jobs'
import { PLUGIN_DATA_LIMIT, utf8Length } from './version-room'

/** Records kept per section at most, the first and the most recent ones. */
export const HISTORY_LIMIT = 20

/** What an older record keeps: enough to say what was asked, paid and what became of it. */
export type TrimmedJob = Pick<StoredJob, 'jobId' | 'requestId' | 'state' | 'costUsd' | 'createdAt'> & { panels: { number: number }[] }

/** A stored history entry: a whole record, or an older one trimmed to its outline. */
export type HistoryEntry = StoredJob | TrimmedJob

export function isWholeJob(entry: HistoryEntry | undefined): entry is StoredJob {
  return typeof entry === 'object' && entry !== null && 'input' in entry && 'sectionId' in entry
}

export function trimJob(job: HistoryEntry): TrimmedJob {
  const { jobId, requestId, state, costUsd, createdAt } = job
  const panels = Array.isArray(job.panels) ? job.panels.map((p) => ({ number: p.number })) : []
  return { jobId, ...(requestId !== undefined && { requestId }), state, panels, costUsd, createdAt }
}

/**
 * The history to store: the first and last records whole, the others trimmed, at most `HISTORY_LIMIT`
 * of them, and its JSON no more than `maxBytes`. Dropped first are the oldest trimmed records; should
 * the two whole ones still not fit, the last is trimmed too.
 */
export function boundHistory(history: readonly HistoryEntry[], maxBytes: number): HistoryEntry[] {
  const [first, ...rest] = history
  const last = rest.at(-1)
  if (first === undefined || last === undefined) return [...history]
  const middle = history.slice(1, -1).slice(-(HISTORY_LIMIT - 2)).map(trimJob)
  const bytes = (list: readonly unknown[]) => utf8Length(JSON.stringify(list))
  let kept: HistoryEntry[] = [first, ...middle, last]
  while (bytes(kept) > maxBytes && middle.length > 0) {
    middle.shift()
    kept = [first, ...middle, last]
  }
  return bytes(kept) > maxBytes ? [first, trimJob(last)] : kept
}

/** The bytes a history under `key` may take in one plugin data entry. */
export function historyBytes(key: string): number {
  return PLUGIN_DATA_LIMIT - utf8Length(key)
}
