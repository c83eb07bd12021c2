// What the panel and storyboard cards show about Keyframe's own nodes, read from their plugin data.
import { isKlingEndpoint } from '../kling/labels'
import type { PanelSummary, StoryboardSummary } from '../messages'
import { lastPanelNumber, storyboardBasis } from './append'
import { isUnfinished, readJob } from './jobs'
import { isPanel, panelNumber, PROVENANCE_KEY } from './keyframe-nodes'
import type { Provenance } from './provenance'

export function summarisePanel(panel: FrameNode): PanelSummary {
  const number = panelNumber(panel) ?? 0
  const caption = panel.children.find((c): c is TextNode => c.type === 'TEXT' && c.name === 'Caption')?.characters
  const provenance = readProvenance(panel)
  const shown =
    provenance && isKlingEndpoint(provenance.endpoint)
      ? { endpoint: provenance.endpoint, requestId: provenance.requestId, prompt: String(provenance.input.prompt ?? ''), costUsd: provenance.costUsd }
      : undefined
  const parent = panel.parent
  return {
    id: panel.id,
    ...(parent?.type === 'SECTION' && { sectionId: parent.id }),
    number,
    ...(caption !== undefined && { caption }),
    ...(shown && { shown }),
    costUsd: shown?.costUsd ?? 0,
    versions: shown ? { count: 1, current: 1 } : { count: 0, current: 0 }
  }
}

export function summariseStoryboard(section: SectionNode): StoryboardSummary {
  const job = readJob(section)
  const basis = storyboardBasis(section)
  return {
    id: section.id,
    name: section.name,
    panelCount: section.children.filter(isPanel).length,
    running: job !== undefined && job.sectionId === section.id && isUnfinished(job),
    lastNumber: lastPanelNumber(section),
    ...(basis && { basis })
  }
}

/** The provenance of the image a panel shows, or undefined when it has none or it cannot be read. */
export function readProvenance(panel: FrameNode): Provenance | undefined {
  const raw = panel.getPluginData(PROVENANCE_KEY)
  if (raw === '') return undefined
  try {
    const value = JSON.parse(raw) as Provenance
    return typeof value === 'object' && value !== null && typeof value.endpoint === 'string' ? value : undefined
  } catch {
    return undefined
  }
}
