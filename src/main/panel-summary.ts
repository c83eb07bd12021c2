// What the panel and storyboard cards show about Keyframe's own nodes, read from their plugin data.
import { isKlingEndpoint } from '../kling/labels'
import { requestOf } from '../kling/request-of'
import { storedShot } from '../kling/shots'
import type { PanelSummary, PlanReference, StoryboardSummary } from '../messages'
import { lastPanelNumber, storyboardBasis } from './append'
import { isUnfinished, readJob } from './jobs'
import { isPanel, JOB_HISTORY_KEY, panelNumber, PROVENANCE_KEY } from './keyframe-nodes'
import { lookOf } from './looks-sheet'
import { type Provenance, provenanceProblem } from './provenance'
import { readPanelVersions, removedCostUsd } from './panel-versions'
import { parseHistory } from './stored-history'
import { totalCostUsd } from './version-list'

export function summarisePanel(panel: FrameNode): PanelSummary {
  const number = panelNumber(panel) ?? 0
  const caption = panel.children.find((c): c is TextNode => c.type === 'TEXT' && c.name === 'Caption')?.characters
  const { versions, shown: index } = readPanelVersions(panel)
  // The shown version's provenance; PROVENANCE_KEY alone for a panel whose image paint was lost.
  const provenance = versions[index]?.provenance ?? (versions.length === 0 ? readProvenance(panel) : undefined)
  // A damaged record is said so (the selection lists the panel as ignored), never half-read.
  if (provenance === undefined && versions.length === 0 && panel.getPluginData(PROVENANCE_KEY) !== '') {
    throw new Error('the record of its image cannot be read')
  }
  const problem = provenance && provenanceProblem(provenance)
  if (problem) throw new Error(`the record of its image ${problem}`)
  const shown =
    provenance && isKlingEndpoint(provenance.endpoint)
      ? {
          ...requestOf(provenance),
          requestId: provenance.requestId,
          prompt: String(provenance.input.prompt ?? ''),
          costUsd: provenance.costUsd,
          index: provenance.index,
          ...withShot(storedShot(provenance.shot))
        }
      : undefined
  const parent = panel.parent
  const job = readJob(panel)
  return {
    id: panel.id,
    name: panel.name,
    ...(parent?.type === 'SECTION' && { sectionId: parent.id }),
    number,
    ...(caption !== undefined && { caption }),
    ...(shown && { shown }),
    ...namesForShown(referenceNamesOf(parent), provenance, panel.name),
    // Everything paid for this panel, removed versions included.
    costUsd: (versions.length > 0 ? totalCostUsd(versions) : (shown?.costUsd ?? 0)) + removedCostUsd(panel),
    versions: { count: versions.length, current: index + 1 },
    ...(job !== undefined && job.sectionId === panel.id && isUnfinished(job) && { running: true }),
    ...finalOf(provenance),
    ...withLook(lookOf(panel))
  }
}

function withLook(look: ReturnType<typeof lookOf>): Pick<PanelSummary, 'lookOf'> {
  return look ? { lookOf: look } : {}
}

/**
 * A final version's (or a used look's) request put the panel's own image first (`@Image1`), before the storyboard's images: its
 * names say so, so Edit prompt and Regenerate name each image as that request bound it.
 */
function namesForShown(names: { referenceNames?: PlanReference[] }, provenance: Provenance | undefined, panelName: string): { referenceNames?: PlanReference[] } {
  // A look used on its panel was made the same way (Looks: the panel's image first).
  if ((provenance?.final !== true && provenance?.look === undefined) || names.referenceNames === undefined) return names
  return { referenceNames: [{ name: `${panelName} image`, role: 'image' }, ...names.referenceNames] }
}

/** The shown version's Finalize mark, as the card shows it ("final · 2K", Download full size). */
function finalOf(provenance: Provenance | undefined): Pick<PanelSummary, 'final'> {
  if (provenance?.final !== true || !isKlingEndpoint(provenance.endpoint)) return {}
  const resolution = (provenance.input as { resolution?: unknown }).resolution
  const size = provenance.fullSize
  const fullSize = size && Number.isFinite(size.width) && Number.isFinite(size.height) ? { width: size.width, height: size.height } : undefined
  return {
    final: {
      resolution: resolution === '2K' || resolution === '4K' || resolution === '1K' ? resolution : '1K',
      imageUrl: typeof provenance.imageUrl === 'string' ? provenance.imageUrl : '',
      ...(fullSize && { fullSize })
    }
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

/** The reference names the storyboard's first request bound (later ones reuse its references). */
export function referenceNamesOf(parent: BaseNode | null): { referenceNames?: PlanReference[] } {
  if (parent?.type !== 'SECTION') return {}
  // A damaged history offers no names (the section, selected, says what is wrong with it).
  const history = parseHistory(parent.getPluginData(JOB_HISTORY_KEY))
  if (!history.ok) return {}
  const first = history.history[0] ?? readJob(parent)
  const names = first !== undefined && 'references' in first ? first.references : undefined
  if (!Array.isArray(names)) return {}
  const valid = names.filter((r): r is PlanReference => typeof r?.name === 'string' && (r.role === 'image' || r.role === 'element'))
  return valid.length === names.length && valid.length > 0 ? { referenceNames: valid } : {}
}

const withShot = (shot: ReturnType<typeof storedShot>) => (shot === undefined ? {} : { shot })
