// One generation from Generate to the canvas: export and upload the references, record the job in the
// document, submit, follow the queue, place the images. Also resumes a job a closed plugin left running.
// Every phase change goes through the lifecycle (job-lifecycle.ts) and every ending's sentence comes from
// job-outcome.ts, so what a job says it was charged follows from what fal answered.
import { ApiError } from '@fal-ai/client'

import type { ComposedRequest, GenerationSettings, Panel } from '../../kling/compose'
import { composeRequest } from '../../kling/compose'
import type { EndpointInput } from '../../kling/endpoints'
import type { TextLayer } from '../../kling/prompt-draft'
import { requestOf } from '../../kling/request-of'
import { type JobPlan, type JobRecord, type JobRef, type JobLayout, type JobOutcome, type JobTarget, type PlanReference, REFERENCE_MAX_SIDE } from '../../messages'
import { errorMessage } from '../../error-message'
import { CHARGE_FIELD, CHARGE_MARKS } from '../../proxy-answers'
import { describeFailure, type Failure } from '../fal-errors'
import { type CancelAnswer, cancelUrlOf } from './cancel-request'
import type { JobDeps } from './job-deps'
import {
  advance,
  type Ending,
  isEnding,
  type JobLife,
  type LifecyclePhase,
  type LifeEvent,
  newJob,
  nothingCharged,
  refusalSettles,
  refusedForAnEarlierSend,
  resumedJob
} from './job-lifecycle'
import { proxyMayHaveForgotten, resultSurelyGone } from './job-age'
import {
  cancelDetail,
  expiredPanelMessage,
  modelErrorPanelMessage,
  NOT_RESENT_PANEL_MESSAGE,
  type Outcome,
  type OutcomeFacts,
  outcomeOf
} from './job-outcome'
import type { JobProgress } from './job-progress'
import { markPanel, placeResults } from './place-results'
import { type ChosenReference, InputError, uploadReferences } from './upload-references'
import { waitForResult } from './wait-for-result'

export interface JobRequest {
  jobId: string
  title: string
  references: readonly ChosenReference[]
  textLayers: readonly TextLayer[]
  settings: GenerationSettings
  /** The poster layout selected: its record names it, and each image is also composed into a copy of it. */
  layout?: JobLayout
  /** Where its images go when not into a section of their own (a format's panel, made before the job). */
  target?: JobTarget
}

/**
 * A request composed already, from what fal has (a placed panel's provenance for Regenerate, Variations and
 * an edited prompt; a storyboard's uploads for beats added to it): its references are uploaded URLs, so
 * there is nothing to export or upload, and its images go to `target`.
 */
export interface ComposedJobRequest {
  jobId: string
  title: string
  composed: ComposedRequest
  target: JobTarget
  /** The names and roles the request's tokens are bound to, kept so beats added later can say `@Mara`. */
  references?: PlanReference[]
}

/**
 * A request made from a placed panel's shown image (Finalize): the image is exported and uploaded as any
 * reference is, inside the job (its card shows the upload, a cancel stops it), then `compose` builds the
 * request around the URL fal fetches it from. Its images go to `target`.
 */
export interface PanelImageJobRequest {
  jobId: string
  title: string
  /** The panel's image layer, as a reference to export and upload. */
  image: ChosenReference
  maxSide: number
  /** The request around the upload, or what is wrong with it (in words for the designer). */
  compose: (url: string) => { ok: true; request: ComposedRequest } | { ok: false; message: string }
  target: JobTarget
}

export interface JobControl {
  isCancelled: () => boolean
  report: (update: Partial<JobProgress>) => void
}

export interface RunOptions {
  /**
   * False for a job that is one of several started by one click (a row of formats, a sheet of looks): its
   * ending is not toasted, since the run says once what all of them placed (run-together.ts).
   */
  toast?: boolean
}

/** How a job ended: its phase and its sentences (the toast as written, even when it was not shown). */
export interface JobEnd {
  phase: Ending
  outcome: Outcome
  /** Ended without its images while fal may still bill it (a cancel after the model started, say). */
  mayBeCharged: boolean
}

/** A job whose submit fal accepted: what following it and placing its images need. */
type SubmittedJob = JobPlan & JobRef & {
  requestId: string
  cancelUrl: string
  filled: number[]
  /** fal's answer to a cancel, when a closed plugin recorded one: never asked again. */
  cancelAnswer?: CancelAnswer | undefined
}

