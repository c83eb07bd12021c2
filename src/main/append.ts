// Adding beats to a storyboard: the new panels go at the end of the section, numbered on from its last,
// and the job's record is kept on the section. The record it replaces moves into a bounded history (the
// section's first record always kept whole: it is what later beats reuse), so nothing paid is forgotten.
import type { JobPlan, JobRecord, StoryboardBasis } from '../messages'
import { isUnfinished, readJob, saveJob, type StoredJob } from './jobs'
import { isStoryboard, JOB_HISTORY_KEY, panelNumber } from './keyframe-nodes'
import { panelRange } from '../kling/labels'
import { formatUsd } from '../kling/pricing'
import { requestOf } from '../kling/request-of'
import { reusedReferences, styleOf } from '../kling/storyboard-basis'
import { addPanels, keepClear, layoutSection, loadPanelFonts } from './storyboard'
import { boundsOf } from './selection'
import { boundHistory, type HistoryEntry, historyBytes, isWholeJob } from './job-history'
import { parseHistory } from './stored-history'
import { errorMessage } from '../error-message'

/**
 * The section's earlier records, oldest first. A damaged history throws, in words that fit after "its
 * Keyframe record is damaged: " (the selection lists the section as ignored), and is left as it is.
 */
export function readHistory(section: SectionNode): HistoryEntry[] {
  const read = parseHistory(section.getPluginData(JOB_HISTORY_KEY))
  if (!read.ok) throw new Error(`its job history ${read.problem} (restore it from the file's version history)`)
  return read.history
}

function saveHistory(section: SectionNode, history: readonly HistoryEntry[]): void {
  const kept = boundHistory(history, historyBytes(JOB_HISTORY_KEY))
  section.setPluginData(JOB_HISTORY_KEY, kept.length === 0 ? '' : JSON.stringify(kept))
}

export function lastPanelNumber(section: SectionNode): number {
  return Math.max(0, ...section.children.map((c) => panelNumber(c) ?? 0))
}

/** What beats added to this section reuse: its first generation, if that was a series. */
export function storyboardBasis(section: SectionNode): StoryboardBasis | undefined {
  const oldest = readHistory(section)[0]
  const first = oldest === undefined ? readJob(section) : isWholeJob(oldest) ? oldest : undefined
  // A record Keyframe cannot read (damaged, or from another version) offers nothing to reuse.
  if (typeof first?.input !== 'object' || first.input === null || !('result_type' in first.input) || first.input.result_type !== 'series') return undefined
  return {
    ...requestOf(first),
    references: reusedReferences(first.input, first.references),
    style: styleOf(String(first.input.prompt ?? ''))
  }
}

/**
 * The section beats are appended to, checked: a storyboard, not generating, numbered below the new panels.
 * Synchronous on purpose: the check and the write that follows it must have no await between them.
 */
function checkAppendTarget(node: BaseNode | null, plan: JobPlan): SectionNode {
  if (!node || !isStoryboard(node)) {
    throw new Error('The storyboard to add beats to was deleted. Select a storyboard section and the new beats again.')
  }
  const job = readJob(node)
  if (job && job.sectionId === node.id && isUnfinished(job)) {
    if (job.target?.kind === 'append') {
      throw new Error(`"${node.name}" is already adding ${panelRange(job.panels.map((p) => p.number))}. Add more beats when that has finished.`)
    }
    throw new Error(`"${node.name}" is still generating. Add beats to it when it has finished.`)
  }
  // Read before anything is written: a damaged history refuses the append, so it is never written over.
  let basis: StoryboardBasis | undefined
  try {
    basis = storyboardBasis(node)
  } catch (error) {
    throw new Error(`"${node.name}" was left as it is and takes no beats: ${errorMessage(error)}.`)
  }
  if (!basis) {
    throw new Error(`"${node.name}" is not a storyboard (a series), so beats cannot be added to it. Select a storyboard section.`)
  }
  const last = lastPanelNumber(node)
  const first = Math.min(...plan.panels.map((p) => p.number))
  if (first <= last) {
    throw new Error(`"${node.name}" now ends at panel ${last}, so panel ${first} would be a second one. Select it again and Generate.`)
  }
  return node
}

/**
 * Appends the plan's placeholder panels and makes its record the section's, the old one kept in history.
 * Everything awaited comes first; the checks and every write then run in one go, so two appends started
 * at once (a double click) cannot both pass the checks: the second finds the first's record and is
 * refused before its request is sent. A refused append changes nothing.
 */
export async function appendPanels(sectionId: string, plan: JobPlan, record: JobRecord): Promise<SectionNode> {
  const node = await figma.getNodeByIdAsync(sectionId)
  await loadPanelFonts()
  const section = checkAppendTarget(node, plan)
  const previous = readJob(section)
  if (previous && previous.sectionId === section.id) saveHistory(section, [...readHistory(section), previous])
  const before = boundsOf(section)
  addPanels(section, plan)
  noteAdded(section, plan)
  layoutSection(section, plan.nominalSize)
  // Grown, it may reach over what is below it: make room, never covering anything.
  keepClear(section, before)
  saveJob(section, record)
  figma.viewport.scrollAndZoomIntoView([section])
  return section
}

/**
 * Undoes an append that placed nothing and will place nothing (cancelled, or refused before fal had
 * it): its placeholders go and the section's earlier record comes back, as if it had never been asked.
 */
export function withdrawAppend(section: SectionNode, job: StoredJob): void {
  const numbers = new Set(job.panels.map((p) => p.number))
  for (const child of [...section.children]) {
    const n = panelNumber(child)
    if (n !== undefined && numbers.has(n)) child.remove()
  }
  // A damaged history is left as it is, and the withdrawn record stays the section's: nothing is lost.
  const read = parseHistory(section.getPluginData(JOB_HISTORY_KEY))
  const history = read.ok ? read.history : []
  const previous = history.at(-1)
  // The last entry is kept whole for this (job-history.ts); one trimmed to fit is not brought back.
  if (isWholeJob(previous)) {
    saveJob(section, previous)
    saveHistory(section, history.slice(0, -1))
  }
  layoutSection(section, job.nominalSize)
}

/** The section's summary line says which panels were added later, and what they cost. */
function noteAdded(section: SectionNode, plan: JobPlan): void {
  const summary = section.children.find((c): c is TextNode => c.type === 'TEXT' && c.name === 'Summary')
  if (!summary || summary.fontName === figma.mixed) return
  summary.characters = `${summary.characters}\nAdded ${panelRange(plan.panels.map((p) => p.number))} · ${formatUsd(plan.costUsd)}`
}
