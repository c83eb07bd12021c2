// Offline mode: this server plays fal. The proxy route hands it calls that already passed the token check,
// the allowlist, validation and the budget; it answers them with fal's queue and storage protocol, and
// serves rendered results itself (under /__offline, on whatever host the caller used). Uploads arrive on
// the same route and pass the same checks as in live mode (uploads/upload-route.ts); only where the bytes
// end up differs.
// Jobs and files are kept under DATA_DIR/offline, so a restarted proxy finishes what it accepted.
import type { IncomingMessage } from 'node:http'
import { join } from 'node:path'

import type { Context, Hono } from 'hono'

import type { AnyEndpointInput, EndpointId, ImageFile } from '../../kling'
import { callerOf } from '../fal-route'
import type { FalCall } from '../target-url'
import { checkInitiate } from '../uploads/initiate-request'
import { uploadOrigin } from '../uploads/upload-origin'
import { issueUploadUrl, type UploadSink } from '../uploads/upload-route'
import { MemoryUploadSlots } from '../uploads/upload-slots'
import { type FaultPlan, Faults, parseFaultPlan, type StatusFault, type StatusFaultKind } from './faults'
import { type FileSlot, FileStore } from './file-store'
import { generateImages, type ResultImageSource, seedOf, storedFileIds, withOrigin } from './generate'
import { JobLog, type LoggedJob } from './job-log'
import { type CancelAnswer, type Job, JobQueue, retentionFor } from './jobs'
import { queueUrls } from './queue-urls'
import { servedFile } from './served-file'
import { statusPayload } from './status-payload'
import { errorMessage } from '../../error-message'

export interface OfflineOptions {
  /** DATA_DIR/offline: jobs.jsonl, files.jsonl and files/. */
  dataDir: string
  latencyMs: number
  faults?: FaultPlan | undefined
  maxUploadBytes: number
  maxJsonBytes: number
  /** PUBLIC_URL: which address upload and file URLs name (uploads/upload-origin.ts). */
  publicUrl?: string | undefined
  /** Benchmarks: result images from here instead of the placeholder renderer (generate.ts). */
  resultImages?: ResultImageSource | undefined
}

const encoder = new TextEncoder()

export class OfflineService {
  readonly faults: Faults
  /** Open upload URLs; the upload route claims them. */
  readonly uploads = new MemoryUploadSlots<FileSlot>()
  private readonly jobs: JobQueue
  private readonly store: FileStore
  private readonly log: JobLog

  constructor(private readonly options: OfflineOptions) {
    this.faults = new Faults(options.faults)
    this.jobs = new JobQueue(options.latencyMs, Date.now, (job) => retentionFor(job, this.faults.retentionMs))
    this.store = new FileStore(options.dataDir)
    this.log = new JobLog(join(options.dataDir, 'jobs.jsonl'))
    for (const logged of this.log.load()) this.jobs.restore(logged, (job) => this.restoredOutput(logged, job))
  }

  /** Lets renders in progress finish, so their files and log lines are whole for the next start. */
  async close(): Promise<void> {
    await Promise.allSettled(this.jobs.list().map((job) => job.output))
  }

  /** A validated, budgeted submit: queue it and start rendering now so the result is ready on time. */
  async submit(c: Context, endpoint: EndpointId, input: AnyEndpointInput): Promise<Response> {
    await this.slow()
    const fault = this.faults.take('submit')
    if (fault) return faultResponse(fault, 'submit')
    const job = this.jobs.add(endpoint, input, (j) => this.render(j), this.faults.holdInQueueMs)
    // On disk before the answer leaves: an accepted job is never forgotten by a restart.
    this.log.accepted(job)
    // fal took the job, but its answer is lost on the way to the proxy (a reset): the proxy sees a failure.
    if (this.faults.takeLoseSubmitAnswer()) throw new TypeError('fetch failed (injected: the answer from fal was lost)')
    if (this.faults.takeDropSubmit()) dropConnection(c)
    return Response.json(
      { status: 'IN_QUEUE', request_id: job.id, ...queueUrls(job.id), queue_position: this.jobs.queuePosition(job) },
      { headers: { 'x-fal-request-id': job.id } }
    )
  }

  /** Every other call the client makes through the proxy route. */
  async handle(c: Context, call: Exclude<FalCall, { kind: 'submit' }>, bodyText: string): Promise<Response> {
    await this.slow()
    if (call.kind === 'storage-initiate') return this.initiate(c, bodyText)
    const kind: StatusFaultKind = call.kind === 'status-stream' ? 'status' : call.kind
    const fault = this.faults.take(kind)
    if (fault) return faultResponse(fault, kind)
    const found = this.jobs.get(call.requestId)
    if (call.kind === 'cancel') return this.cancel(found)
    // Inferred: fal does not document what it answers once a result has expired ("gone from the queue");
    // this answers exactly as for a request it never knew.
    const job = found && this.jobs.state(found) !== 'EXPIRED' ? found : undefined
    if (!job) return Response.json({ detail: `Request ${call.requestId} not found` }, { status: 404 })
    switch (call.kind) {
      case 'status': {
        const { httpStatus, body } = statusPayload(this.jobs, job, call.logs)
        return Response.json(body, { status: httpStatus, headers: { 'x-fal-request-id': job.id } })
      }
      case 'status-stream':
        return this.statusStream(job, call.logs)
      case 'result':
        return this.result(job, new URL(c.req.url).origin)
    }
  }