/** A move the lifecycle refused: a fault in the runner, reported as such. */
class LifecycleError extends Error {
  override name = 'LifecycleError'
}

/** One job's lifecycle as the runner moves it. Each change is reported to the panel; reporting never throws. */
class Tracker {
  /** The job's sentences once it has ended. */
  ended: Outcome | undefined

  constructor(
    public life: JobLife,
    private readonly control: JobControl,
    /** Read when the job ends: a job picked up before the proxy's mode was known still ends in its words. */
    private readonly mode: JobDeps['mode'] = undefined,
    /** False when a run of several says the ending instead: then the outcome handed on has no toast. */
    private readonly toast = true
  ) {}

  apply(event: LifeEvent, update: Partial<JobProgress> = {}): void {
    const next = advance(this.life, event)
    if (!next.ok) throw new LifecycleError(next.reason)
    const moved = next.life.phase !== this.life.phase
    this.life = next.life
    this.report(moved ? { phase: this.life.phase, ...update } : update)
  }

  move(to: LifecyclePhase, update: Partial<JobProgress> = {}): void {
    this.apply({ type: 'move', to }, update)
  }

  /** For what fal's status says: an update that would go backwards (a stale IN_QUEUE) is ignored. */
  observe(to: LifecyclePhase, update: Partial<JobProgress>): void {
    if (advance(this.life, { type: 'move', to }).ok) this.move(to, update)
  }

  /** The designer's Cancel, noted once in the lifecycle; true once asked. */
  cancelAsked(): boolean {
    if (!this.life.cancelAsked && !isEnding(this.life.phase) && this.isCancelledSafely()) this.apply({ type: 'cancel-asked' })
    return this.life.cancelAsked
  }

  /** Ends the job and reports its sentence (and whether it is known to be free); returns the sentences. */
  end(ending: Ending, facts: OutcomeFacts): Outcome {
    if (this.life.phase !== ending) {
      const next = advance(this.life, { type: 'move', to: ending })
      if (!next.ok) throw new LifecycleError(next.reason)
      this.life = next.life
    }
    const outcome = outcomeOf(this.life, { ...facts, mode: this.mode?.() })
    this.ended = outcome
    this.report({ phase: ending, message: outcome.message, ...(ending !== 'done' && nothingCharged(this.life) && { notCharged: true }) })
    return this.toast ? outcome : { ...outcome, toast: '' }
  }

  /** How the job ended, for the caller; a job that somehow did not reach an ending reads as failed. */
  ending(): JobEnd {
    const phase = isEnding(this.life.phase) ? this.life.phase : 'failed'
    return { phase, outcome: this.ended ?? { message: '', toast: '' }, mayBeCharged: phase !== 'done' && !nothingCharged(this.life) }
  }

  report(update: Partial<JobProgress>): void {
    try {
      this.control.report(update)
    } catch {
      // The panel is only told; a failure to show progress must not stop a paid job.
    }
  }

  private isCancelledSafely(): boolean {
    try {
      return this.control.isCancelled()
    } catch {
      return false
    }
  }
}

/** Runs a new job to its end, and says how it ended. Never throws: every failure ends as a reported phase and message. */
export async function runJob(
  deps: JobDeps,
  request: JobRequest | ComposedJobRequest | PanelImageJobRequest,
  control: JobControl,
  options: RunOptions = {}
): Promise<JobEnd> {
  const tracker = new Tracker(newJob(), control, deps.mode, options.toast !== false)
  await runNewJob(deps, request, tracker)
  return tracker.ending()
}

async function runNewJob(deps: JobDeps, request: JobRequest | ComposedJobRequest | PanelImageJobRequest, tracker: Tracker): Promise<void> {
  const facts: OutcomeFacts = { costUsd: 0, panels: 0 }
  let job: (JobPlan & JobRef) | undefined
  try {
    const plan = await prepare(deps, request, tracker, facts)
    if (!plan) return
    tracker.move('submitting', { detail: 'Sending to fal' })
    // Recorded in the document before it is submitted, so a paid request can always be found again.
    try {
      const { sectionId } = await deps.main.startJob(plan)
      job = { ...plan, sectionId }
    } catch (error) {
      tracker.end('failed', { ...facts, failure: { kind: 'section', detail: explain(error, deps), ...(plan.target?.kind === 'versions' && { panel: true }) } })
      return
    }
    const submitted = await submit(deps, job, tracker, facts)
    if (submitted) await follow(deps, submitted, tracker, facts)
  } catch (error) {
    await crashed(deps, job, tracker, facts, error)
  }
}

