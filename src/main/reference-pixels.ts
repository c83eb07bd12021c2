// What a reference frame will really export: its image fills' own pixels (read from Figma) decide how far
// the export may be enlarged, and so whether Kling's 300 px minimum is met (src/kling/export-pixels.ts).
import { checkExportPixels, type ExportCheck } from '../kling/export-pixels'

/**
 * Source pixels per canvas pixel of the node's visible image fills (the sharpest one); 1 without any.
 * Conservative for any scale mode: the image's smaller ratio to the node's box.
 */
export async function sourceScaleOf(node: SceneNode): Promise<number> {
  if (!('fills' in node) || !Array.isArray(node.fills)) return 1
  let best = 1
  for (const paint of node.fills as readonly Paint[]) {
    if (paint.type !== 'IMAGE' || paint.visible === false || !paint.imageHash) continue
    const image = figma.getImageByHash(paint.imageHash)
    if (!image) continue
    const size = await image.getSizeAsync()
    best = Math.max(best, Math.min(size.width / Math.max(node.width, 1), size.height / Math.max(node.height, 1)))
  }
  return best
}

export async function checkReferencePixels(node: SceneNode, box: { width: number; height: number }): Promise<ExportCheck> {
  return checkExportPixels({ name: node.name, width: box.width, height: box.height }, await sourceScaleOf(node))
}
