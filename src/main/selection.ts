// Reads the selection: Keyframe's own panels and storyboards are shown as what they are, text layers are
// prompt text, and anything else that can be exported is a reference.
import type { Box } from '../box'
import type { TextLayer } from '../kling/prompt-draft'
import type { IgnoredNode, LayoutSummary, PanelSummary, ReferenceSummary, StoryboardSummary } from '../messages'
import { isCastName } from '../kling/cast'
import { castAngles } from './cast-index'
import { fillProblems, picturesFromFills } from './fill-angles'
import { isFormatsRow, isPanel, isStoryboard } from './keyframe-nodes'
import { lookOf, readLayout } from './layout-text'
import { summarisePanel, summariseStoryboard } from './panel-summary'
import { checkReferencePixels } from './reference-pixels'
import { errorMessage } from '../error-message'

const CONTAINER_TYPES = new Set(['FRAME', 'COMPONENT', 'COMPONENT_SET', 'INSTANCE', 'GROUP', 'SECTION'])
const SHAPE_TYPES = new Set(['RECTANGLE', 'ELLIPSE', 'POLYGON', 'STAR', 'VECTOR'])

export interface SelectionContents {
  references: ReferenceSummary[]
  textLayers: TextLayer[]
  panels: PanelSummary[]
  storyboards: StoryboardSummary[]
  /** Poster layouts: frames with Title, Headline, Tagline or Credits text, whose text Kling is asked to letter. */
  layouts: LayoutSummary[]
  ignored: IgnoredNode[]
}

/**
 * The selection as the UI shows it. Never throws: the UI would keep showing the previous selection and its
 * actions would reach the wrong nodes. A node that cannot be read is listed under `ignored`, with why.
 */
export async function readCurrentSelection(selection: () => readonly SceneNode[]): Promise<{ nodes: readonly SceneNode[]; contents: SelectionContents }> {
  try {
    const nodes = selection()
    return { nodes, contents: await readSelection(nodes) }
  } catch (error) {
    const reason = `Keyframe could not read it: ${messageOf(error)}. Select again; nothing was changed.`
    return { nodes: [], contents: { references: [], textLayers: [], panels: [], storyboards: [], layouts: [], ignored: [{ name: 'The selection', reason }] } }
  }
}

export async function readSelection(selection: readonly SceneNode[]): Promise<SelectionContents> {
  const contents: SelectionContents = { references: [], textLayers: [], panels: [], storyboards: [], layouts: [], ignored: [] }
  for (const node of selection) {
    try {
      await readNode(node, contents)
    } catch (error) {
      contents.ignored.push({ name: nameOf(node), reason: unreadable(node, error) })
    }
  }
  return contents
}

/** Why a node is ignored when reading it threw: its plugin data is damaged (it is left as it is). */
function unreadable(node: SceneNode, error: unknown): string {
  const what = messageOf(error)
  if (isPanel(node)) return `its Keyframe record is damaged: ${what}; its image is untouched`
  if (isStoryboard(node)) return `its Keyframe record is damaged: ${what}; its panels are untouched`
  return `Keyframe could not read it: ${what}`
}

function nameOf(node: SceneNode): string {
  try {
    return node.name
  } catch {
    return 'A layer'
  }
}

function messageOf(error: unknown): string {
  return errorMessage(error).replace(/[.\s]+$/, '')
}

/** Adds one node to what the selection holds; the push comes last, so a node that throws adds nothing. */
async function readNode(node: SceneNode, { references, textLayers, panels, storyboards, layouts, ignored }: SelectionContents): Promise<void> {
  if (isPanel(node)) {
    panels.push(summarisePanel(node))
    return
  }
  if (isFormatsRow(node)) {
    // Selected whole, a row of formats is its panels (it is no picture to use as a reference).
    const summaries = node.children.filter(isPanel).map((panel) => summarisePanel(panel))
    panels.push(...summaries)
    return
  }
  if (isStoryboard(node)) {
    storyboards.push(summariseStoryboard(node))
    return
  }
  const box = boundsOf(node)
  if (node.type === 'TEXT') {
    if (!node.visible) {
      ignored.push({ name: node.name, reason: 'hidden text layers are not read; show it to use it as prompt' })
      return
    }
    textLayers.push({ id: node.id, name: node.name, text: node.characters, ...box, look: lookOf(node) })
    return
  }
  const layout = readLayout(node)
  if (layout) {
    // Read as a reference too, for the designer who meant it as one ("Use as a reference instead").
    layouts.push({ ...layout, asReference: await referenceOf(node, box) })
    return
  }
  if (!isReference(node)) {
    ignored.push({ name: node.name, reason: `a ${node.type.toLowerCase()} without an image fill can't be a reference` })
    return
  }
  references.push(await referenceOf(node, box))
}

/** A node as a reference: its size, default role, and what would keep it from being sent. */
async function referenceOf(node: SceneNode, box: Box): Promise<ReferenceSummary> {
  // Checked against the pixels that will be exported (an image fill may hold more than the frame's size).
  // An `@` frame whose face and angles are its image fills is checked fill by fill: those are what is sent.
  const fromFills = picturesFromFills(node)
  const pixels = fromFills ? { problems: [], warnings: [] } : await checkReferencePixels(node, box)
  const angles = isCastName(node.name) ? castAngles(node) : []
  const problems: ReferenceSummary['problems'] = [...pixels.problems, ...(fromFills ? await fillProblems(node) : [])]
  if (!node.visible) {
    problems.push({
      reason: 'hidden',
      message: `"${node.name}" is hidden, so it would export empty.`,
      fix: `Show "${node.name}" (or deselect it).`
    })
  }
  return {
    id: node.id,
    name: node.name,
    type: node.type,
    width: Math.round(box.width),
    height: Math.round(box.height),
    defaultRole: node.name.trim().startsWith('@') ? 'element' : 'image',
    problems,
    warnings: pixels.warnings,
    // A selected cast frame wins over the cast's, angles included.
    ...(angles.length > 0 && { angles: angles.map((a) => ({ id: a.id, name: a.name })) })
  }
}

function isReference(node: SceneNode): boolean {
  if (CONTAINER_TYPES.has(node.type)) return true
  if (!SHAPE_TYPES.has(node.type) || !('fills' in node)) return false
  const fills = node.fills
  return Array.isArray(fills) && fills.some((p: Paint) => p.type === 'IMAGE' && p.visible !== false)
}

export function boundsOf(node: SceneNode): Box {
  const box = node.absoluteBoundingBox
  if (box) return { x: box.x, y: box.y, width: box.width, height: box.height }
  return { x: node.x, y: node.y, width: node.width, height: node.height }
}