/** Picks up a job this user's plugin left behind when it closed. Never called for another user's job. Never throws. */
export async function resumeJob(deps: JobDeps, record: JobRecord, control: JobControl): Promise<void> {
  const tracker = new Tracker(resumedJob(record.requestId, record.filled.length, record.cancelAnswer), control, deps.mode)
  const facts: OutcomeFacts = { costUsd: record.costUsd, panels: record.panels.length, createdAt: record.createdAt }
  try {
    if (record.requestId === undefined) {
      if (proxyMayHaveForgotten(record.createdAt, deps.now())) {
        // The proxy no longer remembers this job id: a resend would be forwarded as new, and if the first
        // send reached fal, paid twice. It ends here, may-be-charged, its section kept as the trace.
        return void (await endNotResent(deps, record, tracker.end('failed', { ...facts, failure: { kind: 'too-old-to-resend' } })))
      }
      // Closed between recording the job and fal's answer: send it again under the same job id. If fal
      // had accepted it, the proxy answers with that request; if not, this is its first submit.
      tracker.report({ phase: 'submitting', detail: 'Checking with fal' })
      const submitted = await submit(deps, record, tracker, facts)
      if (submitted) await follow(deps, { ...submitted, filled: record.filled }, tracker, facts)
      return
    }
    if (record.cancelAnswer === 'OK') {
      // fal removed it from its queue and bills nothing: that answer settles it, without asking fal again.
      return void (await endJob(deps, record, 'cancelled', tracker.end('cancelled', facts)))
    }
    // With fal's answer on record the cancel is not sent again, so the card's button says it was sent.
    const cancel = record.cancelAnswer === undefined ? { detail: 'Resuming' } : { detail: cancelDetail(record.cancelAnswer), cancelSent: true }
    tracker.report({ phase: 'queued', ...cancel })
    await follow(deps, { ...record, requestId: record.requestId, cancelUrl: cancelUrlOf({ requestId: record.requestId, cancelUrl: record.cancelUrl }) }, tracker, facts)
  } catch (error) {
    await crashed(deps, record, tracker, facts, error)
  }
}

/** References exported and uploaded, the request composed: the plan to record, or undefined when the job ended. */
async function prepare(deps: JobDeps, request: JobRequest | ComposedJobRequest | PanelImageJobRequest, tracker: Tracker, facts: OutcomeFacts): Promise<JobPlan | undefined> {
  try {
    if ('composed' in request) {
      if (tracker.cancelAsked()) {
        tracker.end('cancelled', facts)
        return undefined
      }
      return planOf(deps, request, request.composed, facts, tracker, { target: request.target, ...(request.references && { references: request.references }) })
    }
    if ('compose' in request) return await preparePanelImage(deps, request, tracker, facts)
    const maxSide = REFERENCE_MAX_SIDE[request.settings.resolution]
    const { sources } = await uploadReferences(
      deps,
      request.references,
      maxSide,
      (step, index, total) =>
        tracker.move(step, { detail: `${step === 'exporting' ? 'Exporting' : 'Uploading'} reference ${index + 1} of ${total}` }),
      () => tracker.cancelAsked()
    )
    if (tracker.cancelAsked()) {
      tracker.end('cancelled', facts)
      return undefined
    }
    const composed = composeRequest({ references: sources, textLayers: request.textLayers, settings: request.settings })
    if (!composed.ok) {
      const first = composed.errors[0]
      throw new InputError(first ? `${first.message} ${first.fix}` : 'The request is not valid.')
    }
    // The names and roles, in the order the tokens were bound, so beats added later can say `@Mara`.
    const references = request.references.map(({ name, role }) => ({ name, role }))
    return planOf(deps, request, composed.request, facts, tracker, { references, ...(request.layout && { layout: request.layout }), ...(request.target && { target: request.target }) })
  } catch (error) {
    tracker.end('failed', { ...facts, failure: { kind: 'before-submit', detail: explain(error, deps) } })
    return undefined
  }
}

