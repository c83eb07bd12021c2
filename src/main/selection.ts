// Reads the selection: Keyframe's own panels and storyboards are shown as what they are, text layers are
// prompt text, and anything else that can be exported is a reference.
import type { TextLayer } from '../kling/prompt-draft'
import type { IgnoredNode, PanelSummary, ReferenceSummary, StoryboardSummary } from '../messages'
import { isPanel, isStoryboard } from './keyframe-nodes'
import { summarisePanel, summariseStoryboard } from './panel-summary'
import { checkReferencePixels } from './reference-pixels'

const CONTAINER_TYPES = new Set(['FRAME', 'COMPONENT', 'COMPONENT_SET', 'INSTANCE', 'GROUP', 'SECTION'])
const SHAPE_TYPES = new Set(['RECTANGLE', 'ELLIPSE', 'POLYGON', 'STAR', 'VECTOR'])

export interface SelectionContents {
  references: ReferenceSummary[]
  textLayers: TextLayer[]
  panels: PanelSummary[]
  storyboards: StoryboardSummary[]
  ignored: IgnoredNode[]
}

export async function readSelection(selection: readonly SceneNode[]): Promise<SelectionContents> {
  const references: ReferenceSummary[] = []
  const textLayers: TextLayer[] = []
  const ignored: IgnoredNode[] = []
  const panels: PanelSummary[] = []
  const storyboards: StoryboardSummary[] = []
  for (const node of selection) {
    if (isPanel(node)) {
      panels.push(summarisePanel(node))
      continue
    }
    if (isStoryboard(node)) {
      storyboards.push(summariseStoryboard(node))
      continue
    }
    const box = boundsOf(node)
    if (node.type === 'TEXT') {
      if (!node.visible) {
        ignored.push({ name: node.name, reason: 'hidden text layers are not read; show it to use it as prompt' })
        continue
      }
      textLayers.push({ id: node.id, name: node.name, text: node.characters, ...box })
      continue
    }
    if (!isReference(node)) {
      ignored.push({ name: node.name, reason: `a ${node.type.toLowerCase()} without an image fill can't be a reference` })
      continue
    }
    const pixels = await checkReferencePixels(node, box)
    const problems: ReferenceSummary['problems'] = pixels.problems
    if (!node.visible) {
      problems.push({
        reason: 'hidden',
        message: `"${node.name}" is hidden, so it would export empty.`,
        fix: `Show "${node.name}" (or deselect it).`
      })
    }
    references.push({
      id: node.id,
      name: node.name,
      type: node.type,
      width: Math.round(box.width),
      height: Math.round(box.height),
      defaultRole: node.name.trim().startsWith('@') ? 'element' : 'image',
      problems,
      warnings: pixels.warnings
    })
  }
  return { references, textLayers, panels, storyboards, ignored }
}

function isReference(node: SceneNode): boolean {
  if (CONTAINER_TYPES.has(node.type)) return true
  if (!SHAPE_TYPES.has(node.type) || !('fills' in node)) return false
  const fills = node.fills
  return Array.isArray(fills) && fills.some((p: Paint) => p.type === 'IMAGE' && p.visible !== false)
}

export function boundsOf(node: SceneNode): { x: number; y: number; width: number; height: number } {
  const box = node.absoluteBoundingBox
  if (box) return { x: box.x, y: box.y, width: box.width, height: box.height }
  return { x: node.x, y: node.y, width: node.width, height: node.height }
}
