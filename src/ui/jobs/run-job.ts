// One generation from Generate to the canvas: upload the references, record the job in the document,
// submit, follow the queue, place the images. Also resumes a job a closed plugin left running.
// Every ending says truthfully what was charged.
import { ApiError } from '@fal-ai/client'

import type { GenerationSettings, Panel } from '../../kling/compose'
import { composeRequest } from '../../kling/compose'
import type { EndpointId, EndpointInput } from '../../kling/endpoints'
import type { TextLayer } from '../../kling/prompt-draft'
import { formatUsd } from '../../kling/pricing'
import { type JobPlan, type JobRecord, type JobRef, REFERENCE_MAX_SIDE } from '../../messages'
import { describeFailure } from '../fal-errors'
import type { JobDeps } from './job-deps'
import type { JobProgress } from './job-progress'
import { placeResults } from './place-results'
import { type ChosenReference, InputError, uploadReferences } from './upload-references'
import { waitForResult } from './wait-for-result'

export interface JobRequest {
  jobId: string
  title: string
  references: readonly ChosenReference[]
  textLayers: readonly TextLayer[]
  settings: GenerationSettings
}

export interface JobControl {
  isCancelled: () => boolean
  report: (update: Partial<JobProgress>) => void
}

/** Runs a new job to its end. Never throws: every failure ends as a reported phase and message. */
export async function runJob(deps: JobDeps, request: JobRequest, control: JobControl): Promise<void> {
  const { report, isCancelled } = control
  let plan: JobPlan
  try {
    report({ phase: 'uploading', detail: 'Exporting references' })
    const maxSide = REFERENCE_MAX_SIDE[request.settings.resolution]
    const { sources } = await uploadReferences(
      deps,
      request.references,
      maxSide,
      (done, total) => report({ detail: total === 0 ? 'No references' : `Uploaded ${done} of ${total} references` }),
      isCancelled
    )
    if (isCancelled()) return report({ phase: 'cancelled', message: 'Cancelled before anything was sent: nothing was charged.' })
    const composed = composeRequest({ references: sources, textLayers: request.textLayers, settings: request.settings })
    if (!composed.ok) {
      const first = composed.errors[0]
      throw new InputError(first ? `${first.message} ${first.fix}` : 'The request is not valid.')
    }
    const { endpoint, input, panels, costUsd, nominalSize } = composed.request
    plan = { jobId: request.jobId, endpoint, input, panels, nominalSize, costUsd, title: request.title, createdAt: deps.now().toISOString() }
    report({ costUsd })
  } catch (error) {
    return report({ phase: 'failed', message: explain(error, deps) })
  }

  // Recorded in the document before it is submitted, so a paid request can always be found again.
  report({ phase: 'submitting', detail: 'Sending to fal' })
  let job: JobPlan & JobRef
  try {
    const { sectionId } = await deps.main.startJob(plan)
    job = { ...plan, sectionId }
  } catch (error) {
    return report({ phase: 'failed', message: `Could not create the storyboard section: ${explain(error, deps)}` })
  }
  const requestId = await submitOnce(deps, job, control)
  if (requestId === undefined) return
  await followJob(deps, { ...job, requestId, filled: [] }, control)
}

/**
 * Submits the job under its id. The proxy remembers accepted submits by job id, so sending the same job
 * again (a lost answer retried by the client, or a reopened plugin finishing a job closed mid-submit)
 * returns the first request instead of paying for a second one.
 */
async function submitOnce(deps: JobDeps, plan: JobPlan & JobRef, control: JobControl, resuming = false): Promise<string | undefined> {
  try {
    const submitted = await deps.fal.queue.submit(plan.endpoint, {
      // Checked against the catalog's schema for this endpoint by the composer.
      input: plan.input as EndpointInput<typeof plan.endpoint>,
      headers: { 'x-keyframe-job': plan.jobId }
    })
    await deps.main.recordSubmitted({ jobId: plan.jobId, sectionId: plan.sectionId, requestId: submitted.request_id })
    return submitted.request_id
  } catch (error) {
    if (resuming && !(error instanceof ApiError)) {
      // No answer at all: fal may hold the first submit. Keep the job so the next open checks again.
      control.report({ phase: 'failed', message: `${explain(error, deps)} The job stays saved in the file and is checked again next time.` })
      return undefined
    }
    const message = `${explain(error, deps)} Nothing was charged.`
    await endJob(deps, plan, 'failed', message)
    control.report({ phase: 'failed', message })
    return undefined
  }
}