/** Uploads the panel's image, then builds the request around it; undefined when cancelled (the job has ended). */
async function preparePanelImage(deps: JobDeps, request: PanelImageJobRequest, tracker: Tracker, facts: OutcomeFacts): Promise<JobPlan | undefined> {
  const { sources } = await uploadReferences(
    deps,
    [request.image],
    request.maxSide,
    (step) => tracker.move(step, { detail: step === 'exporting' ? 'Exporting the panel image' : 'Uploading the panel image' }),
    () => tracker.cancelAsked()
  )
  const url = sources[0]?.url
  if (tracker.cancelAsked() || url === undefined) {
    tracker.end('cancelled', facts)
    return undefined
  }
  const composed = request.compose(url)
  if (!composed.ok) throw new InputError(composed.message)
  return planOf(deps, request, composed.request, facts, tracker, { target: request.target })
}

function planOf(
  deps: JobDeps,
  request: { jobId: string; title: string },
  composed: ComposedRequest,
  facts: OutcomeFacts,
  tracker: Tracker,
  extra: { target?: JobTarget; references?: PlanReference[]; layout?: JobLayout }
): JobPlan {
  const { panels, costUsd, nominalSize } = composed
  const createdAt = deps.now().toISOString()
  Object.assign(facts, { costUsd, panels: panels.length, createdAt })
  tracker.report({ costUsd })
  return {
    ...requestOf(composed),
    jobId: request.jobId,
    panels,
    nominalSize,
    costUsd,
    title: request.title,
    createdAt,
    ...(extra.references && { references: extra.references }),
    ...(extra.target && { target: extra.target }),
    ...(extra.layout && { layout: extra.layout })
  }
}

/**
 * Submits the job under its id. The proxy remembers accepted submits by job id, so sending the same job
 * again (a lost answer retried by the client, or a reopened plugin finishing a job closed mid-submit)
 * returns the first request instead of paying for a second one. Undefined when the job ended here.
 */
async function submit(deps: JobDeps, job: JobPlan & JobRef, tracker: Tracker, facts: OutcomeFacts): Promise<SubmittedJob | undefined> {
  tracker.apply({ type: 'sent' })
  let answer: { request_id: string; cancel_url?: string }
  try {
    answer = await deps.fal.queue.submit(job.endpoint, {
      // Checked against the catalog's schema for this endpoint by the composer.
      input: job.input as EndpointInput<typeof job.endpoint>,
      headers: { 'x-keyframe-job': job.jobId }
    })
  } catch (error) {
    const body = error instanceof ApiError && typeof error.body === 'object' && error.body !== null ? (error.body as Record<string, unknown>) : undefined
    const code = typeof body?.code === 'string' ? body.code : undefined
    const charge = CHARGE_MARKS.find((mark) => mark === body?.[CHARGE_FIELD])
    tracker.apply({ type: 'submit-refused', refusal: { status: error instanceof ApiError ? error.status : undefined, code, charge } })
    const failure = describe(error, deps)
    const outcome = tracker.end('failed', {
      ...facts,
      failure: { kind: 'submit', detail: failure.message, advice: failure.advice, budget: failure.kind === 'budget' }
    })
    // A settled answer ends the job, including the proxy's "in doubt" (it never sends that job again, so
    // asking again on every open would repeat the same refusal forever). No answer, or one that says
    // nothing about money, keeps it in the file: the next open resends the same job id, and the proxy
    // answers what became of the first send.
    const refusal = tracker.life.submitRefusal
    if (refusal && refusedForAnEarlierSend(refusal)) await endNotResent(deps, job, outcome)
    else if (refusal && refusalSettles(refusal)) await endJob(deps, job, 'failed', outcome)
    return undefined
  }
  const requestId = answer.request_id
  const cancelUrl = cancelUrlOf({ requestId, cancelUrl: answer.cancel_url })
  tracker.apply({ type: 'accepted', requestId }, { detail: '' })
  const submitted: SubmittedJob = { ...job, requestId, cancelUrl, filled: [] }
  try {
    await deps.main.recordSubmitted({ jobId: job.jobId, sectionId: job.sectionId, requestId, cancelUrl })
  } catch {
    // fal has the request (and will bill it) even though its section could not take the id, e.g. because
    // the designer deleted it: make a new one that records it, or try again when placing.
    await ensureSection(deps, submitted, facts)
  }
  return submitted
}

