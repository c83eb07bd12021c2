// The job calls the UI makes into the main thread: record a job before it is submitted, note its request
// id, fill or fail its panels, end it, and list the unfinished ones when the plugin opens. Every call names
// the job's section, which is checked to hold that job's record and to have been started by this user:
// another person's job in the same file is never changed from here.
import type { JobOwner, JobPlan, JobRecord, JobRef, UnfinishedJobs } from '../messages'
import type { MainApiImplementation } from '../rpc'
import { currentOwner, isSameOwner } from './job-owner'
import { type JobHolder, type JobOnCanvas, jobSection, markFilled, readJob, saveJob, saveJobFolded, type StoredJob, unfinishedJobs } from './jobs'
import { requestOf } from '../kling/request-of'
import { fitToast } from '../toast'
import { errorMessage } from '../error-message'
import { buildProvenance } from './provenance'
import { appendPanels, withdrawAppend } from './append'
import { createStoryboard, failPanel, fillPanel } from './storyboard'
import { panelNumber } from './keyframe-nodes'
import { lookOf } from './looks-sheet'
import { fillVersion, startVersionsJob } from './version-jobs'
import { oneAtATime } from './one-at-a-time'
import { composeOnLayout } from './composed-layout'
import { readJobLayout } from './stored-job'
import { noteUnmade, withdrawUnmade } from './formats-section'

type JobApi = Pick<MainApiImplementation, 'startJob' | 'recordSubmitted' | 'recordCancel' | 'ensureJobSection' | 'fillPanel' | 'failPanel' | 'finishJob' | 'pendingJobs'>

/** Written into a section made again for a job whose first section was deleted. */
export const REMADE_NOTE = 'The first section for this generation was deleted while Kling was working. Its images are paid for, so they were placed here.'

/** Written into a section made for a regenerate whose panel was deleted while Kling was working. */
export const REMADE_PANEL_NOTE = 'The panel these images were made for was deleted while Kling was working. Its images are paid for, so they were placed here.'

