// Builds a generation's section on the canvas: placeholder panels with the right shape as soon as the
// job starts, each filled with its image (or an explanation) as results arrive.
import { describeEndpoint } from '../kling/labels'
import type { PixelSize } from '../kling/output-size'
import { formatUsd } from '../kling/pricing'
import type { Panel } from '../kling/compose'
import type { JobPlan, PanelImage } from '../messages'
import { numberedName } from '../kling/section-title'
import { shotLabel, storedShot } from '../kling/shots'
import { readPanelCaption } from './stored-job'
import { FORMATS_KEY, isStoryboard, PANEL_KEY, PANEL_RELAUNCH, PROVENANCE_KEY, SECTION_RELAUNCH, showsImage } from './keyframe-nodes'
import { boundsOf } from './selection'
import { flowSpot, gridColumns, gridPositions, panelImageSize, PANEL_STYLE, type Rect, roomBelow } from './layout'

const FONT_REGULAR: FontName = { family: 'Inter', style: 'Regular' }
const FONT_BOLD: FontName = { family: 'Inter', style: 'Bold' }
const WHITE = { r: 1, g: 1, b: 1 }

const GREY = { r: 0.9, g: 0.9, b: 0.9 }
const FAILED = { r: 0.99, g: 0.89, b: 0.88 }
const INK = { r: 0.13, g: 0.13, b: 0.13 }
const MUTED = { r: 0.45, g: 0.45, b: 0.45 }

async function loadFonts(fonts: readonly FontName[]): Promise<void> {
  const unique = new Map(fonts.map((f) => [`${f.family}\u0000${f.style}`, f]))
  await Promise.all([...unique.values()].map((f) => figma.loadFontAsync(f)))
}

/** The fonts these text layers are set in (a designer may have restyled them, even in mixed fonts). */
function fontsOf(texts: readonly (TextNode | undefined)[]): FontName[] {
  return texts
    .filter((t): t is TextNode => t !== undefined)
    .flatMap((t) => (t.fontName === figma.mixed ? t.getRangeAllFontNames(0, t.characters.length) : [t.fontName]))
}

/** The fonts new panels are set in. */
export async function loadPanelFonts(): Promise<void> {
  await loadFonts([FONT_REGULAR, FONT_BOLD])
}

/** Loads the fonts these text layers use, so they can be written to. */
export async function loadTextFonts(texts: readonly (TextNode | undefined)[]): Promise<void> {
  await loadFonts(fontsOf(texts))
}

function solid(color: RGB): SolidPaint[] {
  return [{ type: 'SOLID', color }]
}

export function text(parent: FrameNode | SectionNode, name: string, characters: string, font: FontName, size: number, color: RGB): TextNode {
  const node = figma.createText()
  parent.appendChild(node)
  node.name = name
  node.fontName = font
  node.fontSize = size
  node.fills = solid(color)
  node.characters = characters
  return node
}

/**
 * Only a series is a numbered storyboard (and what is appended to one). A single image or a set of
 * variations is shown as an image or a contact sheet, without numbers.
 */
export function isNumbered(plan: Pick<JobPlan, 'input' | 'target'>): boolean {
  // Records read back from plugin data may be damaged or older: one without an input is not a series.
  const input: unknown = plan.input
  return (typeof input === 'object' && input !== null && 'result_type' in input && input.result_type === 'series') || plan.target?.kind === 'append'
}

/** The layer name of a panel: "Panel 3" in a storyboard, "Image" or "Variation 2" otherwise. */
export function panelLayerName(plan: Pick<JobPlan, 'input' | 'target' | 'panels'>, number: number): string {
  if (isNumbered(plan)) return `Panel ${number}`
  return plan.panels.length > 1 ? `Variation ${number}` : 'Image'
}

/** Creates the section with one placeholder panel per expected image, placed clear of everything else. */
export async function createStoryboard(plan: JobPlan, note?: string): Promise<SectionNode> {
  await loadFonts([FONT_REGULAR, FONT_BOLD])
  const page = figma.currentPage
  const section = figma.createSection()
  // Told apart in the layers panel: a name already on the page is numbered.
  section.name = numberedName(plan.title, page.children.filter((n) => n !== section && n.type === 'SECTION').map((n) => n.name))
  section.setRelaunchData(SECTION_RELAUNCH)
  // A caption a stored record holds damaged is named here, beside the section's other notes; its panel is placed without it.
  const notes = [...(note === undefined ? [] : [note]), ...captionProblems(plan)]
  const summary = text(section, 'Summary', [describePlan(plan), ...notes].join('\n'), FONT_REGULAR, 14, MUTED)
  summary.x = PANEL_STYLE.sectionPadding
  summary.y = PANEL_STYLE.sectionPadding

  addPanels(section, plan)
  layoutSection(section, plan.nominalSize)

  placeInFlow(section)
  figma.viewport.scrollAndZoomIntoView([section])
  return section
}

