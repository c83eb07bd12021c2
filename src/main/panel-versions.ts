// A panel's versions on the canvas. Its `Image` rectangle holds one IMAGE paint per version, exactly one
// visible: Figma keeps every image a paint references, hidden or not, so a paid image stays in the file
// until the designer removes its version. The list (with each version's provenance) is plugin data on the
// panel; PROVENANCE_KEY keeps the shown version's provenance for readers that know only that key.
import { imageLayer, PROVENANCE_KEY, REMOVED_COST_KEY, VERSIONS_KEY } from './keyframe-nodes'
import type { Provenance } from './provenance'
import { readProvenance } from './panel-summary'
import { neighbour, parseVersions, shownIndex, type Version, versionLabel, withoutShown } from './version-list'
import { versionFills } from './version-fills'
import { PLUGIN_DATA_LIMIT, utf8Length, versionBytes, versionsThatFit } from './version-room'
import type { JobPlan } from '../messages'
import { errorMessage } from '../error-message'

const FONT: FontName = { family: 'Inter', style: 'Medium' }
const BADGE = 'Version'

export interface PanelVersions {
  versions: Version[]
  /** 0-based; -1 when no listed image is visible. */
  shown: number
}

function imagePaints(rect: RectangleNode | undefined): ImagePaint[] {
  if (!rect || rect.fills === figma.mixed) return []
  return (rect.fills as readonly Paint[]).filter((p): p is ImagePaint => p.type === 'IMAGE')
}

/**
 * The panel's versions and which is shown. A damaged list throws, in words that fit after "its Keyframe
 * record is damaged: " (the selection lists the panel as ignored), and is left as it is.
 */
export function readPanelVersions(panel: FrameNode): PanelVersions {
  const paints = imagePaints(imageLayer(panel))
  const legacyHash = paints.find((p) => p.visible !== false)?.imageHash ?? undefined
  const stored = panel.getPluginData(VERSIONS_KEY)
  const read = parseVersions(stored, { imageHash: legacyHash, provenance: readProvenance(panel) })
  if (!read.ok) throw new Error(`its version list ${read.problem} (restore it from the file's version history)`)
  const versions = read.versions
  // A panel from before versions shows its one image, whatever became of its paint.
  if (stored === '') return { versions, shown: versions.length - 1 }
  // Only paints of listed images count: a texture or image the designer added says nothing of the version.
  const listed = new Set(versions.map((v) => v.imageHash))
  const own = paints.filter((p) => p.imageHash !== null && listed.has(p.imageHash))
  return { versions, shown: shownIndex(versions, own.map((p) => ({ imageHash: p.imageHash, visible: p.visible !== false }))) }
}

function panelName(panel: FrameNode): string {
  return `"${panel.name}"`
}

/** The versions, read before a change: a damaged list refuses the change, so it is never written over. */
function versionsToChange(panel: FrameNode): PanelVersions {
  try {
    return readPanelVersions(panel)
  } catch (error) {
    throw new Error(`${panelName(panel)} was left as it is: ${errorMessage(error)}.`)
  }
}

/**
 * Refuses a versions job whose images the panel's list would have no room for. Checked before the request
 * is sent: found only when the images arrive, they would be paid for and have nowhere to go.
 */
export function checkRoomForVersions(panel: FrameNode, plan: JobPlan): void {
  const { versions } = versionsToChange(panel)
  const used = utf8Length(VERSIONS_KEY) + utf8Length(JSON.stringify(versions))
  const count = plan.panels.length
  const fit = versionsThatFit(used, versionBytes(plan))
  if (fit >= count) return
  const holds = `${panelName(panel)} holds ${versions.length} version${versions.length === 1 ? '' : 's'}, and Figma has`
  const why = 'with this request (each keeps its full prompt and references)'
  throw new Error(
    fit === 0
      ? `${holds} no room on one panel to record another ${why}. Remove some with Remove version, then Regenerate again.`
      : `${holds} room on one panel to record only ${fit} more ${why}. Ask for ${fit} or fewer, or remove some with Remove version.`
  )
}

/**
 * Adds a version (a new image paint), shown at once when `show`; older versions are never touched.
 * `recorded` runs as soon as the list holds the version, before anything is awaited: the caller notes
 * there that the image is placed, so a plugin stopped later (font loading, layout) cannot place it twice.
 */
export async function addVersion(panel: FrameNode, image: { bytes: Uint8Array; width: number; height: number }, provenance: Provenance, show: boolean, recorded: () => void): Promise<void> {
  const rect = imageLayer(panel)
  if (!rect) throw new Error(`${panelName(panel)} has lost its image layer, so the new version has nowhere to go.`)
  const current = versionsToChange(panel)
  const hash = figma.createImage(image.bytes).hash
  const versions = [...current.versions, { imageHash: hash, provenance }]
  await writeVersions(panel, rect, versions, show || current.shown < 0 ? versions.length - 1 : current.shown, undefined, recorded)
  if (show) rect.resize(rect.width, Math.round((rect.width * image.height) / image.width))
  placeBadge(panel, rect)
}

