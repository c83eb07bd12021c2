// exportAsync: the node's render bounds, scaled by the constraint, drawn by the injected rasterizer.
import type { ImageStore } from '../image-store'
import type { SceneImpl } from '../nodes/scene-node'
import { NotImplementedError } from '../strict'
import { displayList, type DisplayList } from './display-list'
import { renderSvg } from './svg'

export type RasterFormat = 'PNG' | 'JPG'

/** Turns an SVG into image bytes of exactly width × height pixels (sharp in Node, a canvas in browsers). */
export type Rasterizer = (svg: string, width: number, height: number, format: RasterFormat) => Promise<Uint8Array>

/**
 * Draws a display list straight to image bytes (a browser's canvas, each image decoded once and kept);
 * returns null, before reading anything, when it cannot draw this list, and the SVG path is used instead.
 */
export type ListRasterizer = (list: DisplayList, format: RasterFormat) => Promise<Uint8Array> | null

const KNOWN_KEYS = new Set(['format', 'constraint', 'contentsOnly', 'useAbsoluteBounds', 'suffix', 'colorProfile', 'svgOutlineText', 'svgIdAttribute', 'svgSimplifyStroke'])

/** Output pixel size for a box under an export constraint, as Figma rounds it. */
export function exportSize(box: { width: number; height: number }, constraint: ExportSettingsConstraints | undefined): { width: number; height: number } {
  let scale = 1
  if (constraint) {
    const { type, value } = constraint
    if (typeof value !== 'number' || !(value > 0)) throw new Error('in exportAsync: Expected "constraint.value" to be a positive number')
    if (type === 'SCALE') scale = value
    else if (type === 'WIDTH') scale = value / box.width
    else if (type === 'HEIGHT') scale = value / box.height
    else throw new Error(`in exportAsync: Invalid constraint type "${String(type)}", expected SCALE, WIDTH or HEIGHT`)
  }
  return { width: Math.max(1, Math.round(box.width * scale)), height: Math.max(1, Math.round(box.height * scale)) }
}

export async function exportNode(
  node: SceneImpl,
  settings: ExportSettings | undefined,
  images: ImageStore,
  rasterize: Rasterizer,
  rasterizeList?: ListRasterizer
): Promise<Uint8Array | string> {
  const s = (settings ?? { format: 'PNG' }) as ExportSettings & Record<string, unknown>
  if (typeof s !== 'object' || s === null) throw new Error('in exportAsync: Expected "settings" to be an object')
  for (const key of Object.keys(s)) if (!KNOWN_KEYS.has(key)) throw new Error(`in exportAsync: Unknown export setting "${key}"`)
  const format = (s.format ?? 'PNG') as string
  // Export sees the document as it is now; the work itself happens later, as in Figma.
  const box = node._exportBox(s.useAbsoluteBounds === true)
  if (!box || box.width <= 0 || box.height <= 0) {
    throw new Error('in exportAsync: Failed to export node. This node may not have any visible layers.')
  }
  if (format === 'SVG' || format === 'SVG_STRING') {
    const svg = renderSvg(node, images, { box })
    return format === 'SVG_STRING' ? svg : new TextEncoder().encode(svg)
  }
  if (format !== 'PNG' && format !== 'JPG') {
    if (format === 'PDF' || format === 'JSON_REST_V1') throw new NotImplementedError(`exportAsync({ format: "${format}" })`)
    throw new Error(`in exportAsync: Invalid format "${String(format)}", expected PNG, JPG, SVG, SVG_STRING or PDF`)
  }
  const size = exportSize(box, s.constraint as ExportSettingsConstraints | undefined)
  // JPEG has no alpha: Figma puts transparent areas on white.
  const background = format === 'JPG' ? '#ffffff' : undefined
  // Both are read from the document now, before any await: the export is of the document as it was called.
  const drawn = rasterizeList?.(displayList(node, images, { box, ...size, background }), format)
  if (drawn) return await drawn
  const svg = renderSvg(node, images, { box, ...size, background })
  const bytes = await rasterize(svg, size.width, size.height, format)
  return bytes
}
