// Exports one reference frame at a bounded size. A 20,000 px frame is never exported at full size
// (slow, and can freeze Figma); Kling gains nothing from more pixels than the output has.
import { readImageInfo } from '../image-info'
import { MAX_REFERENCE_BYTES } from '../kling/reference-rules'
import type { ExportedReference } from '../messages'

export interface ExportPlan {
  format: 'PNG' | 'JPG'
  constraint: ExportSettingsConstraints
  width: number
  height: number
}

/**
 * Longest side at most `maxSide`, never enlarged beyond `maxScale` (1: the node's size on the canvas; more
 * for a layer whose image fill has more pixels than it shows); JPEG unless transparency matters.
 */
export function planExport(size: { width: number; height: number }, maxSide: number, opaque: boolean, maxScale = 1): ExportPlan {
  const long = Math.max(size.width, size.height)
  const scale = Math.min(maxScale, maxSide / long)
  // Enlarged (to reach Kling's 300 px minimum, or an image fill's pixels): rounded up, so the side Figma
  // derives from the constraint cannot land a fraction under the minimum.
  const round = scale > 1 ? Math.ceil : Math.round
  const width = Math.max(1, round(size.width * scale - 1e-9))
  const height = Math.max(1, round(size.height * scale - 1e-9))
  const constraint: ExportSettingsConstraints =
    size.width >= size.height ? { type: 'WIDTH', value: width } : { type: 'HEIGHT', value: height }
  return { format: opaque ? 'JPG' : 'PNG', constraint, width, height }
}

/**
 * A node is opaque when its own top fill covers it fully: a visible solid or image fill at full
 * opacity on a rectangular node. Anything else (groups, ellipses, translucent frames) may have
 * transparent pixels that JPEG would turn black, so it is exported as PNG.
 */
export function isOpaque(node: SceneNode): boolean {
  if (node.type === 'GROUP' || node.type === 'ELLIPSE' || !('fills' in node)) return false
  if ('opacity' in node && node.opacity < 1) return false
  // Rounded corners leave transparent pixels that JPEG would fill.
  if ('cornerRadius' in node && node.cornerRadius !== 0) return false
  const fills = node.fills
  if (!Array.isArray(fills)) return false
  return fills.some(
    (p: Paint) =>
      p.visible !== false &&
      (p.opacity ?? 1) === 1 &&
      ((p.type === 'SOLID' && (p as SolidPaint).color !== undefined) || (p.type === 'IMAGE' && p.scaleMode !== 'FIT'))
  )
}

/** Tries at most: the first export, then smaller ones while an enlarged export is over fal's size limit. */
const SHRINK_ATTEMPTS = 3

export async function exportReference(node: SceneNode, maxSide: number, maxScale = 1): Promise<Omit<ExportedReference, 'exportId'>> {
  if (!('exportAsync' in node)) throw new Error(`"${(node as BaseNode).name}" can't be exported as an image.`)
  const opaque = isOpaque(node)
  let plan = planExport(node, maxSide, opaque, maxScale)
  let bytes = await node.exportAsync({ format: plan.format, constraint: plan.constraint })
  // Enlarged to an image fill's own pixels, a PNG (rounded corners, transparency) of a photograph can pass
  // fal's 10 MB: the enlargement gives way first, never below the node's own size, before anything is sent.
  for (let attempt = 1; attempt < SHRINK_ATTEMPTS && bytes.byteLength > MAX_REFERENCE_BYTES; attempt++) {
    const scale = plan.width / Math.max(1, node.width)
    if (scale <= 1) break
    const smaller = Math.max(1, scale * Math.sqrt(MAX_REFERENCE_BYTES / bytes.byteLength) * 0.9)
    plan = planExport(node, maxSide, opaque, smaller)
    bytes = await node.exportAsync({ format: plan.format, constraint: plan.constraint })
  }
  // Figma exports the render bounds (overflowing children, effects), which can differ from the
  // node's own box: the size Kling's rules are checked against is read from the bytes themselves.
  const size = readImageInfo(bytes) ?? plan
  return {
    nodeId: node.id,
    name: node.name,
    bytes,
    mimeType: plan.format === 'JPG' ? 'image/jpeg' : 'image/png',
    width: size.width,
    height: size.height
  }
}