  /**
   * What fal's queue answers the proxy itself about a job (the result keeper's reads): status or result,
   * with file URLs on `origin`. Counted faults are left for the client's calls, which the fault tests count;
   * retention (the job's state), fewerImages and malformedResult shape fal's answer and so apply here too.
   */
  async queueAnswer(requestId: string, kind: 'status' | 'result', origin: string): Promise<Response> {
    const found = this.jobs.get(requestId)
    const job = found && this.jobs.state(found) !== 'EXPIRED' ? found : undefined
    if (!job) return Response.json({ detail: `Request ${requestId} not found` }, { status: 404 })
    if (kind === 'result') return this.result(job, origin)
    const { httpStatus, body } = statusPayload(this.jobs, job, false)
    return Response.json(body, { status: httpStatus, headers: { 'x-fal-request-id': job.id } })
  }

  /**
   * The body is one of fal's four answers (fal.ai/docs/inference-api/queue/cancel lists them). That page
   * does not give each one's HTTP status: 202 for CANCELLATION_REQUESTED (accepted, not done), 400 for
   * ALREADY_COMPLETED and 404 for NOT_FOUND are what fal-compatible queues answer (e.g.
   * cloud.seaart.ai/docs/model-api/multimodal/cancel), and 200 for OK (done: removed) is inferred. The
   * plugin reads the body, not the status, so it does not depend on these.
   */
  private cancel(job: Job | undefined): Response {
    const first = job !== undefined && job.cancelAnswer === undefined
    const answer = this.jobs.cancel(job, this.faults.cancelRunning)
    if (job && first && job.cancelAnswer !== undefined) {
      this.log.cancelled(job.id, job.cancelledAt ?? Date.now(), job.cancelAnswer, job.cancelledAt !== undefined)
    }
    const headers = job ? { 'x-fal-request-id': job.id } : undefined
    return Response.json({ status: answer }, { status: CANCEL_HTTP_STATUS[answer], headers })
  }

  /** Where checked upload bytes go offline: a file this server then serves, unless a fault says otherwise. */
  readonly receiveUpload: UploadSink<FileSlot> = async (_c, slot, body) => {
    const fault = this.faults.take('upload')
    if (fault) {
      await body.stream.cancel().catch(() => undefined)
      return faultResponse(fault, 'upload')
    }
    await this.store.receive(slot, body.stream, body.contentType, this.options.maxUploadBytes)
    return new Response(null, { status: 200 })
  }

  /** File and test-control routes, none of which exist in live mode. */
  mount(app: Hono): void {
    app.on(['GET', 'HEAD'], '/__offline/files/:id/:name', async (c) => {
      await this.slow()
      const file = this.store.get(c.req.param('id'))
      if (!file || file.name !== c.req.param('name')) return c.json({ detail: 'File not found' }, 404)
      const served = await servedFile(file)
      if (!served.ok) return served.response
      const { headers } = served
      if (c.req.method === 'HEAD') return new Response(null, { headers })
      const fault = this.faults.take('download')
      if (fault?.mode === 'status') return c.json({ detail: 'Injected download fault' }, (fault.status ?? 503) as 503)
      if (fault?.mode === 'truncate') return new Response(truncated(await this.store.read(file), c), { headers })
      return new Response(this.store.stream(file), { headers })
    })

    app.get('/__offline/requests', (c) =>
      c.json({
        requests: this.jobs.list().map((job) => ({
          request_id: job.id,
          endpoint: job.endpoint,
          input: job.input,
          received_at: new Date(job.receivedAt).toISOString(),
          state: this.jobs.state(job),
          // When the model was done, as a client could first learn it: the queue's clock ended and the images were ready.
          ...(this.jobs.state(job) === 'COMPLETED' && job.readyAt !== undefined && { completed_at: new Date(Math.max(job.readyAt, this.jobs.endsAt(job))).toISOString() })
        }))
      })
    )
    app.get('/__offline/faults', (c) => c.json({ plan: this.faults.current() }))
    app.post('/__offline/faults', async (c) => {
      let plan: FaultPlan
      try {
        plan = parseFaultPlan(await c.req.json())
      } catch (error) {
        return c.json({ message: error instanceof Error ? error.message : 'Invalid fault plan' }, 400)
      }
      this.faults.set(plan)
      return c.json({ plan: this.faults.current() })
    })
    app.delete('/__offline/faults', (c) => {
      this.faults.clear()
      return c.json({ plan: {} })
    })
    app.post('/__offline/reset', (c) => {
      this.faults.clear()
      this.jobs.clear()
      this.log.clear()
      return c.json({ ok: true })
    })
  }

