// The finished jobs of this page, read back from the sections and panels that hold their records, so a
// reopened plugin still lists them; and "show" for one of them: select what holds it and bring it into view.
// Only the current page is read: under dynamic-page another page must be loaded first (plugin-typings
// plugin-api.d.ts line 7163), which is not worth its cost for a list of past jobs.
import type { PastJob } from '../messages'
import { isUnfinished, JOB_KEY, readJob } from './jobs'

/** At most this many are listed: the panel keeps a few finished jobs, not the file's whole history. */
export const PAST_JOBS_LIMIT = 10

/** The page's finished jobs, newest first (by when they were started), at most `limit`. */
export function pastJobs(limit = PAST_JOBS_LIMIT): PastJob[] {
  const found: PastJob[] = []
  // findAllWithCriteria (plugin-api.d.ts line 7260) matches the key without reading every node's data here.
  for (const holder of figma.currentPage.findAllWithCriteria({ types: ['SECTION', 'FRAME'], pluginData: { keys: [JOB_KEY] } })) {
    const job = readJob(holder)
    // A node the designer duplicated carries a copy of the record; only the original's counts.
    if (!job || job.sectionId !== holder.id || isUnfinished(job)) continue
    found.push({ jobId: job.jobId, sectionId: holder.id, title: job.title, state: job.state as PastJob['state'], costUsd: job.costUsd, createdAt: job.createdAt, placed: job.filled.length })
  }
  // ISO timestamps sort as strings; an unreadable one sorts last.
  return found.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)).slice(0, Math.max(0, limit))
}

/** Selects the section (or panel) holding a job's record and scrolls the canvas to it. */
export async function showJob(ref: { jobId: string; sectionId: string }): Promise<void> {
  const node = await figma.getNodeByIdAsync(ref.sectionId)
  if (!node || (node.type !== 'SECTION' && node.type !== 'FRAME')) {
    throw new Error('What this job made was deleted from the file, so there is nothing to show.')
  }
  if (readJob(node)?.jobId !== ref.jobId) {
    throw new Error(`"${node.name}" no longer holds this job's record, so Keyframe did not select it.`)
  }
  let page: BaseNode | null = node.parent
  while (page && page.type !== 'PAGE') page = page.parent
  if (page !== figma.currentPage) {
    throw new Error(`"${node.name}" is on another page. Go to that page to see it.`)
  }
  figma.currentPage.selection = [node]
  figma.viewport.scrollAndZoomIntoView([node])
}
