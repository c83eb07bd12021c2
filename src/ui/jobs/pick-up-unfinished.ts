// When the panel opens: this person's unfinished jobs are picked up where their closed plugin left them,
// and other people's are shown as running. Another person's job is never followed, cancelled or sent
// again from here: sending it through this person's proxy could pay for it a second time.
import { errorMessage } from '../../error-message'
import type { UnfinishedJobs } from '../../messages'
import type { JobBoard } from './job-board'
import type { JobDeps } from './job-deps'
import { resumeJob } from './run-job'

/** How often the panel reads other people's jobs from the file again, so finished ones leave the list. */
export const OTHERS_REFRESH_MS = 20_000

/** Resumes this person's jobs (the promises settle when each ends) and shows everyone else's. */
export function pickUpUnfinished(deps: JobDeps, board: JobBoard, unfinished: UnfinishedJobs): Promise<void>[] {
  const resumed = unfinished.mine.map((record) => {
    const phase = record.requestId === undefined ? 'submitting' : 'queued'
    board.add({ jobId: record.jobId, title: record.title, costUsd: record.costUsd, phase, detail: 'Resuming' })
    return resumeJob(deps, record, board.control(record.jobId))
  })
  board.showOthers(unfinished.others)
  return resumed
}

/**
 * Keeps the list of other people's jobs current while the panel is open. Only `others` is used: this
 * person's unfinished jobs are the ones this panel is already running. A read that fails is reported
 * once, not again on every tick until one succeeds. Returns a function that stops it.
 */
export function refreshOthers(board: JobBoard, load: () => Promise<UnfinishedJobs>, onError: (message: string) => void, everyMs = OTHERS_REFRESH_MS): () => void {
  let failing = false
  const timer = setInterval(() => {
    load().then(
      (unfinished) => {
        failing = false
        board.showOthers(unfinished.others)
      },
      (error: unknown) => {
        if (!failing) onError(errorMessage(error))
        failing = true
      }
    )
  }, everyMs)
  return () => clearInterval(timer)
}
