// fal's queue status bodies for an offline job at this moment: IN_QUEUE with queue_position, IN_PROGRESS
// with the run's logs so far, then COMPLETED; HTTP 202 until done, 200 once done
// (fal.ai/docs/api-reference/inference-api, "Queue request lifecycle").
// Inferred, as fal documents only those three states: a cancelled job (removed from the queue, or stopped
// while running) reads as COMPLETED with an error, so a polling client stops, and its result answers 400.
import { MODELS, ENDPOINTS, billedImageCount } from '../../kling'
import type { Job, JobQueue } from './jobs'
import { queueUrls } from './queue-urls'

export interface FalLog {
  message: string
  level: 'INFO'
  source: 'USER'
  timestamp: string
}

export function statusPayload(queue: JobQueue, job: Job, withLogs: boolean): { httpStatus: number; body: Record<string, unknown> } {
  const state = queue.state(job)
  const base = { request_id: job.id, ...queueUrls(job.id) }
  if (state === 'IN_QUEUE') {
    return { httpStatus: 202, body: { status: 'IN_QUEUE', queue_position: queue.queuePosition(job), ...base } }
  }
  if (state === 'IN_PROGRESS') {
    return { httpStatus: 202, body: { status: 'IN_PROGRESS', ...base, logs: withLogs ? runLogs(queue, job) : null } }
  }
  const logs = withLogs ? runLogs(queue, job) : null
  if (state === 'CANCELLED') {
    return { httpStatus: 200, body: { status: 'COMPLETED', ...base, logs, error: 'Request was cancelled', error_type: 'request_cancelled' } }
  }
  return {
    httpStatus: 200,
    body: { status: 'COMPLETED', ...base, logs, metrics: { inference_time: queue.runSeconds() } }
  }
}

/** Log lines as a run would print them, revealed as the job progresses. */
function runLogs(queue: JobQueue, job: Job): FalLog[] {
  const { model, mode } = ENDPOINTS[job.endpoint]
  const count = Math.max(1, billedImageCount(job.input))
  const lines = [`Loading ${MODELS[model].label} (${mode}), offline placeholder renderer`]
  for (let i = 1; i <= count; i++) lines.push(`Generating image ${i}/${count}`)
  lines.push('Uploading results')
  const progress = queue.state(job) === 'IN_PROGRESS' ? queue.progress(job) : 1
  const shown = Math.max(1, Math.ceil(progress * lines.length))
  const start = queue.startedAt(job)
  const span = Math.max(1, queue.runSeconds() * 1000)
  return lines.slice(0, shown).map((message, i) => ({
    message,
    level: 'INFO',
    source: 'USER',
    timestamp: new Date(start + (span * i) / lines.length).toISOString()
  }))
}