/** Puts a section in Keyframe's flow on its page: below the last Keyframe section, clear of everything. */
export function placeInFlow(section: SectionNode): void {
  const page = figma.currentPage
  const keyframe = page.children.filter((n) => n !== section && isStoryboard(n)).map((n) => boundsOf(n))
  const occupied = page.children.filter((n) => n !== section).map((n) => boundsOf(n))
  const spot = flowSpot({ width: section.width, height: section.height }, keyframe, occupied, anchorRect(page))
  section.x = spot.x
  section.y = spot.y
}

/**
 * After a section grew (beats added to it), nothing on its page is left under it: Keyframe's sections below
 * it in its column move down by the growth; if that cannot clear it (the designer's own work is in the way),
 * the grown section moves to a free place in the flow instead. Never moves the designer's own nodes.
 */
export function keepClear(section: SectionNode, before: Rect): void {
  const parent = section.parent
  if (parent?.type !== 'PAGE') return
  const neighbours = parent.children
    .filter((n) => n !== section)
    .map((n) => ({ id: n.id, rect: boundsOf(n), movable: isStoryboard(n), node: n }))
  const moves = roomBelow(before, boundsOf(section), neighbours)
  if (moves === undefined) return placeInFlow(section)
  for (const { id, dy } of moves) {
    const node = neighbours.find((n) => n.id === id)?.node
    if (node) node.y += dy
  }
}

/** Placeholder panels for the plan's images, at the end of the section (fonts loaded by the caller). */
export function addPanels(section: SectionNode, plan: Pick<JobPlan, 'input' | 'target' | 'panels' | 'nominalSize'>): FrameNode[] {
  const image = panelImageSize(plan.nominalSize)
  const numbered = isNumbered(plan)
  return plan.panels.map((panel) => addPanel(section, panel, image, { numbered, layerName: panelLayerName(plan, panel.number) }))
}

/** One placeholder panel, its image area `image` in canvas units (fonts loaded by the caller). */
export function addPanel(section: SectionNode, panel: Panel, image: PixelSize, look: { numbered: boolean; layerName: string }): FrameNode {
  const frame = figma.createFrame()
  section.appendChild(frame)
  frame.name = look.layerName
  frame.fills = solid(WHITE)
  frame.cornerRadius = 8
  frame.setPluginData(PANEL_KEY, String(panel.number))

  const rect = figma.createRectangle()
  frame.appendChild(rect)
  rect.name = 'Image'
  rect.resize(image.width, image.height)
  rect.x = PANEL_STYLE.padding
  rect.y = PANEL_STYLE.padding
  rect.fills = solid(GREY)

  const status = text(frame, 'Status', 'Waiting for Kling…', FONT_REGULAR, 12, MUTED)
  status.x = PANEL_STYLE.padding + 12
  status.y = PANEL_STYLE.padding + 12

  if (look.numbered) {
    const badge = figma.createRectangle()
    frame.appendChild(badge)
    badge.name = 'Badge'
    badge.cornerRadius = 6
    badge.fills = solid(INK)
    text(frame, 'Number', String(panel.number), FONT_BOLD, PANEL_STYLE.numberSize, WHITE)
  }
  // Read through the stored-caption check: a plan can come from a stored record, and a text layer takes only text.
  const { caption } = readPanelCaption(panel)
  if (caption !== undefined) text(frame, 'Caption', caption, FONT_REGULAR, PANEL_STYLE.captionSize, INK)
  // The shot is metadata, not prose: its own small line, so the caption stays the beat's words.
  // Read through the stored-shot check: a remade section's plan comes from a stored record, where a damaged
  // shot would give an empty label (a text Figma may refuse), failing the section of a paid job.
  const shot = storedShot(panel.shot)
  if (shot !== undefined) text(frame, 'Shot', shotLabel(shot), FONT_REGULAR, PANEL_STYLE.shotSize, MUTED)
  layoutPanel(frame)
  return frame
}

/** "Panel 2's caption in this job's record is a number, not text; …": one line per damaged caption. */
export function captionProblems(plan: Pick<JobPlan, 'input' | 'target' | 'panels'>): string[] {
  return plan.panels.flatMap((panel) => {
    const { problem } = readPanelCaption(panel)
    if (problem === undefined) return []
    return [`${panelLayerName(plan, panel.number)}'s caption in this job's record ${problem}, so it is placed without one; the record keeps it as it was.`]
  })
}

