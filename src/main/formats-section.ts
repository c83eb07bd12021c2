// The section a Formats click makes before its jobs run: one empty panel per deliverable, captioned with its
// label ("2:3 poster"), unnumbered, in one row. Each panel then holds its own job's record, as a regenerated
// panel does (the images arrive as its first version), so every format is resumed or cancelled on its own.
import type { FormatSlot } from '../messages'
import { formatsRowSummary } from '../kling/formats'
import { formatUsd } from '../kling/pricing'
import { numberedName } from '../kling/section-title'
import type { PixelSize } from '../kling/output-size'
import * as z from 'zod/mini'

import { FORMATS_ASKED_KEY, FORMATS_KEY, imageLayer, isFormatsRow, isPanel, JOB_KEY, SECTION_RELAUNCH, showsImage, VERSIONS_KEY } from './keyframe-nodes'
import { findFreeSpot, panelImageSize, PANEL_STYLE } from './layout'
import { lookOf } from './looks-sheet'
import { boundsOf } from './selection'
import { addPanel, layoutSection, loadPanelFonts, placeInFlow, text } from './storyboard'

const MUTED = { r: 0.45, g: 0.45, b: 0.45 }
const SUMMARY_FONT: FontName = { family: 'Inter', style: 'Regular' }
/** What FORMATS_ASKED_KEY holds; anything else (an older row has none) leaves the summary without the asked list. */
const askedShape = z.array(z.string())

export interface FormatsSectionArgs {
  /** "Formats · <what it shows>"; a name already on the page gets " (2)". */
  title: string
  formats: FormatSlot[]
  costUsd: number
  /** The panel the formats are made from: the row goes beside its section, clear of everything. */
  besideId?: string
}

export async function createFormatsSection({ title, formats, costUsd, besideId }: FormatsSectionArgs): Promise<{ sectionId: string; panelIds: string[] }> {
  if (formats.length === 0) throw new Error('No format is checked. Check at least one format.')
  const source = besideId === undefined ? null : await figma.getNodeByIdAsync(besideId)
  if (besideId !== undefined && (source === null || source.type === 'PAGE' || source.type === 'DOCUMENT')) {
    throw new Error('The panel to make formats from is no longer in the file. Select a panel and try again.')
  }
  await loadPanelFonts()
  const page = figma.currentPage
  const section = figma.createSection()
  section.name = numberedName(title, page.children.filter((n) => n !== section && n.type === 'SECTION').map((n) => n.name))
  section.setPluginData(FORMATS_KEY, '1')
  section.setRelaunchData(SECTION_RELAUNCH)
  section.setPluginData(FORMATS_ASKED_KEY, JSON.stringify(formats.map((f) => f.label)))
  const summary = text(section, 'Summary', formatsRowSummary(formats.map((f) => f.label), { costUsd: formatUsd(costUsd) }), SUMMARY_FONT, 14, MUTED)
  summary.x = PANEL_STYLE.sectionPadding
  summary.y = PANEL_STYLE.sectionPadding
  const panels = formats.map((slot, i) => addPanel(section, { number: i + 1, caption: slot.label }, panelImageSize(slot.size), { numbered: false, layerName: slot.label }))
  layoutSection(section, formats[0]!.size)
  if (source && source.type !== 'PAGE' && source.type !== 'DOCUMENT') {
    // Beside the source panel's section (or the panel itself when it sits loose on the page).
    const anchor = source.parent?.type === 'SECTION' ? source.parent : source
    const occupied = page.children.filter((n) => n !== section).map((n) => boundsOf(n))
    const spot = findFreeSpot({ width: section.width, height: section.height }, boundsOf(anchor as SceneNode), occupied)
    section.x = spot.x
    section.y = spot.y
  } else {
    placeInFlow(section)
  }
  figma.viewport.scrollAndZoomIntoView([section])
  return { sectionId: section.id, panelIds: panels.map((p) => p.id) }
}

/**
 * A format's panel whose job ended without its image says so where its waiting line was; a panel that has an
 * image (any other versions panel) is left as it is.
 */
export async function noteUnmade(panel: FrameNode, message: string): Promise<void> {
  const status = panel.children.find((c): c is TextNode => c.type === 'TEXT' && c.name === 'Status')
  const image = imageLayer(panel)
  if (!status || !image || showsImage(image) || status.fontName === figma.mixed) return
  await figma.loadFontAsync(status.fontName)
  status.characters = `Not made: ${message}`
}

/**
 * A format's or look's panel still waiting for its first image, whose job ended with nothing placed and nothing
 * coming (cancelled, or failed before anything was sent), goes, as a storyboard's section goes in that case;
 * the row closes up, and a row left with no panel goes too. False, and nothing changed, for any other panel
 * (one with an image or versions keeps them, and one whose send may be charged stays as its trace).
 */
export async function withdrawUnmade(panel: FrameNode, nominal: PixelSize): Promise<boolean> {
  const row = panel.parent
  const image = imageLayer(panel)
  if (row?.type !== 'SECTION' || !image || showsImage(image) || panel.getPluginData(VERSIONS_KEY) !== '') return false
  if (!isFormatsRow(row) && !lookOf(panel)) return false
  panel.remove()
  if (!row.children.some(isPanel)) {
    row.remove()
    return true
  }
  if (isFormatsRow(row)) await retellFormats(row)
  layoutSection(row, nominal)
  return true
}

/** A row's summary rewritten for the formats it still holds, naming those not made. */
async function retellFormats(row: SectionNode): Promise<void> {
  const summary = row.children.find((c): c is TextNode => c.type === 'TEXT' && c.name === 'Summary')
  if (!summary) return
  let asked: string[] | undefined
  try {
    const parsed = askedShape.safeParse(JSON.parse(row.getPluginData(FORMATS_ASKED_KEY)))
    asked = parsed.success ? parsed.data : undefined
  } catch {
    asked = undefined
  }
  const shown = row.children.filter(isPanel).map((p) => p.name)
  await figma.loadFontAsync(SUMMARY_FONT)
  summary.characters = formatsRowSummary(shown, { asked })
}

/**
 * A format's or look's panel whose job ended before it was ever recorded (cancelled, or failed while its
 * reference was exported or uploaded): nothing was sent, so nothing can be charged and nothing will come,
 * and no job ending reaches the main thread to withdraw it. It goes as withdrawUnmade would take it; a
 * panel that holds a job record (its job ends through finishJob) or any image is left alone. False when
 * nothing was removed, including when the panel is already gone.
 */
export async function withdrawUnsent({ panelId }: { panelId: string }): Promise<boolean> {
  const panel = await figma.getNodeByIdAsync(panelId)
  if (panel?.type !== 'FRAME' || panel.getPluginData(JOB_KEY) !== '') return false
  const image = imageLayer(panel)
  return image !== undefined && (await withdrawUnmade(panel, { width: image.width, height: image.height }))
}
