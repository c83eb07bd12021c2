// Jobs live in the document: the full record on the generation's section, and an index of unfinished
// jobs on the document root, so a plugin opened later (by anyone with the file) can finish them.
import type { JobRecord } from '../messages'

export const JOB_KEY = 'keyframe.job'
export const PENDING_INDEX_KEY = 'keyframe.pendingJobs'

interface PendingEntry {
  jobId: string
  sectionId: string
}

function readIndex(): PendingEntry[] {
  const raw = figma.root.getPluginData(PENDING_INDEX_KEY)
  if (raw === '') return []
  try {
    const parsed: unknown = JSON.parse(raw)
    return Array.isArray(parsed) ? (parsed as PendingEntry[]) : []
  } catch {
    return []
  }
}

function writeIndex(entries: PendingEntry[]): void {
  figma.root.setPluginData(PENDING_INDEX_KEY, JSON.stringify(entries))
}

export function saveJob(section: BaseNode, job: JobRecord): void {
  section.setPluginData(JOB_KEY, JSON.stringify(job))
  // The index changes only when a job starts or ends, not on every panel it fills.
  const index = readIndex()
  const unfinished = job.state === 'submitting' || job.state === 'submitted'
  if (index.some((e) => e.jobId === job.jobId) === unfinished) return
  writeIndex(unfinished ? [...index, { jobId: job.jobId, sectionId: section.id }] : index.filter((e) => e.jobId !== job.jobId))
}

export function readJob(section: BaseNode): JobRecord | undefined {
  const raw = section.getPluginData(JOB_KEY)
  if (raw === '') return undefined
  return JSON.parse(raw) as JobRecord
}

export async function findJobSection(jobId: string): Promise<{ section: SectionNode; job: JobRecord }> {
  const entry = readIndex().find((e) => e.jobId === jobId)
  const node = entry ? await figma.getNodeByIdAsync(entry.sectionId) : null
  const job = node ? readJob(node) : undefined
  if (!node || node.type !== 'SECTION' || !job) {
    throw new Error('The section for this generation was deleted, so its images have nowhere to go.')
  }
  return { section: node, job }
}

/** Unfinished jobs whose section still exists; entries for deleted sections are dropped. */
export async function pendingJobs(): Promise<JobRecord[]> {
  const jobs: JobRecord[] = []
  const kept: PendingEntry[] = []
  for (const entry of readIndex()) {
    const node = await figma.getNodeByIdAsync(entry.sectionId)
    const job = node ? readJob(node) : undefined
    if (job && (job.state === 'submitting' || job.state === 'submitted')) {
      jobs.push(job)
      kept.push(entry)
    }
  }
  writeIndex(kept)
  return jobs
}
