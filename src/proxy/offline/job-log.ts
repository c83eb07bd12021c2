// Offline jobs on disk (DATA_DIR/offline/jobs.jsonl), so a restarted proxy still answers status, result
// and cancel for jobs it accepted before: the plugin's "proxy restarted mid-job" ends with its images.
// One line when a job is accepted, one when its images are rendered, one when it is cancelled. Jobs
// older than a day are dropped at start.
import * as z from 'zod/mini'

import { type AnyEndpointInput, type EndpointId, ENDPOINTS, type ImageFile, imageFileSchema, isEndpointId } from '../../kling'
import { JsonlFile } from '../jsonl-file'
import type { CancelAnswer, JobRecord } from './jobs'

export const JOB_RETENTION_MS = 24 * 60 * 60 * 1000

const CANCEL_ANSWERS = ['OK', 'CANCELLATION_REQUESTED', 'ALREADY_COMPLETED', 'NOT_FOUND'] as const satisfies readonly CancelAnswer[]

const JobLine = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('job'),
      id: z.string(),
      endpoint: z.custom<EndpointId>((value) => typeof value === 'string' && isEndpointId(value), 'not one of the four endpoints'),
      // Checked against its endpoint's schema below, and kept as written (not re-parsed with defaults).
      input: z.custom<AnyEndpointInput>((value) => typeof value === 'object' && value !== null),
      received_at: z.number(),
      queued_ms: z.optional(z.number())
    })
    .check(
      z.refine((line) => ENDPOINTS[line.endpoint].input.safeParse(line.input).success, {
        message: "not an input this endpoint's schema accepts",
        path: ['input']
      })
    ),
  z.object({ type: z.literal('rendered'), id: z.string(), images: z.array(imageFileSchema) }),
  // `stopped` false: the job was asked to cancel while running and completes anyway. Lines written before
  // the answer was logged have neither field and always stopped.
  z.object({ type: z.literal('cancel'), id: z.string(), at: z.number(), answer: z.optional(z.enum(CANCEL_ANSWERS)), stopped: z.optional(z.boolean()) })
])
type JobLine = z.infer<typeof JobLine>

export interface LoggedJob extends JobRecord {
  /** Rendered images (URLs relative to this server), if rendering finished before the restart. */
  images?: ImageFile[]
}

export class JobLog {
  private readonly file: JsonlFile<typeof JobLine>

  constructor(
    path: string,
    private readonly now: () => number = Date.now
  ) {
    this.file = new JsonlFile(path, JobLine)
  }

  /** The jobs still worth answering for, in the order they were accepted. */
  load(): LoggedJob[] {
    const lines = this.file.read()
    const jobs = new Map<string, LoggedJob>()
    let used = 0
    for (const line of lines) {
      if (line.type === 'job' && this.now() - line.received_at < JOB_RETENTION_MS) {
        jobs.set(line.id, {
          id: line.id,
          endpoint: line.endpoint,
          input: line.input,
          receivedAt: line.received_at,
          ...(line.queued_ms !== undefined && { queuedMs: line.queued_ms })
        })
      }
      const job = jobs.get(line.id)
      if (!job) continue
      used += 1
      if (line.type === 'rendered') job.images = line.images
      if (line.type === 'cancel') {
        if (line.stopped !== false) job.cancelledAt = line.at
        if (line.answer !== undefined) job.cancelAnswer = line.answer
      }
    }
    const kept = [...jobs.values()]
    // Expired lines are dropped, so the file stays about a day's worth long.
    if (used < lines.length) this.file.rewrite(kept.flatMap(toLines))
    return kept
  }

  accepted(job: JobRecord): void {
    this.file.append(jobLine(job))
  }

  rendered(id: string, images: ImageFile[]): void {
    this.file.append({ type: 'rendered', id, images })
  }

  cancelled(id: string, at: number, answer?: CancelAnswer, stopped = true): void {
    this.file.append({ type: 'cancel', id, at, ...(answer !== undefined && { answer }), ...(!stopped && { stopped }) })
  }

  clear(): void {
    this.file.rewrite([])
  }
}

function jobLine(job: JobRecord): JobLine {
  return {
    type: 'job',
    id: job.id,
    endpoint: job.endpoint,
    input: job.input,
    received_at: job.receivedAt,
    ...(job.queuedMs !== undefined && { queued_ms: job.queuedMs })
  }
}

function toLines(job: LoggedJob): JobLine[] {
  const lines: JobLine[] = [jobLine(job)]
  if (job.images) lines.push({ type: 'rendered', id: job.id, images: job.images })
  if (job.cancelledAt !== undefined || job.cancelAnswer !== undefined) {
    const stopped = job.cancelledAt !== undefined
    lines.push({ type: 'cancel', id: job.id, at: job.cancelledAt ?? job.receivedAt, ...(job.cancelAnswer && { answer: job.cancelAnswer }), ...(!stopped && { stopped }) })
  }
  return lines
}