function describePlan(plan: JobPlan): string {
  const { modelLabel, mode } = describeEndpoint(plan.endpoint)
  const input = plan.input
  const what = 'result_type' in input && input.result_type === 'series' ? `series of ${plan.panels.length}` : plan.panels.length > 1 ? `${plan.panels.length} variations` : 'single image'
  return `${modelLabel} · ${mode} · ${what} · ${String(input.resolution)} ${String(input.aspect_ratio)} · ${formatUsd(plan.costUsd)}`
}

function anchorRect(page: PageNode): Rect {
  const selected = page.selection.map((n) => boundsOf(n))
  if (selected.length > 0) {
    const x = Math.min(...selected.map((r) => r.x))
    const y = Math.min(...selected.map((r) => r.y))
    const right = Math.max(...selected.map((r) => r.x + r.width))
    const bottom = Math.max(...selected.map((r) => r.y + r.height))
    return { x, y, width: right - x, height: bottom - y }
  }
  const { x, y } = figma.viewport.center
  return { x, y, width: 0, height: 0 }
}

function child<T extends SceneNode>(frame: FrameNode, name: string): T | undefined {
  return frame.children.find((c) => c.name === name) as T | undefined
}

/**
 * Stacks a panel's parts: the image, then the number badge and caption side by side below it, the shot line
 * under the caption (beside the badge when there is no caption). The frame is
 * at least `minHeight` tall (its row's height); returns the height its contents need.
 */
export function layoutPanel(frame: FrameNode, minHeight = 0): number {
  const image = child<RectangleNode>(frame, 'Image')
  if (!image) return frame.height
  const number = child<TextNode>(frame, 'Number')
  const badge = child<RectangleNode>(frame, 'Badge')
  const caption = child<TextNode>(frame, 'Caption')
  const shot = child<TextNode>(frame, 'Shot')
  const status = child<TextNode>(frame, 'Status')
  const { padding, gap, badgePadding } = PANEL_STYLE
  const below = image.y + image.height + gap
  let bottom = below
  let indent = 0
  if (number) {
    const width = Math.max(number.width + 2 * badgePadding.x, number.height + 2 * badgePadding.y)
    const height = number.height + 2 * badgePadding.y
    badge?.resize(Math.ceil(width), Math.ceil(height))
    if (badge) {
      badge.x = padding
      badge.y = below
    }
    number.x = padding + Math.round((width - number.width) / 2)
    number.y = below + badgePadding.y
    indent = Math.ceil(width) + 10
    bottom = below + height
  }
  if (caption) {
    // Auto-height after the width is set: resize() may fix the box, which would clip a long caption.
    caption.resize(Math.max(1, image.width - indent), caption.height)
    caption.textAutoResize = 'HEIGHT'
    caption.x = padding + indent
    caption.y = below + (number ? 6 : 0)
    bottom = Math.max(bottom, caption.y + caption.height)
  }
  if (shot) {
    // Only moved, never resized: a one-line label sizes itself, so laying out needs no font for it.
    shot.x = padding + indent
    shot.y = caption ? caption.y + caption.height + 2 : below + (number ? 6 : 0)
    bottom = Math.max(bottom, shot.y + shot.height)
  }
  if (status) {
    status.resize(Math.max(1, image.width - 24), status.height)
    status.textAutoResize = 'HEIGHT'
  }
  const needed = Math.ceil(bottom + padding)
  frame.resize(image.width + 2 * padding, Math.max(needed, minHeight))
  return needed
}

/** The section's panels, in number order. */
function panelsOf(section: SectionNode): FrameNode[] {
  return section.children
    .filter((c): c is FrameNode => c.type === 'FRAME' && c.getPluginData(PANEL_KEY) !== '')
    .sort((a, b) => Number(a.getPluginData(PANEL_KEY)) - Number(b.getPluginData(PANEL_KEY)))
}

/**
 * Arranges a section's panels in a grid, in number order, every panel as tall as the tallest (so every row
 * has the same height), and sizes the section around them.
 */
export function layoutSection(section: SectionNode, nominal: PixelSize): void {
  const panels = panelsOf(section)
  const height = Math.max(0, ...panels.map((p) => layoutPanel(p)))
  for (const panel of panels) layoutPanel(panel, height)
  const summary = section.children.find((c) => c.name === 'Summary')
  const top = PANEL_STYLE.sectionPadding + (summary ? summary.height + 16 : 0)
  const grid = gridPositions(
    panels.map((p) => ({ width: p.width, height: p.height })),
    // A row of formats stays one row: its panels are the deliverables side by side.
    section.getPluginData(FORMATS_KEY) === '' ? gridColumns(panels.length, nominal.width / nominal.height) : panels.length
  )
  panels.forEach((panel, i) => {
    // One position per panel (gridPositions lays out the sizes it is given); none means nothing to move.
    const at = grid.positions[i]
    if (!at) return
    panel.x = PANEL_STYLE.sectionPadding + at.x
    panel.y = top + at.y
  })
  const width = Math.max(grid.size.width, summary?.width ?? 0) + 2 * PANEL_STYLE.sectionPadding
  section.resizeWithoutConstraints(width, top + grid.size.height + PANEL_STYLE.sectionPadding)
}

