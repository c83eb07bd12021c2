// Generations in flight and just finished: their phase, the queue position or the model's logs, and
// a Cancel for each. A finished job keeps its message, which says what was placed and charged. Another
// person's unfinished job in the file is listed as running and by whom, with no Cancel: it is theirs.
import { Button } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useEffect, useRef } from 'preact/hooks'

import { isFinished, isSomeoneElses, type JobPhase, type JobProgress, statusLine } from '../jobs/job-progress'
import { moneyText, type ProxyMode } from '../money'
import { styles } from './styles'

/** Past these a cancel changes nothing: the images are paid for and on their way to the canvas. */
const TOO_LATE_TO_CANCEL: readonly JobPhase[] = ['downloading', 'placing']

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
  /** The proxy's mode: offline prices say "would cost … live". */
  mode?: ProxyMode | undefined
}

export function JobList({ jobs, onCancel, onDismiss, mode }: JobListProps) {
  // A new job appears below the form: bring it into view so its progress is seen without scrolling.
  const newest = useRef<HTMLLIElement>(null)
  const newestId = jobs[0]?.jobId
  useEffect(() => newest.current?.scrollIntoView?.({ block: 'nearest' }), [newestId])
  if (jobs.length === 0) return null
  return (
    <section aria-label="Jobs">
      <ul style={styles.list}>
        {jobs.map((job, i) => (
          <li key={job.jobId} ref={i === 0 ? newest : undefined} style={styles.card} aria-label={`Job: ${job.title}`}>
            <div style={styles.footer}>
              <strong style={{ fontSize: 11 }}>{job.title}</strong>
              <Price job={job} mode={mode} />
            </div>
            <div role="status" style={{ fontSize: 11 }}>
              {statusLine(job)}
            </div>
            {job.phase === 'generating' && job.logs.length > 0 ? <pre style={styles.logs}>{job.logs.slice(-4).join('\n')}</pre> : null}
            {job.message === undefined ? null : (
              <p style={job.phase === 'failed' || job.phase === 'expired' ? styles.error : styles.hint}>{job.message}</p>
            )}
            <div>
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
        ))}
      </ul>
    </section>
  )
}
