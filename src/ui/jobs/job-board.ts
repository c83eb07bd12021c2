// The jobs the panel shows: this person's, running and finished, each reporting into its own entry, and
// the unfinished jobs other people started in the file, which are only shown.
import type { JobRecord, PastJob } from '../../messages'
import type { JobProgress } from './job-progress'
import { isFinished, isSomeoneElses } from './job-progress'
import type { JobControl } from './run-job'

type Listener = (jobs: readonly JobProgress[]) => void

const KEEP_FINISHED = 5

export class JobBoard {
  private jobs: JobProgress[] = []
  private readonly cancels = new Set<string>()
  private readonly listeners = new Set<Listener>()

  add(job: Pick<JobProgress, 'jobId' | 'title'> & Partial<JobProgress>): void {
    this.jobs = [{ phase: 'drafted', detail: '', logs: [], costUsd: 0, ...job }, ...this.jobs]
    this.trim()
    this.publish()
  }

  update(jobId: string, update: Partial<JobProgress>): void {
    this.jobs = this.jobs.map((job) => (job.jobId === jobId ? { ...job, ...update } : job))
    this.publish()
  }

  /** Only this person's jobs can be cancelled from here; another person's is theirs to cancel. */
  cancel(jobId: string): void {
    const job = this.jobs.find((j) => j.jobId === jobId)
    if (!job || isSomeoneElses(job)) return
    this.cancels.add(jobId)
    this.update(jobId, { detail: 'Cancelling…', cancelSent: true })
  }

  isCancelled(jobId: string): boolean {
    return this.cancels.has(jobId)
  }

  dismiss(jobId: string): void {
    this.cancels.delete(jobId)
    this.jobs = this.jobs.filter((job) => job.jobId !== jobId)
    this.publish()
  }

  /**
   * Other people's unfinished jobs, as the file lists them now: each shown as running and by whom, and
   * dropped once the file no longer lists it (their plugin finished it).
   */
  showOthers(records: readonly JobRecord[]): void {
    const listed = new Set(records.map((r) => r.jobId))
    const shown = new Set(this.jobs.filter(isSomeoneElses).map((j) => j.jobId))
    const kept = this.jobs.filter((j) => !isSomeoneElses(j) || listed.has(j.jobId))
    const added: JobProgress[] = records
      .filter((r) => !shown.has(r.jobId) && !this.jobs.some((j) => j.jobId === r.jobId))
      .map((r) => ({ jobId: r.jobId, title: r.title, phase: 'running', detail: '', logs: [], costUsd: r.costUsd, startedBy: r.startedBy.name }))
    this.jobs = [...kept, ...added]
    this.publish()
  }

  /** Jobs finished before the plugin opened, listed after the ones it knows, each once. */
  addPast(records: readonly PastJob[]): void {
    const known = new Set(this.jobs.map((j) => j.jobId))
    const added: JobProgress[] = records
      .filter((r) => !known.has(r.jobId))
      .map((r) => ({ jobId: r.jobId, title: r.title, phase: r.state, detail: '', logs: [], costUsd: r.costUsd, past: { sectionId: r.sectionId } }))
    this.jobs = [...this.jobs, ...added]
    this.trim()
    this.publish()
  }

  hasOthers(): boolean {
    return this.jobs.some(isSomeoneElses)
  }

  /**
   * What a runner needs for one of this person's jobs: its cancel, and a way to report progress. A report
   * of `cancelSent: false` (the cancel did not reach fal) forgets the press, so the next one sends again.
   */
  control(jobId: string): JobControl {
    return {
      isCancelled: () => this.isCancelled(jobId),
      report: (progress) => {
        if (progress.cancelSent === false) this.cancels.delete(jobId)
        this.update(jobId, progress)
      }
    }
  }

  list(): readonly JobProgress[] {
    return this.jobs
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private trim(): void {
    const finished = this.jobs.filter(isFinished)
    if (finished.length > KEEP_FINISHED) {
      const drop = new Set(finished.slice(KEEP_FINISHED).map((j) => j.jobId))
      this.jobs = this.jobs.filter((j) => !drop.has(j.jobId))
    }
  }

  private publish(): void {
    for (const listener of this.listeners) listener(this.jobs)
  }
}
