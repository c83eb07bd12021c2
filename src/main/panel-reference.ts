// "Use as reference": a panel's current image (its Image layer, not the panel with its number and caption)
// offered as a reference for the next generation. The layer is only 480 canvas units long, but its fill
// holds the full image, so it is exported at the image's own resolution (reference-pixels.ts reads it, as for any
// frame with an image fill; bounded as any reference is).
import { checkReferenceImage } from '../kling/reference-rules'
import type { ReferenceSummary } from '../messages'
import { imageLayer, isPanel } from './keyframe-nodes'

/** The panel's image layer and the image it shows, or undefined while no image has arrived. */
export function panelImageOf(panel: FrameNode): { layer: RectangleNode; hash: string } | undefined {
  const layer = imageLayer(panel)
  if (!layer || layer.fills === figma.mixed) return undefined
  const paint = (layer.fills as readonly Paint[]).find((p): p is ImagePaint => p.type === 'IMAGE' && p.visible !== false && p.imageHash !== null)
  return paint?.imageHash ? { layer, hash: paint.imageHash } : undefined
}

export async function panelReference(panelId: string): Promise<ReferenceSummary> {
  const panel = await figma.getNodeByIdAsync(panelId)
  if (!panel || !isPanel(panel)) throw new Error('That panel is no longer in the file. Select a panel again.')
  const image = panelImageOf(panel)
  if (!image) throw new Error(`"${panel.name}" has no image yet. Wait for its image to arrive, then use it as a reference.`)
  const size = await imageSize(image.hash)
  const name = `${panel.name} image`
  const problems: ReferenceSummary['problems'] = checkReferenceImage({ name, ...size })
  if (!panel.visible || !image.layer.visible) {
    problems.push({ reason: 'hidden', message: `"${name}" is hidden, so it would export empty.`, fix: `Show "${panel.name}" (or remove it).` })
  }
  return { id: image.layer.id, name, type: image.layer.type, ...size, defaultRole: 'image', problems }
}

async function imageSize(hash: string): Promise<{ width: number; height: number }> {
  const image = figma.getImageByHash(hash)
  if (!image) throw new Error('The panel\'s image is missing from the file. Regenerate the panel.')
  return image.getSizeAsync()
}