/** Follows a submitted job to its ending. */
async function follow(deps: JobDeps, job: SubmittedJob, tracker: Tracker, facts: OutcomeFacts): Promise<void> {
  let recordingCancel: Promise<void> = Promise.resolve()
  // Once a cancel was asked, the card's line says what became of it; progress goes on in the log only.
  const line = (detail: string) => (tracker.life.cancelAsked || tracker.life.cancelAnswer !== undefined ? {} : { detail })
  const outcome = await waitForResult(
    deps,
    job,
    {
      queued: (position) => tracker.observe('queued', line(position === undefined || position <= 0 ? 'next up' : `${position} ahead`)),
      generating: (logs) => tracker.observe('generating', { ...line(''), logs }),
      cancelAnswered: (answer) => {
        // A cancel that did not reach fal: the card's button says Cancel again, and the next press resends it.
        tracker.apply({ type: 'cancel-answered', answer }, { detail: cancelDetail(answer), ...(answer === 'unanswered' && { cancelSent: false }) })
        if (answer !== 'unanswered') recordingCancel = recordCancel(deps, job, answer)
      },
      completed: () => tracker.move('downloading', { detail: 'Fetching the result' })
    },
    () => tracker.cancelAsked()
  )
  await recordingCancel
  switch (outcome.kind) {
    case 'cancelled':
      return void (await endJob(deps, job, 'cancelled', tracker.end('cancelled', facts)))
    case 'model-error': {
      // fal ended it: nothing will come, so the job ends here rather than being picked up on every open.
      await markUnfilled(deps, job, modelErrorPanelMessage(outcome.message))
      return void (await endJob(deps, job, 'failed', tracker.end('failed', { ...facts, failure: { kind: 'model', detail: outcome.message } })))
    }
    case 'unknown-request':
      // Long after the submit the proxy has forgotten the request's owner (8 days), and fal its result (an
      // hour after it completed) well before: paid, and nothing left to fetch. Asking again would loop.
      if (resultSurelyGone(job.createdAt, deps.now())) return expire(deps, job, tracker, facts)
      // Recent: kept, as the proxy's record may come back (a restored DATA_DIR, the right instance).
      return void (await keepJob(deps, tracker.end('failed', { ...facts, failure: { kind: 'unknown-request' } })))
    case 'failed':
      // The request id is saved in the document: a reopened plugin asks fal again, so nothing paid is lost.
      return void (await keepJob(deps, tracker.end('failed', { ...facts, failure: { kind: 'follow', detail: explain(outcome.error, deps) } })))
    case 'expired':
      return expire(deps, job, tracker, facts)
    case 'completed':
      return place(deps, job, outcome.data, tracker, facts)
  }
}

/** Ends a paid job whose result is gone: its empty panels say so, and its record keeps the request id. */
async function expire(deps: JobDeps, job: SubmittedJob, tracker: Tracker, facts: OutcomeFacts): Promise<void> {
  await markUnfilled(deps, job, expiredPanelMessage({ ...facts, mode: deps.mode?.() }))
  await endJob(deps, job, 'expired', tracker.end('expired', facts))
}

/** Says in each panel still empty why no image will come. */
async function markUnfilled(deps: JobDeps, job: SubmittedJob, message: string): Promise<void> {
  for (const panel of job.panels) {
    if (!job.filled.includes(panel.number)) await markPanel(deps, { jobId: job.jobId, sectionId: job.sectionId, number: panel.number, message })
  }
}

/**
 * Keeps fal's answer to a cancel in the job's record, so a plugin reopened before the job ended knows
 * it (an `OK` means fal removed it from the queue and bills nothing). Never throws: the job's own
 * ending does not wait on it.
 */
async function recordCancel(deps: JobDeps, job: SubmittedJob, answer: CancelAnswer): Promise<void> {
  try {
    await deps.main.recordCancel({ jobId: job.jobId, sectionId: job.sectionId, answer })
  } catch {
    // The section may be gone; the job's ending still says what fal answered.
  }
}

