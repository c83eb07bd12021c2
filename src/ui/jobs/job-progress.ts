// What the panel shows about a running generation. The runner reports these; the job list renders them.
export type JobPhase = 'uploading' | 'submitting' | 'queued' | 'generating' | 'placing' | 'done' | 'failed' | 'cancelled'

export interface JobProgress {
  jobId: string
  title: string
  phase: JobPhase
  /** One line: "Uploading 2 of 3 references", "Queued: 2 ahead", "Placed 3 of 9"… */
  detail: string
  /** The model's log lines, newest last. */
  logs: string[]
  costUsd: number
  /** Set when the job ended: what happened, including what was charged. */
  message?: string
}

export const FINISHED_PHASES: readonly JobPhase[] = ['done', 'failed', 'cancelled']

export function isFinished(progress: JobProgress): boolean {
  return FINISHED_PHASES.includes(progress.phase)
}