  /** The proxy's own checks first, exactly as live mode makes them before asking fal; then fal's part. */
  private async initiate(c: Context, bodyText: string): Promise<Response> {
    const request = checkInitiate(bodyText)
    if (!request.ok) return request.response
    const origin = uploadOrigin(c, this.options.publicUrl)
    const fault = this.faults.take('initiate')
    if (fault) return faultResponse(fault, 'initiate')
    const file = this.store.reserve(request.fileName)
    const upload = await issueUploadUrl(this.uploads, origin, file, callerOf(c), request.contentType)
    if (!upload.ok) return upload.response
    return Response.json({
      upload_url: upload.url,
      file_url: `${origin}/__offline/files/${file.fileId}/${file.name}`
    })
  }

  /** Renders a job's images and logs them, so a restart can serve them without rendering again. */
  private async render(job: Job): Promise<ImageFile[]> {
    const images = await generateImages(job.endpoint, job.input, job.id, this.store, this.options.resultImages)
    job.readyAt = Date.now()
    this.log.rendered(job.id, images)
    return sized(job, images)
  }

  /** A job from before a restart: its logged images if their files survived, else rendered again. */
  private restoredOutput(logged: LoggedJob, job: Job): Promise<ImageFile[]> {
    if (logged.images && this.store.hasAll(storedFileIds(logged.images))) return Promise.resolve(sized(job, logged.images))
    if (logged.cancelledAt !== undefined) return Promise.resolve([])
    return this.render(job)
  }

  private async result(job: Job, origin: string): Promise<Response> {
    const state = this.jobs.state(job)
    const headers = { 'x-fal-request-id': job.id }
    if (state === 'CANCELLED') return Response.json({ detail: 'Request was cancelled' }, { status: 400, headers })
    if (state !== 'COMPLETED') return Response.json({ detail: 'Request is still in progress' }, { status: 400, headers })
    let images: ImageFile[]
    try {
      images = withOrigin((await job.output) as ImageFile[], origin)
    } catch (error) {
      const reason = errorMessage(error)
      return Response.json({ detail: `Offline rendering failed: ${reason}` }, { status: 500, headers })
    }
    if (this.faults.malformedResult) return Response.json({ image: 'not-a-list', seed: 0 }, { headers })
    const kept = images.slice(0, Math.max(0, images.length - this.faults.fewerImages))
    return Response.json(resultBody(job, kept), { headers })
  }

  /** Server-sent status events until COMPLETED; each carries only the logs that are new since the last. */
  private statusStream(job: Job, withLogs: boolean): Response {
    const interval = Math.max(20, Math.min(250, this.options.latencyMs / 10))
    let timer: ReturnType<typeof setTimeout> | undefined
    let logsSent = 0
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        const tick = () => {
          const { body: status } = statusPayload(this.jobs, job, withLogs)
          if (Array.isArray(status.logs)) {
            const all = status.logs as unknown[]
            status.logs = all.slice(logsSent)
            logsSent = all.length
          }
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(status)}\n\n`))
          if (status.status === 'COMPLETED') controller.close()
          // Fal pushes the final status as the job ends: tick then too, not up to an interval later.
          else timer = setTimeout(tick, Math.max(1, Math.min(interval, this.jobs.endsAt(job) - Date.now() + 1)))
        }
        tick()
      },
      cancel: () => clearTimeout(timer)
    })
    return new Response(body, {
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-fal-request-id': job.id }
    })
  }

  private async slow(): Promise<void> {
    const ms = this.faults.slowMs
    if (ms > 0) await new Promise((r) => setTimeout(r, ms))
  }
}

const CANCEL_HTTP_STATUS: Record<CancelAnswer, number> = { OK: 200, CANCELLATION_REQUESTED: 202, ALREADY_COMPLETED: 400, NOT_FOUND: 404 }

function resultBody(job: Pick<Job, 'id'>, images: ImageFile[]) {
  return { images, seed: seedOf(job.id) }
}

/** Notes the result's size, which sets how long it is kept. URLs are measured before this server's origin is added. */
function sized(job: Job, images: ImageFile[]): ImageFile[] {
  job.payloadBytes = Buffer.byteLength(JSON.stringify(resultBody(job, images)))
  return images
}

function faultResponse(fault: StatusFault, what: string): Response {
  const body = fault.body ?? { detail: `Injected ${what} fault (HTTP ${fault.status})` }
  return Response.json(body, { status: fault.status })
}

/** Cuts the caller's connection: the request was handled, but its answer never arrives. */
function dropConnection(c: Context): void {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  incoming?.socket.destroy()
}

/** Half the bytes under the full Content-Length, then the connection is cut: a dropped download. */
function truncated(bytes: Buffer, c: Context): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array(bytes.subarray(0, Math.floor(bytes.length / 2))))
      setTimeout(() => dropConnection(c), 20)
    }
  })
}
