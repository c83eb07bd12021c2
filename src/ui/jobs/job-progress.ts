// What the panel shows about a generation. The runner reports these; the job list renders them. The
// phases are the lifecycle's (job-lifecycle.ts), plus `running` for a job someone else's plugin follows.
import { ENDINGS, type LifecyclePhase, PHASE_LABEL } from './job-lifecycle'

export type JobPhase = LifecyclePhase | 'running'

export interface JobProgress {
  jobId: string
  title: string
  /** `running` is only for another person's job: unfinished, and followed by their plugin, not this one. */
  phase: JobPhase
  /** One line after the phase: "Uploading reference 2 of 3", "2 ahead", "Placed 3 of 9"… ('' for none). */
  detail: string
  /** The model's log lines, newest last. */
  logs: string[]
  costUsd: number
  /** Set when the job ended: what happened, including what was charged. */
  message?: string
  /** Set when the job ended and it is known that fal bills nothing for it. */
  notCharged?: boolean
  /** The designer pressed Cancel: it is being sent, or was. False again when it did not reach fal. */
  cancelSent?: boolean
  /**
   * Set for a job someone else started in this file: their name ('' when Figma gave none). This plugin
   * shows it and never follows, cancels or finishes it.
   */
  startedBy?: string
  /** A job finished before the plugin opened, read from the file: what holds its record, to select on click. */
  past?: { sectionId: string }
}

export const FINISHED_PHASES: readonly JobPhase[] = ENDINGS

export function isFinished(progress: JobProgress): boolean {
  return FINISHED_PHASES.includes(progress.phase)
}

export function isSomeoneElses(progress: JobProgress): boolean {
  return progress.startedBy !== undefined
}

const PHASE_TEXT: Record<JobPhase, string> = { ...PHASE_LABEL, running: 'Running' }

function startedBy(job: JobProgress): string {
  return job.startedBy === '' ? 'Started by someone else' : `Started by ${job.startedBy ?? ''}`
}

/**
 * The card's one line: "Queued, 2 ahead", "Generating", "Placing 2 of 4", "Uploading reference 1 of 2",
 * "Generating · Cancel requested: …". Each word once: a detail that repeats the phase is not added again.
 */
export function statusLine(job: JobProgress): string {
  const phase = PHASE_TEXT[job.phase]
  if (isSomeoneElses(job)) return `${phase} · ${startedBy(job)}`
  // A detail written as "Queued: 2 ahead" loses its repeated phase.
  const detail = job.detail.startsWith(`${phase}: `) ? job.detail.slice(phase.length + 2) : job.detail
  if (detail === '' || isFinished(job) || detail === phase) return phase
  const placed = /^Placed (\d+) of (\d+)$/.exec(detail)
  // While placing, the line names the image on its way: "Placing 2 of 4" after the first is placed.
  if (job.phase === 'placing' && placed) return `Placing ${Math.min(Number(placed[1]) + 1, Number(placed[2]))} of ${placed[2]}`
  // "2 ahead", "next up": a continuation of the phase.
  if (/^[a-z0-9]/.test(detail)) return `${phase}, ${detail}`
  // "Exporting reference 2 of 3" says the phase itself, more precisely.
  if (detail.split(' ')[0] === phase.split(' ')[0]) return detail
  return `${phase} · ${detail}`
}

/** The model's log lines, each once, in the order first seen: fal resends the whole log with every status. */
export function uniqueLogLines(logs: readonly string[]): string[] {
  const seen = new Set<string>()
  return logs.map((line) => line.trim()).filter((line) => line !== '' && !seen.has(line) && seen.add(line) !== undefined)
}