/** Shows the version before or after the one shown. */
export async function stepVersion(panel: FrameNode, step: -1 | 1): Promise<PanelVersions> {
  const { versions, shown } = versionsToChange(panel)
  const next = neighbour(versions.length, shown, step)
  if (next === undefined) {
    throw new Error(
      versions.length < 2
        ? `${panelName(panel)} has one image; Regenerate or Variations adds versions to switch between.`
        : `${panelName(panel)} already shows its ${step < 0 ? 'first' : 'last'} version.`
    )
  }
  await writeVersions(panel, imageLayer(panel)!, versions, next)
  return { versions, shown: next }
}

/** Removes the shown version (its image paint and its entry); the only image is never removed. */
export async function removeShownVersion(panel: FrameNode): Promise<PanelVersions> {
  const current = versionsToChange(panel)
  if (current.versions.length < 2) {
    throw new Error(`${panelName(panel)} has only one image, so it was kept. To get rid of it, delete the panel, or Regenerate first and then remove this version.`)
  }
  if (current.shown < 0) throw new Error(`${panelName(panel)} shows none of its versions; show one with Previous or Next version first.`)
  const next = withoutShown(current.versions, current.shown)
  await writeVersions(panel, imageLayer(panel)!, current.versions, next.shown < current.shown ? next.shown : next.shown + 1, current.shown)
  // Its image leaves the panel, but it was paid for: the panel's cost so far still counts it.
  const cost = current.versions[current.shown]?.provenance.costUsd
  if (typeof cost === 'number' && Number.isFinite(cost)) panel.setPluginData(REMOVED_COST_KEY, String(removedCostUsd(panel) + cost))
  return next
}

/** What the panel's removed versions had cost. */
export function removedCostUsd(panel: FrameNode): number {
  const value = Number(panel.getPluginData(REMOVED_COST_KEY))
  return Number.isFinite(value) && value > 0 ? value : 0
}

/**
 * Writes paints, list, shown provenance and the "v2 of 3" badge together, so they never disagree.
 * `listed` is the list as the paints hold it now (a new version included), `shownListed` an index in it,
 * `removed` the version to take out.
 */
async function writeVersions(panel: FrameNode, rect: RectangleNode, listed: Version[], shownListed: number, removed?: number, recorded?: () => void): Promise<void> {
  const versions = removed === undefined ? listed : listed.filter((_, i) => i !== removed)
  const shown = removed !== undefined && shownListed > removed ? shownListed - 1 : shownListed
  // Checked before anything changes: a list Figma cannot store would leave an image on the panel that
  // the list does not know. The job stays open, so its image is placed once there is room.
  const list = JSON.stringify(versions)
  if (utf8Length(VERSIONS_KEY) + utf8Length(list) > PLUGIN_DATA_LIMIT) {
    throw new Error(`${panelName(panel)} holds ${versions.length - 1} versions, as many as Figma lets Keyframe record on one panel. Remove some with Remove version, then reopen Keyframe to place the new one.`)
  }
  // Only the versions' paints change (which one is visible); the designer's other paints stay as they are.
  rect.fills = versionFills(rect.fills === figma.mixed ? [] : rect.fills, listed, shownListed, removed)
  panel.setPluginData(VERSIONS_KEY, list)
  const provenance = versions[shown]?.provenance
  panel.setPluginData(PROVENANCE_KEY, provenance ? JSON.stringify(provenance) : '')
  recorded?.()
  await writeBadge(panel, versionLabel(shown, versions.length))
  placeBadge(panel, rect)
}

async function writeBadge(panel: FrameNode, label: string | undefined): Promise<void> {
  const badge = panel.children.find((c): c is FrameNode => c.type === 'FRAME' && c.name === BADGE)
  if (label === undefined) return void badge?.remove()
  await figma.loadFontAsync(FONT)
  const frame = badge ?? figma.createFrame()
  if (!badge) {
    panel.appendChild(frame)
    frame.name = BADGE
    frame.fills = [{ type: 'SOLID', color: { r: 1, g: 1, b: 1 }, opacity: 0.9 }]
    frame.cornerRadius = 4
  }
  const text = frame.children.find((c): c is TextNode => c.type === 'TEXT') ?? figma.createText()
  if (text.parent !== frame) {
    frame.appendChild(text)
    text.fontName = FONT
    text.fontSize = 12
    text.fills = [{ type: 'SOLID', color: { r: 0.13, g: 0.13, b: 0.13 } }]
  }
  text.characters = label
  text.x = 6
  text.y = 3
  frame.resize(Math.ceil(text.width) + 12, Math.ceil(text.height) + 6)
}

/** The badge sits in the image's top-right corner, wherever the image is now. */
function placeBadge(panel: FrameNode, rect: RectangleNode): void {
  const badge = panel.children.find((c) => c.type === 'FRAME' && c.name === BADGE)
  if (!badge) return
  badge.x = rect.x + rect.width - badge.width - 8
  badge.y = rect.y + 8
}
