// Jobs live in the document, each record on its own generation's section (plugin data `keyframe.job`) and
// nowhere else. Two people running Keyframe on one file each write only the sections their own jobs
// made, so neither can overwrite the other's record. A plugin that opens finds unfinished jobs by looking
// for sections that carry the key. (Earlier versions also kept an index of unfinished jobs on the document
// root, read, changed and written back: when two people did that at once, the last write dropped the
// other's entry.)
import type { JobPlan, JobRef, JobRunState } from '../messages'
import { JOB_KEY } from './keyframe-nodes'
import { type JobRead, parseStoredJob } from './stored-job'

export { JOB_KEY }

/** The retired root index. Sections hold everything it pointed to, so it is only cleared when seen. */
const RETIRED_INDEX_KEY = 'keyframe.pendingJobs'

/** A record as stored: those written before jobs recorded who started them have no `startedBy`. */
export type StoredJob = JobPlan & JobRef & Omit<JobRunState, 'startedBy'> & Partial<Pick<JobRunState, 'startedBy'>>

/**
 * What holds a job's record: the section it made, or, for a job that adds versions to one panel
 * (`target.kind === 'versions'`), that panel's frame. `JobRef.sectionId` names the holder either way.
 */
export type JobHolder = SectionNode | FrameNode

export interface JobOnCanvas {
  section: JobHolder
  job: StoredJob
}

/** True for a job whose images become versions of one panel, its record kept on that panel. */
export function isVersionsJob(job: Pick<StoredJob, 'target'>): boolean {
  return job.target?.kind === 'versions'
}

export function saveJob(section: JobHolder, job: StoredJob): void {
  section.setPluginData(JOB_KEY, JSON.stringify(job))
}

// The last record parsed from each node, with the text it was parsed from. Every call the UI makes names
// its job and reads the record again (it may have been undone, or the section duplicated); parsing a
// 900-panel record on every fill made placing n panels O(n²). The text is still read each time, and
// a record that changed in any way is parsed afresh. Records handed out are shared: never mutate them.
const parsedRecords = new Map<string, { raw: string; read: JobRead }>()

/** The node's job record, or undefined when it has none or it cannot be read (`jobRecordProblem` says why). */
export function readJob(node: BaseNode): StoredJob | undefined {
  const read = readJobChecked(node)
  return read?.ok ? read.job : undefined
}

/** Why the node's job record cannot be read, or undefined when it can (or it has none). */
export function jobRecordProblem(node: BaseNode): string | undefined {
  const read = readJobChecked(node)
  return read?.ok === false ? read.problem : undefined
}

function readJobChecked(node: BaseNode): JobRead | undefined {
  const raw = node.getPluginData(JOB_KEY)
  if (raw === '') return undefined
  const cached = parsedRecords.get(node.id)
  if (cached?.raw === raw) return cached.read
  const read = parseStoredJob(raw)
  parsedRecords.set(node.id, { raw, read })
  return read
}

/** Says what is wrong with a damaged record, that it was left as it is, and what to do. */
function damagedRecord(what: string, problem: string): Error {
  return new Error(`${what} has a job record Keyframe cannot read: it ${problem}. Keyframe left it as it is; restore the section from the file's version history to follow this job.`)
}

// A filled panel is noted in an entry of its own on the job's section, so filling one writes a few bytes
// instead of the whole record (which holds every panel's caption, and grows with the job). The job's id is
// in the key: an append job's marks are told apart from the earlier job's on the same section. They are
// folded into the record, and removed, when the job finishes.
const FILLED_PREFIX = 'keyframe.filled.'

function filledPrefix(jobId: string): string {
  return `${FILLED_PREFIX}${jobId}.`
}

/** Notes that the job's panel `number` holds its image: O(1), whatever the job's size. */
export function markFilled(section: JobHolder, jobId: string, number: number): void {
  section.setPluginData(`${filledPrefix(jobId)}${number}`, '1')
}

/** The panels a job has filled: those its record lists, and those marked since it was written. */
export function filledPanels(section: JobHolder, job: Pick<StoredJob, 'jobId' | 'filled'>): number[] {
  const prefix = filledPrefix(job.jobId)
  const marked = section
    .getPluginDataKeys()
    .filter((key) => key.startsWith(prefix))
    .map((key) => Number(key.slice(prefix.length)))
    .filter((n) => Number.isInteger(n) && n > 0)
  // Records read back may be damaged or older: a missing list counts as none.
  const listed = Array.isArray(job.filled) ? job.filled : []
  return [...new Set([...listed, ...marked])].sort((a, b) => a - b)
}

/** Writes the record with every filled panel listed in it, then drops the per-panel marks it now holds. */
export function saveJobFolded(section: JobHolder, job: StoredJob): StoredJob {
  const folded = { ...job, filled: filledPanels(section, job) }
  saveJob(section, folded)
  const prefix = filledPrefix(job.jobId)
  for (const key of section.getPluginDataKeys()) if (key.startsWith(prefix)) section.setPluginData(key, '')
  return folded
}

export function isUnfinished(job: StoredJob): boolean {
  return job.state === 'submitting' || job.state === 'submitted'
}

/** The section the UI names for a job, checked to hold that job's record still. */
export async function jobSection(ref: JobRef): Promise<JobOnCanvas> {
  const node = await figma.getNodeByIdAsync(ref.sectionId)
  if (node?.type === 'FRAME') {
    const problem = jobRecordProblem(node)
    if (problem) throw damagedRecord(`The panel "${node.name}"`, problem)
    const job = readJob(node)
    if (!job || job.jobId !== ref.jobId || !isVersionsJob(job)) {
      throw new Error(`The panel "${node.name}" no longer holds this regenerate's record, so Keyframe did not change it.`)
    }
    return { section: node, job }
  }
  if (!node || node.type !== 'SECTION') {
    throw new Error('The section for this generation was deleted, so its images have nowhere to go.')
  }
  const problem = jobRecordProblem(node)
  if (problem) throw damagedRecord(`The section "${node.name}"`, problem)
  const job = readJob(node)
  if (!job || job.jobId !== ref.jobId) {
    throw new Error(`The section "${node.name}" no longer holds this generation's record, so Keyframe did not change it.`)
  }
  return { section: node, job }
}

/**
 * Every unfinished job in the file, those on the current page first. Under dynamic-page another page's
 * contents can be searched only once loaded (plugin-typings plugin-api.d.ts line 7163), so each is loaded
 * in turn. findAllWithCriteria (line 7260) matches the key without reading every node's data here.
 */
export async function unfinishedJobs(): Promise<JobOnCanvas[]> {
  const current = figma.currentPage
  const pages = [current, ...figma.root.children.filter((page) => page.id !== current.id)]
  const found: JobOnCanvas[] = []
  for (const page of pages) {
    if (page.id !== current.id) await page.loadAsync()
    // Sections hold their generations' records; panels, the records of their Regenerate and Variations.
    for (const holder of page.findAllWithCriteria({ types: ['SECTION', 'FRAME'], pluginData: { keys: [JOB_KEY] } })) {
      const job = readJob(holder)
      // A node the designer duplicated carries a copy of the record; only the original's counts.
      if (job && job.sectionId === holder.id && isUnfinished(job)) found.push({ section: holder, job: { ...job, filled: filledPanels(holder, job) } })
    }
  }
  if (figma.root.getPluginData(RETIRED_INDEX_KEY) !== '') figma.root.setPluginData(RETIRED_INDEX_KEY, '')
  return found
}