export function jobApi(): JobApi {
  // Panels arrive without waiting for each other's answers (src/ui/jobs/place-results.ts): placed in turn.
  const inTurn = oneAtATime()
  return {
    startJob: async (plan) => {
      // Asked first, so a plugin that cannot say who is running it leaves no section behind.
      const startedBy = await currentOwner()
      if (plan.target?.kind === 'versions') return { sectionId: await startVersionsJob({ ...plan, target: plan.target }, startedBy) }
      if (plan.target?.kind === 'append') {
        // Checked and written with no await between: a refused append leaves the section as it was.
        const record = { ...plan, state: 'submitting' as const, sectionId: plan.target.sectionId, filled: [], startedBy }
        return { sectionId: (await appendPanels(plan.target.sectionId, plan, record)).id }
      }
      const section = await createStoryboard(plan)
      saveJob(section, { ...plan, state: 'submitting', sectionId: section.id, filled: [], startedBy })
      return { sectionId: section.id }
    },
    recordSubmitted: async ({ requestId, cancelUrl, ...ref }) => {
      const { section, job } = await ownJob(ref)
      saveJob(section, { ...job, state: 'submitted', requestId, ...(cancelUrl !== undefined && { cancelUrl }) })
    },
    recordCancel: async ({ answer, ...ref }) => {
      const { section, job } = await ownJob(ref)
      // fal's first answer is the one that counts: a later cancel of a request fal has since forgotten
      // would answer NOT_FOUND, and must not turn a recorded OK (not billed) into "expired, paid".
      if (job.cancelAnswer === undefined) saveJob(section, { ...job, cancelAnswer: answer })
    },
    ensureJobSection: async (job) => {
      const node = await figma.getNodeByIdAsync(job.sectionId)
      const held = node?.type === 'SECTION' || node?.type === 'FRAME' ? readJob(node) : undefined
      if (node && held?.jobId === job.jobId) {
        await ownJob(job)
        return { sectionId: job.sectionId, remade: false }
      }
      // Only the plan's own fields: the caller's object may carry more.
      const { jobId, panels, nominalSize, costUsd, title, createdAt, requestId, cancelUrl, layout } = job
      const plan: JobPlan = { ...requestOf(job), jobId, panels, nominalSize, costUsd, title, createdAt, ...(layout && { layout }) }
      const startedBy = await currentOwner()
      // A versions job whose panel was deleted: its paid images land as panels of a section of their own.
      const section = await createStoryboard(plan, node === null && job.target?.kind === 'versions' ? REMADE_PANEL_NOTE : REMADE_NOTE)
      saveJob(section, { ...plan, state: 'submitted', requestId, ...(cancelUrl !== undefined && { cancelUrl }), sectionId: section.id, filled: [], startedBy })
      return { sectionId: section.id, remade: true }
    },
    fillPanel: (image) =>
      inTurn(async () => {
        const { section, job } = await ownJob(image)
        if (section.type === 'FRAME') return fillVersion(section, job, image)
        const provenance = buildProvenance(job, image, new Date())
        await fillPanel(section, image, JSON.stringify(provenance), job.nominalSize)
        // Its own small entry, not a rewrite of the whole record: filling n panels stays O(n).
        markFilled(section, job.jobId, image.number)
        // The image is placed and paid for; composing it is extra, so a problem with it is a note, never a failure.
        const { layout, problem } = readJobLayout(job)
        if (problem !== undefined) {
          return { note: `Image ${image.number} was not composed into a layout: this job's record of the layout is damaged (${problem}), so Keyframe did not guess which frame. The image is in the section.` }
        }
        if (layout === undefined) return
        try {
          const note = await composeOnLayout(layout, job, image.number, figma.createImage(image.bytes).hash, job.input.prompt)
          return note === undefined ? undefined : { note }
        } catch (error) {
          return { note: `Image ${image.number} could not be composed into "${layout.name}" (${errorMessage(error)}); it is in the section.` }
        }
      }),
    failPanel: ({ number, message, ...ref }) =>
      inTurn(async () => {
        const { section, job } = await ownJob(ref)
        // A panel being regenerated keeps the image it shows: the job's card and toast say what went wrong.
        // A look's panel waiting for its first image says so itself, as a new section's panel does.
        if (section.type === 'FRAME') {
          const sheet = section.parent
          const number = panelNumber(section)
          if (lookOf(section) && sheet?.type === 'SECTION' && number !== undefined) await failPanel(sheet, number, message, job.nominalSize)
          return
        }
        await failPanel(section, number, message, job.nominalSize)
      }),
    finishJob: async ({ state, message, toast, keepSection, ...ref }) => {
      const { section, job: running } = await ownJob(ref)
      // The finished record lists every panel it filled; the per-panel marks go.
      const job = saveJobFolded(section, { ...running, state })
      // A job that placed nothing and will place nothing leaves no empty section behind, unless the UI
      // keeps it as the trace of a send that may have been charged.
      const nothingComing = state === 'cancelled' || (state === 'failed' && job.requestId === undefined)
      if (nothingComing && job.filled.length === 0 && keepSection !== true) {
        // Beats added to a storyboard: only their placeholders go, and the section's earlier record returns.
        // A placed panel that held a versions job is the designer's: it stays, whatever became of the job
        // (a format's or look's panel still waiting for its first image is not: below).
        if (section.type === 'SECTION') {
          if (job.target?.kind === 'append') withdrawAppend(section, job)
          else section.remove()
        }
      }
      if (section.type === 'FRAME' && state !== 'done') {
        // A format's or look's panel that will get nothing goes, as a section would; else it says why it is empty.
        const withdrawn = nothingComing && job.filled.length === 0 && keepSection !== true && (await withdrawUnmade(section, job.nominalSize))
        if (!withdrawn) await noteUnmade(section, message)
      }
      // The card has the full message; the notification its short form, written to fit.
      if (toast !== '') figma.notify(fitToast(toast), { error: state === 'failed' })
    },
    pendingJobs: async () => sortByOwner(await unfinishedJobs(), await currentOwner())
  }
}

/** The job the UI names, refused when someone else started it. */
async function ownJob(ref: JobRef): Promise<{ section: JobHolder; job: JobRecord }> {
  const { section, job } = await jobSection(ref)
  const me = await currentOwner()
  const startedBy = ownerOf(job, me)
  if (!isSameOwner(startedBy, me)) {
    throw new Error(`${startedByText(startedBy)} started this generation, so only their Keyframe can change it.`)
  }
  return { section, job: { ...job, startedBy } }
}

/** Stands for the unknown starter of a record from before jobs named theirs. No person's id is empty. */
const UNKNOWN_OWNER: JobOwner = { id: '', name: '' }

/**
 * Who a record says started its job. A record from before jobs named their starter goes to whoever opens
 * it first only when it has a request id: following a request costs nothing, but sending one whose first
 * submit may have reached fal could pay for it twice, perhaps through another person's proxy. Without a
 * request id its starter stays unknown, and nobody's plugin touches it.
 */
function ownerOf(job: StoredJob, me: JobOwner): JobOwner {
  return job.startedBy ?? (job.requestId !== undefined ? me : UNKNOWN_OWNER)
}

/** This person's jobs to resume, everyone else's to show. A record taken over is written so, once. */
function sortByOwner(jobs: JobOnCanvas[], me: JobOwner): UnfinishedJobs {
  const mine: JobRecord[] = []
  const others: JobRecord[] = []
  for (const { section, job } of jobs) {
    const record = { ...job, startedBy: ownerOf(job, me) }
    if (job.startedBy === undefined && isSameOwner(record.startedBy, me)) saveJob(section, record)
    ;(isSameOwner(record.startedBy, me) ? mine : others).push(record)
  }
  return { mine, others }
}

function startedByText(owner: JobOwner): string {
  return owner.name === '' ? 'Someone else' : owner.name
}