export interface FollowedJob extends JobRef {
  endpoint: EndpointId
  requestId: string
  panels: Panel[]
  filled: number[]
  costUsd: number
}

/** Follows a submitted job to the canvas. Used right after submit and when a reopened plugin resumes. */
export async function followJob(deps: JobDeps, job: FollowedJob, control: JobControl): Promise<void> {
  const { report, isCancelled } = control
  const cost = formatUsd(job.costUsd)
  const outcome = await waitForResult(
    deps,
    job.endpoint,
    job.requestId,
    {
      queued: (position) =>
        report({ phase: 'queued', detail: position === undefined || position <= 0 ? 'Queued: next up' : `Queued: ${position} ahead` }),
      generating: (logs) => report({ phase: 'generating', detail: logs.at(-1) ?? 'Generating', logs })
    },
    isCancelled
  )
  if (outcome.kind === 'cancelled') {
    const message = outcome.whileQueued
      ? 'Cancelled while queued: fal dropped it before it started, so nothing was charged.'
      : 'Cancelled while generating: Kling stopped and delivered no images.'
    await endJob(deps, job, 'cancelled', message)
    return report({ phase: 'cancelled', message })
  }
  if (outcome.kind === 'failed') {
    // The request id is saved in the document: a reopened plugin asks fal again, so nothing paid is lost.
    const message = `${explain(outcome.error, deps)} The job is saved in the file: reopen Keyframe to pick it up.`
    return report({ phase: 'failed', message })
  }

  report({ phase: 'placing', detail: `Placing ${job.panels.length} images` })
  const summary = await placeResults(deps, job, outcome.data, (placed, total) =>
    report({ detail: `Placed ${placed} of ${total}` })
  )
  if (summary.unplaced > 0) {
    const them = summary.unplaced === 1 ? 'it' : 'them'
    const message = `${images(summary.unplaced)} could not be placed. The job is saved in the file, paid for: reopen Keyframe to place ${them}.`
    return report({ phase: 'failed', message })
  }
  const late = outcome.cancelRequested ? 'Kling finished before the cancel reached it, so its images were placed. ' : ''
  const short = summary.missing > 0 ? ` fal returned ${summary.returned} of ${job.panels.length} images; the empty panels say so.` : ''
  const message = `${late}Placed ${images(summary.placed)} · ${cost}.${short}`
  await endJob(deps, job, 'done', message)
  report({ phase: 'done', detail: `Placed ${summary.placed} of ${job.panels.length}`, message })
}

/** Picks up a job this user's plugin left behind when it closed. Never called for another user's job. */
export async function resumeJob(deps: JobDeps, record: JobRecord, control: JobControl): Promise<void> {
  let requestId = record.requestId
  if (requestId === undefined) {
    // Closed between recording the job and fal's answer: send it again under the same job id. If fal
    // had accepted it, the proxy answers with that request; if not, this is its first submit.
    control.report({ phase: 'submitting', detail: 'Checking with fal' })
    requestId = await submitOnce(deps, record, control, true)
    if (requestId === undefined) return
  }
  await followJob(deps, { ...record, requestId }, control)
}

async function endJob(deps: JobDeps, job: JobRef, state: 'done' | 'failed' | 'cancelled', message: string): Promise<void> {
  try {
    await deps.main.finishJob({ jobId: job.jobId, sectionId: job.sectionId, state, message })
  } catch {
    // The section may have been deleted by the designer; the panel still shows the outcome.
  }
}

function explain(error: unknown, deps: JobDeps): string {
  if (error instanceof InputError) return error.message
  return describeFailure(error, deps.proxyUrl).message
}

function images(count: number): string {
  return `${count} image${count === 1 ? '' : 's'}`
}
