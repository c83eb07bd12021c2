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

/** "Queued · 2 ahead", "Generating", "Generating · Cancel requested: …": the phase, then what it adds. */
export function statusLine(job: JobProgress): string {
  const parts = [PHASE_TEXT[job.phase]]
  if (isSomeoneElses(job)) parts.push(startedBy(job))
  // A detail that only repeats the phase ("Queued") adds nothing.
  if (job.detail !== '' && !isFinished(job) && job.detail !== PHASE_TEXT[job.phase]) parts.push(job.detail)
  return parts.join(' · ')
}
