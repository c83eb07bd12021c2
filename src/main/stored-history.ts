// A storyboard's job history read back from plugin data (anyone can edit it), checked before it is
// trusted. A whole entry (it has an input and a holder) is checked as a job record is; a trimmed one for
// the outline job-history.ts keeps. The rest of each entry is kept as it was written.
import * as z from 'zod/mini'

import { type HistoryEntry, isWholeJob } from './job-history'
import { JOB_STATES, storedJobShape } from './stored-job'
import { issueField, parseJson } from '../stored-json'

const trimmedShape = z.looseObject({
  jobId: z.string().check(z.minLength(1)),
  state: z.enum(JOB_STATES),
  panels: z.optional(z.array(z.looseObject({ number: z.number() })))
})

export type HistoryRead = { ok: true; history: HistoryEntry[] } | { ok: false; problem: string }

/** The history in `raw` (empty when there is none), or what is wrong with it in words that fit after "its job history ". */
export function parseHistory(raw: string): HistoryRead {
  if (raw === '') return { ok: true, history: [] }
  const parsed = parseJson(raw)
  if (!parsed.ok) return { ok: false, problem: 'is not JSON' }
  const value = parsed.value
  if (!Array.isArray(value)) return { ok: false, problem: 'is not a list' }
  for (const [i, entry] of value.entries()) {
    const shape = isWholeJob(entry as HistoryEntry) ? storedJobShape : trimmedShape
    const checked = shape.safeParse(entry)
    if (checked.success) continue
    const issue = checked.error.issues[0]
    const field = issueField(issue)
    const where = field !== undefined ? `a bad ${field}` : 'one that is not a record'
    return { ok: false, problem: `has ${where} in entry ${i + 1} (${issue?.message ?? 'unreadable'})` }
  }
  // Each entry is checked above.
  return { ok: true, history: value as HistoryEntry[] }
}
