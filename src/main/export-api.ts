// What the exports read from the canvas: the selected storyboards' panels (number, caption, place, and
// the provenance of their images) and each panel's image as JPEG. Both only read: an export never
// changes the document.
import type { ExportedPanelImage, ExportPanel, ExportStoryboard } from '../messages'
import type { MainApiImplementation } from '../rpc'
import { imageLayer, isPanel, isStoryboard, panelNumber, showsImage } from './keyframe-nodes'
import { readProvenance, referenceNamesOf, summariseStoryboard } from './panel-summary'
import { shotListRow } from './shot-list-row'

type ExportApi = Pick<MainApiImplementation, 'readStoryboards' | 'exportPanelImage'>

/** Twice the canvas size prints sharply at the size a PDF page gives a panel; never more than this a side. */
const PRINT_SCALE = 2
const PRINT_MAX_SIDE = 2048

export function exportApi(): ExportApi {
  return {
    readStoryboards: async ({ sectionIds }) => {
      if (!Array.isArray(sectionIds) || sectionIds.length === 0) throw new Error('Select a storyboard section to export it.')
      const storyboards: ExportStoryboard[] = []
      for (const id of sectionIds) {
        const node = await figma.getNodeByIdAsync(id)
        if (!node || !isStoryboard(node)) {
          throw new Error('A selected storyboard was deleted or is no longer a Keyframe storyboard. Select it again.')
        }
        const panels = node.children.filter(isPanel).map(describePanel)
        if (panels.length === 0) throw new Error(`"${node.name}" has no panels left to export. Select a storyboard that has panels.`)
        // Number order; two panels with one number (a duplicate not yet renumbered) in reading order.
        panels.sort((a, b) => a.number - b.number || a.y - b.y || a.x - b.x)
        storyboards.push({ id: node.id, name: node.name, running: summariseStoryboard(node).running, panels })
      }
      return storyboards
    },
    exportPanelImage: async ({ panelId }) => {
      const node = await figma.getNodeByIdAsync(panelId)
      if (!node || !isPanel(node)) throw new Error('A panel of this storyboard was deleted while exporting. Export again.')
      const image = imageLayer(node)
      if (!image || !showsImage(image)) throw new Error(`Panel ${panelNumber(node)} has no image to export yet.`)
      const scale = Math.min(PRINT_SCALE, PRINT_MAX_SIDE / Math.max(image.width, image.height))
      const bytes = await image.exportAsync({ format: 'JPG', constraint: { type: 'SCALE', value: scale } })
      // Figma rounds the exported size the same way (see src/host/figma/render/export-node.ts).
      const exported: ExportedPanelImage = {
        panelId,
        bytes,
        width: Math.max(1, Math.round(image.width * scale)),
        height: Math.max(1, Math.round(image.height * scale))
      }
      return exported
    }
  }
}

function textOf(panel: FrameNode, name: string): string | undefined {
  const node = panel.children.find((c): c is TextNode => c.type === 'TEXT' && c.name === name)
  return node?.characters
}

function describePanel(panel: FrameNode): ExportPanel {
  const number = panelNumber(panel) ?? 0
  const image = imageLayer(panel)
  const hasImage = image !== undefined && showsImage(image)
  const status = textOf(panel, 'Status')
  return {
    ...shotListRow(number, textOf(panel, 'Caption') ?? '', readProvenance(panel), referenceNamesOf(panel.parent).referenceNames, textOf(panel, 'Shot')),
    id: panel.id,
    x: panel.x,
    y: panel.y,
    imageWidth: image?.width ?? panel.width,
    imageHeight: image?.height ?? panel.height,
    hasImage,
    ...(!hasImage && { status: status ?? 'No image' })
  }
}