// Panel ids by section, so filling panel n does not scan the section's children each time (which made
// placing n panels O(n²)). Rebuilt with one scan when missing or stale, e.g. after the plugin reopens.
const panelIndex = new Map<string, Map<number, string>>()

function indexPanels(section: SectionNode): Map<number, string> {
  const index = new Map<number, string>()
  for (const child of section.children) {
    const number = child.type === 'FRAME' ? Number(child.getPluginData(PANEL_KEY)) : NaN
    if (Number.isInteger(number) && number > 0) index.set(number, child.id)
  }
  panelIndex.set(section.id, index)
  return index
}

export async function findPanel(section: SectionNode, number: number): Promise<FrameNode> {
  const cached = panelIndex.get(section.id)?.get(number)
  const node = cached === undefined ? null : await figma.getNodeByIdAsync(cached)
  if (node?.type === 'FRAME' && node.parent?.id === section.id && node.getPluginData(PANEL_KEY) === String(number)) return node
  const id = indexPanels(section).get(number)
  const panel = id === undefined ? null : await figma.getNodeByIdAsync(id)
  if (panel?.type !== 'FRAME') throw new Error(`Panel ${number} is missing from "${section.name}"; was it deleted?`)
  return panel
}

/** Puts an image into its panel at the image's own aspect ratio, keeping the panel's width. */
export async function fillPanel(section: SectionNode, image: PanelImage, provenance: string, nominal: PixelSize): Promise<void> {
  const panel = await findPanel(section, image.number)
  const rect = child<RectangleNode>(panel, 'Image')
  if (!rect) throw new Error(`Panel ${image.number} has lost its image layer.`)
  // Only the caption is written to (its auto-height); the status line goes.
  await loadFonts(fontsOf([child<TextNode>(panel, 'Caption')]))
  const figmaImage = figma.createImage(image.bytes)
  rect.fills = [{ type: 'IMAGE', imageHash: figmaImage.hash, scaleMode: 'FILL' }]
  rect.resize(rect.width, Math.round((rect.width * image.height) / image.width))
  child<TextNode>(panel, 'Status')?.remove()
  panel.setPluginData(PROVENANCE_KEY, provenance)
  panel.setRelaunchData(PANEL_RELAUNCH)
  relayoutIfResized(section, panel, nominal)
}

/** Re-lays out the section only when a panel changed size, so filling n panels costs O(n), not O(n²). */
function relayoutIfResized(section: SectionNode, panel: FrameNode, nominal: PixelSize): void {
  const before = { width: panel.width, height: panel.height }
  // Kept at its row's height: only a panel that now needs more room changes the grid.
  layoutPanel(panel, before.height)
  if (panel.width !== before.width || panel.height !== before.height) layoutSection(section, nominal)
}

/** Lays a panel out again after its image changed size (a new version), and its section with it. */
export async function refitPanel(panel: FrameNode, nominal: PixelSize): Promise<void> {
  // Laying out writes the caption's auto-height, which needs its fonts (a reopened plugin has none loaded).
  await loadFonts(fontsOf([child<TextNode>(panel, 'Caption'), child<TextNode>(panel, 'Status')]))
  const parent = panel.parent
  if (parent?.type === 'SECTION') relayoutIfResized(parent, panel, nominal)
  else layoutPanel(panel)
}

/** A panel whose image did not come says why, in the panel itself. */
export async function failPanel(section: SectionNode, number: number, message: string, nominal: PixelSize): Promise<void> {
  const panel = await findPanel(section, number)
  const existing = child<TextNode>(panel, 'Status')
  await loadFonts([...fontsOf([child<TextNode>(panel, 'Caption'), existing]), ...(existing ? [] : [FONT_REGULAR])])
  const rect = child<RectangleNode>(panel, 'Image')
  if (rect && showsImage(rect)) return // already has its image (a paid one is never painted over)
  if (rect) rect.fills = solid(FAILED)
  const status = existing ?? text(panel, 'Status', '', FONT_REGULAR, 12, INK)
  status.fills = solid({ r: 0.6, g: 0.1, b: 0.1 })
  status.characters = `Image ${number} did not arrive: ${message}`
  relayoutIfResized(section, panel, nominal)
}
