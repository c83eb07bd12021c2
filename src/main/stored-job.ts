// A job record read back from plugin data (anyone can edit it; older versions wrote other shapes), checked
// for the fields Keyframe follows a job by before it is trusted: its id, holder and state always, its
// request and panels where present. The request need not pass today's schema: a paid job is still
// followed to its images when its settings are ones a later catalog no longer offers.
import * as z from 'zod/mini'

import type { JobLayout, JobState } from '../messages'
import type { StoredJob } from './jobs'
import { issueField, parseJson } from '../stored-json'

export const JOB_STATES = ['submitting', 'submitted', 'done', 'cancelled', 'failed', 'expired'] as const satisfies readonly JobState[]

export const storedJobShape = z.looseObject({
  jobId: z.string().check(z.minLength(1)),
  sectionId: z.string().check(z.minLength(1)),
  state: z.enum(JOB_STATES),
  // Records from older versions may lack these; where present they must have the right shape.
  endpoint: z.optional(z.string()),
  input: z.optional(z.record(z.string(), z.unknown())),
  panels: z.optional(z.array(z.looseObject({ number: z.number() })))
})

export type JobRead = { ok: true; job: StoredJob } | { ok: false; problem: string }

/** The record in `raw`, or what is wrong with it in words that fit after "its job record ". */
export function parseStoredJob(raw: string): JobRead {
  const parsed = parseJson(raw)
  if (!parsed.ok) return { ok: false, problem: 'is not JSON' }
  const value = parsed.value
  const checked = storedJobShape.safeParse(value)
  if (checked.success) {
    // The fields Keyframe reads are checked above; the rest of the record is kept as it was written.
    return { ok: true, job: value as StoredJob }
  }
  const issue = checked.error.issues[0]
  const where = issueField(issue) ?? 'the record'
  return { ok: false, problem: `has a bad ${where} (${issue?.message ?? 'unreadable'})` }
}

/**
 * The layout a job record names, read separately from the record: a damaged one must not make the paid job
 * unreadable, and must not be followed to whatever frame a bad id names. `problem` says what is wrong with
 * it; neither field when the job has no layout.
 */
export const storedJobLayoutShape = z.looseObject({ id: z.string().check(z.minLength(1)), name: z.string() })

export function readJobLayout(job: { layout?: unknown }): { layout?: JobLayout; problem?: string } {
  if (job.layout === undefined) return {}
  const checked = storedJobLayoutShape.safeParse(job.layout)
  if (checked.success) return { layout: { id: checked.data.id, name: checked.data.name } }
  const issue = checked.error.issues[0]
  const where = issueField(issue)
  return { problem: where === undefined ? 'it is not a layout' : `its ${where} is missing or wrong` }
}

/**
 * A panel's caption as a plan read back from plugin data holds it (a section remade for a paid job): text, or
 * nothing. Anything else is named in `problem` (words that fit after "its caption ") and never written to the
 * canvas: a text layer takes only text, and one bad caption must not stop the others' panels being placed.
 */
const storedCaptionShape = z.optional(z.string())

export function readPanelCaption(panel: { caption?: unknown }): { caption?: string; problem?: string } {
  const checked = storedCaptionShape.safeParse(panel.caption)
  if (!checked.success) return { problem: `is ${kindOf(panel.caption)}, not text` }
  return checked.data === undefined ? {} : { caption: checked.data }
}

function kindOf(value: unknown): string {
  if (value === null) return 'empty (null)'
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}
