// Several jobs started by one click, each its own job on the board (resumable and cancellable on its own),
// that end as one run: none toasts its own ending, and once the last has ended the designer is told once
// what the run placed and what it did not (run-summary.ts).
import type { JobBoard } from './job-board'
import type { JobDeps } from './job-deps'
import { type ComposedJobRequest, type JobRequest, type PanelImageJobRequest, runJob } from './run-job'
import { type RunNoun, runSummary } from './run-summary'

export const FORMATS: RunNoun = { one: 'format', many: 'formats' }
export const LOOKS: RunNoun = { one: 'look', many: 'looks' }

export interface RunPart {
  jobId: string
  /** Its name in the summary: the format's or look's label. */
  label: string
  request: JobRequest | ComposedJobRequest | PanelImageJobRequest
}

/** Starts every part at once; resolves after the last has ended and the summary has been shown. Never throws. */
export async function runTogether(deps: JobDeps, board: JobBoard, noun: RunNoun, parts: readonly RunPart[]): Promise<void> {
  if (parts.length === 0) return
  const ends = await Promise.all(
    parts.map(async ({ jobId, request }) => {
      const end = await runJob(deps, request, board.control(jobId), { toast: false })
      // A job that ended before it was recorded (cancelled or failed while exporting or uploading) sends no
      // ending to the main thread: its waiting panel is withdrawn here. The main thread leaves any panel that
      // holds a job record (that job's own ending decided) or an image.
      if (end.phase !== 'done' && request.target?.kind === 'versions') {
        await deps.main.withdrawUnsent({ panelId: request.target.panelId }).catch(() => false)
      }
      return end
    })
  )
  const summary = runSummary(
    noun,
    ends.map(({ phase, outcome, mayBeCharged }, i) => ({ label: parts[i]!.label, phase, reason: outcome.reason ?? outcome.toast, mayBeCharged }))
  )
  try {
    await deps.main.notify(summary)
  } catch {
    // Only a notification: each job's card says how it ended.
  }
}
