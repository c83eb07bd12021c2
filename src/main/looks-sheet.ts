// Looks on the canvas: a contact sheet ("Looks · <panel>") beside the panel's section, one unnumbered panel
// per look captioned with its name, each filled by its own versions job; and "Use this look", which adds a
// look's image to the panel it was made from as that panel's newest version, its provenance kept.
import type { PixelSize } from '../kling/output-size'
import type { Panel } from '../kling/compose'
import type { JobPlan } from '../messages'
import { isPanel, LOOK_OF_KEY } from './keyframe-nodes'
import { addVersion, readPanelVersions } from './panel-versions'
import { boundsOf } from './selection'
import { findFreeSpot } from './layout'
import { addPanels, layoutSection, loadPanelFonts, refitPanel } from './storyboard'

export interface LooksSheetArgs {
  panelId: string
  /** The looks' names, in the order their panels are laid out. */
  looks: string[]
  /** One look's request input: the placeholders take its shape (all looks share resolution and aspect). */
  input: JobPlan['input']
  nominalSize: PixelSize
}

/** What a look's panel says about where it came from (`panelName`: that panel's layer name when the look was made); undefined when it is not a look (or its mark is damaged). */
export function lookOf(panel: FrameNode): { panelId: string; look: string; panelName: string } | undefined {
  try {
    const mark: unknown = JSON.parse(panel.getPluginData(LOOK_OF_KEY) || 'null')
    const { panelId, look, panelName } = (mark ?? {}) as { panelId?: unknown; look?: unknown; panelName?: unknown }
    if (typeof panelId !== 'string' || typeof look !== 'string') return undefined
    return { panelId, look, panelName: typeof panelName === 'string' && panelName !== '' ? panelName : 'its panel' }
  } catch {
    return undefined
  }
}

async function panelById(panelId: string, what: string): Promise<FrameNode> {
  const node = await figma.getNodeByIdAsync(panelId)
  if (!node || !isPanel(node)) throw new Error(`${what} is no longer in the file (deleted, or no longer a Keyframe panel). Select a panel and try again.`)
  return node
}

/** Makes the sheet with one waiting panel per look; returns the panels' ids in the looks' order. */
export async function makeLooksSheet({ panelId, looks, input, nominalSize }: LooksSheetArgs): Promise<{ sectionId: string; panelIds: string[] }> {
  if (looks.length === 0) throw new Error('No look is chosen. Tick at least one look, then click Make looks.')
  const source = await panelById(panelId, 'The panel to make looks of')
  await loadPanelFonts()
  const page = figma.currentPage
  const section = figma.createSection()
  page.appendChild(section)
  const holder = source.parent?.type === 'SECTION' ? source.parent : source
  // "Looks · Night ferry · Panel 3"; a single image's section and panel share a name, said once.
  section.name = `Looks · ${holder === source || holder.name === source.name ? source.name : `${holder.name} · ${source.name}`}`
  const panels: Panel[] = looks.map((look, i) => ({ number: i + 1, caption: look }))
  const frames = addPanels(section, { input, panels, nominalSize })
  frames.forEach((frame, i) => {
    frame.name = looks[i] ?? frame.name
    frame.setPluginData(LOOK_OF_KEY, JSON.stringify({ panelId: source.id, look: looks[i], panelName: source.name }))
  })
  layoutSection(section, nominalSize)
  // Beside the panel's section, stepping right past anything in the way: never on top of the designer's work.
  const occupied = page.children.filter((n) => n !== section).map((n) => boundsOf(n))
  const spot = findFreeSpot({ width: section.width, height: section.height }, boundsOf(holder as SceneNode), occupied)
  section.x = spot.x
  section.y = spot.y
  figma.viewport.scrollAndZoomIntoView([section])
  return { sectionId: section.id, panelIds: frames.map((f) => f.id) }
}

/**
 * Adds the look's shown image to the panel it was made from, shown at once, with the look's provenance (its
 * request: the source image as `@Image1` and the treatment in its prompt). The look's panel is left as it is.
 */
export async function useLook(lookPanelId: string): Promise<{ panelId: string }> {
  const lookPanel = await panelById(lookPanelId, 'That look')
  const mark = lookOf(lookPanel)
  if (!mark) throw new Error(`"${lookPanel.name}" is not a look made by Looks, so it has no panel to go back to.`)
  const source = await panelById(mark.panelId, `The panel "${mark.look}" was made from`)
  const { versions, shown } = readPanelVersions(lookPanel)
  const version = versions[shown]
  if (!version) throw new Error(`"${mark.look}" has no image yet. Wait for it to arrive, then try again.`)
  const image = figma.getImageByHash(version.imageHash)
  if (!image) throw new Error(`The image of "${mark.look}" is no longer in the file. Make the look again.`)
  const [bytes, size] = await Promise.all([image.getBytesAsync(), image.getSizeAsync()])
  await addVersion(source, { bytes, ...size }, { ...version.provenance, look: mark.look }, true, () => undefined)
  const nominal = { width: size.width, height: size.height }
  await refitPanel(source, nominal)
  return { panelId: source.id }
}