/** Places a completed request's images, in a new section if the designer deleted the job's own. */
async function place(deps: JobDeps, job: SubmittedJob, data: unknown, tracker: Tracker, facts: OutcomeFacts): Promise<void> {
  tracker.move('placing', { detail: `Placed 0 of ${job.panels.length}` })
  const onPlaced = (placed: number, total: number) => tracker.apply({ type: 'placed', count: placed }, { detail: `Placed ${placed} of ${total}` })
  const first = await ensureSection(deps, job, facts)
  let summary = await placeResults(deps, job, data, onPlaced)
  if (summary.unplaced > 0 && first !== 'remade') {
    // Deleted while its images were going in: once more, into a section made for them.
    if ((await ensureSection(deps, job, facts)) === 'remade') summary = await placeResults(deps, job, data, onPlaced)
  }
  tracker.apply({ type: 'placed', count: summary.placed })
  const shortFacts = { ...facts, returned: summary.returned, missing: summary.missing }
  if (!summary.readable) {
    return void (await endJob(deps, job, 'failed', tracker.end('failed', { ...shortFacts, failure: { kind: 'unreadable' } })))
  }
  if (summary.unplaced > 0) return void (await keepJob(deps, tracker.end('failed', { ...shortFacts, failure: { kind: 'unplaced', count: summary.unplaced } })))
  await endJob(deps, job, 'done', withNotes(tracker, tracker.end('done', shortFacts), summary.notes))
}

/** The job's sentence with what placing added (a layout it could not compose into), shown in its card. */
function withNotes(tracker: Tracker, outcome: Outcome, notes: readonly string[]): Outcome {
  if (notes.length === 0) return outcome
  const message = [outcome.message, ...new Set(notes)].join(' ')
  tracker.report({ message })
  return { ...outcome, message }
}

/**
 * Points the job at the section that holds it now: its own, or a new one when the designer deleted it
 * (then nothing in it is filled yet). `unavailable` when neither can be had.
 */
async function ensureSection(deps: JobDeps, job: SubmittedJob, facts: OutcomeFacts): Promise<'kept' | 'remade' | 'unavailable'> {
  try {
    const { sectionId, remade } = await deps.main.ensureJobSection({
      ...requestOf(job),
      jobId: job.jobId,
      sectionId: job.sectionId,
      panels: job.panels as Panel[],
      nominalSize: job.nominalSize,
      costUsd: job.costUsd,
      title: job.title,
      createdAt: job.createdAt,
      requestId: job.requestId,
      cancelUrl: job.cancelUrl,
      ...(job.target && { target: job.target }),
      ...(job.layout && { layout: job.layout })
    })
    job.sectionId = sectionId
    if (!remade) return 'kept'
    facts.sectionRemade = true
    job.filled = []
    return 'remade'
  } catch {
    return 'unavailable'
  }
}

/** A fault no path above expected. The job ends failed, and says what is known about its money. */
async function crashed(deps: JobDeps, job: (JobPlan & JobRef) | undefined, tracker: Tracker, facts: OutcomeFacts, error: unknown): Promise<void> {
  if (isEnding(tracker.life.phase)) return
  const outcome = tracker.end('failed', { ...facts, failure: { kind: 'unexpected', detail: errorMessage(error) } })
  // Nothing reached fal: the section it left has nothing coming.
  if (job && nothingCharged(tracker.life)) await endJob(deps, job, 'failed', outcome)
}

/**
 * Ends a job that was not sent again because an earlier send of it may have been charged: its panels say
 * so, and its section stays, since its record is what an admin traces that send by.
 */
async function endNotResent(deps: JobDeps, job: JobPlan & JobRef, outcome: Outcome): Promise<void> {
  for (const panel of job.panels) await markPanel(deps, { jobId: job.jobId, sectionId: job.sectionId, number: panel.number, message: NOT_RESENT_PANEL_MESSAGE })
  await endJob(deps, job, 'failed', outcome, true)
}

async function endJob(deps: JobDeps, job: JobRef, state: JobOutcome['state'], { message, toast }: Outcome, keepSection = false): Promise<void> {
  try {
    await deps.main.finishJob({ jobId: job.jobId, sectionId: job.sectionId, state, message, toast, ...(keepSection && { keepSection }) })
  } catch {
    // The section may have been deleted by the designer; the panel still shows the outcome.
  }
}

/**
 * A paid job that stays in the file for the next open (its record is not ended): the designer is still
 * told, as every other ending tells them, with its toast.
 */
async function keepJob(deps: JobDeps, { toast }: Outcome): Promise<void> {
  // One of a run: the run's summary says it.
  if (toast === '') return
  try {
    await deps.main.notify({ message: toast, error: true })
  } catch {
    // Only a notification: the panel shows the outcome.
  }
}

function describe(error: unknown, deps: JobDeps): Failure {
  if (error instanceof InputError) return { kind: 'invalid', message: error.message }
  return describeFailure(error, deps.proxyUrl)
}

function explain(error: unknown, deps: JobDeps): string {
  return describe(error, deps).message
}
