// Generations in flight and finished: one status line each, the model's log behind a disclosure, and a
// Cancel for each running one. A finished job keeps its message (what was placed and charged) and folds to
// one line once a newer job starts or after a while; a click unfolds it. Jobs finished before the plugin
// opened are listed folded, and "Show" selects what they made. Another person's unfinished job is listed as
// running and by whom, with no Cancel: it is theirs.
import { Button } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'

import { isFinished, isSomeoneElses, type JobPhase, type JobProgress, statusLine, uniqueLogLines } from '../jobs/job-progress'
import { moneyText, type ProxyMode } from '../money'
import { styles } from './styles'

/** Past these a cancel changes nothing: the images are paid for and on their way to the canvas. */
const TOO_LATE_TO_CANCEL: readonly JobPhase[] = ['downloading', 'placing']

/** How long a finished job stays unfolded when no newer job starts. */
export const FOLD_AFTER_MS = 20_000

/** The job's price; struck through and "not charged" once its ending is known to be free. */
function Price({ job, mode }: { job: JobProgress; mode: ProxyMode | undefined }) {
  if (job.costUsd <= 0) return <span style={styles.muted} />
  const price = moneyText(job.costUsd, mode)
  if (job.notCharged === true) {
    return (
      <span style={styles.muted} aria-label={`${price}, not charged`}>
        <s>{price}</s> not charged
      </span>
    )
  }
  return <span style={styles.muted}>{price}</span>
}

export interface JobListProps {
  jobs: readonly JobProgress[]
  onCancel: (jobId: string) => void
  onDismiss: (jobId: string) => void
  /** Selects what a past job made, on the canvas. */
  onShow?: (job: JobProgress) => void
  /** The proxy's mode: offline prices say "would cost … live". */
  mode?: ProxyMode | undefined
}

/** Finished jobs whose unfolded time is over: set once per job, after FOLD_AFTER_MS. */
function useSettled(jobs: readonly JobProgress[]): ReadonlySet<string> {
  const [settled, setSettled] = useState<ReadonlySet<string>>(new Set())
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>())
  useEffect(() => {
    for (const job of jobs) {
      if (!isFinished(job) || settled.has(job.jobId) || timers.current.has(job.jobId)) continue
      timers.current.set(job.jobId, setTimeout(() => setSettled((s) => new Set(s).add(job.jobId)), FOLD_AFTER_MS))
    }
  }, [jobs, settled])
  useEffect(() => () => timers.current.forEach(clearTimeout), [])
  return settled
}

export function JobList({ jobs, onCancel, onDismiss, onShow, mode }: JobListProps) {
  // A new job appears below the form: bring it into view so its progress is seen without scrolling.
  const newest = useRef<HTMLLIElement>(null)
  const newestId = jobs[0]?.jobId
  // Again when it ends: its message and Dismiss grow the card, and must not sit under the footer.
  const newestEnded = jobs[0] !== undefined && isFinished(jobs[0])
  useEffect(() => newest.current?.scrollIntoView?.({ block: 'nearest' }), [newestId, newestEnded])
  const settled = useSettled(jobs)
  // The designer's own choice wins over folding: true unfolded, false folded.
  const [opened, setOpened] = useState<ReadonlyMap<string, boolean>>(new Map())
  if (jobs.length === 0) return null
  const toggle = (jobId: string, open: boolean) => setOpened((m) => new Map(m).set(jobId, open))
  return (
    <section aria-label="Jobs">
      <ul style={styles.list}>
        {jobs.map((job, i) => {
          const folds = isFinished(job) && (job.past !== undefined || i > 0 || settled.has(job.jobId))
          const open = opened.get(job.jobId) ?? !folds
          const line = statusLine(job)
          if (!open) {
            return (
              <li key={job.jobId} ref={i === 0 ? newest : undefined} style={styles.foldedJob} aria-label={`Job: ${job.title}`}>
                <button type="button" style={styles.foldedButton} aria-expanded={false}
                  onClick={() => {
                    toggle(job.jobId, true)
                    // A past job's line is also the way to what it made.
                    if (job.past !== undefined) onShow?.(job)
                  }}
                >
                  <span style={styles.oneLine}>{`${job.title} · ${line}`}</span>
                  <Price job={job} mode={mode} />
                </button>
              </li>
            )
          }
          const logs = uniqueLogLines(job.logs)
          return (
            <li key={job.jobId} ref={i === 0 ? newest : undefined} style={styles.card} aria-label={`Job: ${job.title}`}>
              <div style={styles.footer}>
                {isFinished(job) ? (
                  <button type="button" style={{ ...styles.foldedButton, padding: 0, width: 'auto' }} aria-expanded onClick={() => toggle(job.jobId, false)}>
                    <strong style={styles.oneLine}>{job.title}</strong>
                  </button>
                ) : (
                  <strong style={{ ...styles.oneLine, fontSize: 11 }}>{job.title}</strong>
                )}
                <Price job={job} mode={mode} />
              </div>
              <div role="status" style={{ fontSize: 11 }}>
                {line}
              </div>
              {logs.length === 0 ? null : (
                <details style={{ fontSize: 11 }}>
                  <summary>{`Model log (${logs.length} line${logs.length === 1 ? '' : 's'})`}</summary>
                  <pre style={styles.logs}>{logs.join('\n')}</pre>
                </details>
              )}
              {job.message === undefined ? null : (
                <p style={job.phase === 'failed' || job.phase === 'expired' ? styles.error : styles.hint}>{job.message}</p>
              )}
              <div style={{ display: 'flex', gap: 8 }}>
                {job.past !== undefined && onShow ? (
                  <Button secondary onClick={() => onShow(job)} aria-label={`Show ${job.title} on the canvas`}>
                    Show
                  </Button>
                ) : null}
                {isSomeoneElses(job) ? null : isFinished(job) ? (
                  <Button secondary onClick={() => onDismiss(job.jobId)} aria-label={`Dismiss ${job.title}`}>
                    Dismiss
                  </Button>
                ) : (
                  <Button
                    secondary
                    danger={job.cancelSent !== true}
                    onClick={() => onCancel(job.jobId)}
                    disabled={job.cancelSent === true || TOO_LATE_TO_CANCEL.includes(job.phase)}
                  >
                    {job.cancelSent === true ? 'Cancel sent' : 'Cancel'}
                  </Button>
                )}
              </div>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
