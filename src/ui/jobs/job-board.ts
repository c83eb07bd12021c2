// The jobs the panel shows, running and finished. Several run at once; each reports into its own entry.
import type { JobProgress } from './job-progress'
import { isFinished } from './job-progress'

type Listener = (jobs: readonly JobProgress[]) => void

const KEEP_FINISHED = 5

export class JobBoard {
  private jobs: JobProgress[] = []
  private readonly cancels = new Set<string>()
  private readonly listeners = new Set<Listener>()

  add(job: Pick<JobProgress, 'jobId' | 'title'> & Partial<JobProgress>): void {
    this.jobs = [{ phase: 'uploading', detail: '', logs: [], costUsd: 0, ...job }, ...this.jobs]
    this.trim()
    this.publish()
  }

  update(jobId: string, update: Partial<JobProgress>): void {
    this.jobs = this.jobs.map((job) => (job.jobId === jobId ? { ...job, ...update } : job))
    this.publish()
  }

  cancel(jobId: string): void {
    this.cancels.add(jobId)
    this.update(jobId, { detail: 'Cancelling…' })
  }

  isCancelled(jobId: string): boolean {
    return this.cancels.has(jobId)
  }

  dismiss(jobId: string): void {
    this.cancels.delete(jobId)
    this.jobs = this.jobs.filter((job) => job.jobId !== jobId)
    this.publish()
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
