// What a run of several jobs started by one click (a row of formats, a sheet of looks) says once its last job
// has ended: one notification instead of one per job. It counts what was placed and names what was not,
// with each failure's short reason.
import { TOAST_MAX_CHARS } from '../../toast'
import type { Ending } from './job-lifecycle'

export interface RunEnding {
  /** The format's or look's name, as its panel is captioned ("16:9 thumbnail", "Noir"). */
  label: string
  phase: Ending
  /** Why a failed or expired job ended so: its own short sentence (its toast, or its reason when the toast only points at the card). */
  reason: string
  /** Ended without its image while fal may still bill it: a cancel after the model had started, say. */
  mayBeCharged?: boolean
}

/** What the run's jobs are, said of one and of several: `{ one: 'format', many: 'formats' }`. */
export interface RunNoun {
  one: string
  many: string
}

/** The run's one notification; an error when any job failed or its images expired. */
export function runSummary(noun: RunNoun, endings: readonly RunEnding[]): { message: string; error: boolean } {
  const total = endings.length
  const placed = endings.filter((e) => e.phase === 'done').length
  const failed = endings.filter((e) => e.phase === 'failed' || e.phase === 'expired')
  const cancelled = endings.filter((e) => e.phase === 'cancelled')
  if (placed === total) return { message: `Placed ${total} ${total === 1 ? noun.one : noun.many}`, error: false }
  const head = placed === 0 ? `No ${noun.many} placed` : `Placed ${placed} of ${total} ${noun.many}`
  const parts: string[] = []
  // Failures that give the same reason are named together, the reason said once.
  const byReason = new Map<string, string[]>()
  for (const { label, reason } of failed) byReason.set(reason, [...(byReason.get(reason) ?? []), label])
  for (const [reason, labels] of byReason) parts.push(`${names(labels)} failed${reason === '' ? '' : ` (${reason})`}`)
  const billed = cancelled.filter((e) => e.mayBeCharged === true)
  const free = cancelled.filter((e) => e.mayBeCharged !== true)
  if (free.length > 0) parts.push(`${names(free.map((e) => e.label))} cancelled`)
  if (billed.length > 0) parts.push(`${names(billed.map((e) => e.label))} cancelled late, may still be billed`)
  const error = failed.length > 0
  const message = [head, ...parts].join('; ')
  if (message.length <= TOAST_MAX_CHARS) return { message, error }
  // Too long to show whole (a notification is cut at its limit, which would lose the tail): counts only,
  // with where the whole story is. Each job's card names its format or look and says why.
  const counts = [
    failed.length > 0 && `${failed.length} failed`,
    cancelled.length > 0 && `${cancelled.length} cancelled${billed.length > 0 ? ` (${billed.length} may still be billed)` : ''}`
  ].filter(Boolean)
  return { message: `${head}; ${counts.join(', ')}: see the jobs in Keyframe`, error }
}

function names(labels: readonly string[]): string {
  return labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)!}`
}
