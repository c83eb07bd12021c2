// The same drawing as svg.ts, as a list of canvas operations: what a browser's rasterizer executes on a
// canvas without building an SVG with every image fill embedded as base64. Read from the document
// synchronously (export sees the document as it is when called); images are referenced by hash, so a
// rasterizer can decode each image once and reuse it. Keep the two in step: svg.ts is the reference.
import { MIME_TYPES } from '../../../image-info'
import type { ImageStore } from '../image-store'
import { fontWeight } from '../fonts'
import type { NodeImpl } from '../nodes/base-node'
import { SceneImpl, type Box } from '../nodes/scene-node'
import { TextImpl } from '../nodes/text-node'

export type DrawOp =
  /** A box filled with a colour; `radius` as SVG's rx (clamped to each half side). */
  | { op: 'fill'; box: Box; radius: number; color: string; alpha: number }
  /** An image fill: scaled to cover (`fit` false) or fit inside the box, clipped to the (rounded) box. */
  | { op: 'image'; box: Box; radius: number; hash: string; fit: boolean; alpha: number }
  /** A stroke centred on this (already inset) box. */
  | { op: 'stroke'; box: Box; radius: number; color: string; width: number; alpha: number }
  | { op: 'text'; font: string; color: string; alpha: number; align: 'left' | 'center' | 'right'; lines: { text: string; x: number; y: number }[] }
  /** Children drawn inside a clip of the (rounded) box. */
  | { op: 'clip'; box: Box; radius: number; ops: DrawOp[] }
  /** A group drawn on its own, then composited at `alpha` (SVG's group opacity). */
  | { op: 'layer'; alpha: number; ops: DrawOp[] }

export interface DisplayImage {
  bytes: Uint8Array
  mimeType: string
}

export interface DisplayList {
  /** Canvas area drawn, in absolute coordinates, and the output size it is scaled to. */
  box: Box
  width: number
  height: number
  /** Painted under everything (JPEG exports); none for a transparent PNG. */
  background?: string
  ops: DrawOp[]
  /** The bytes of every image the ops use, by hash (the store's own arrays, not copies). */
  images: Map<string, DisplayImage>
}

const rgb = (c: RGB): string => `rgb(${Math.round(c.r * 255)},${Math.round(c.g * 255)},${Math.round(c.b * 255)})`

class ListWriter {
  readonly images = new Map<string, DisplayImage>()
  constructor(private readonly store: ImageStore) {}

  private image(hash: string): boolean {
    if (this.images.has(hash)) return true
    const bytes = this.store.bytes(hash)
    const info = this.store.info(hash)
    if (!bytes || !info) return false
    this.images.set(hash, { bytes, mimeType: MIME_TYPES[info.format] })
    return true
  }

  paints(paints: ReadonlyArray<Paint>, box: Box, radius: number, out: DrawOp[]): void {
    for (const p of paints) {
      if (p.visible === false) continue
      const alpha = p.opacity ?? 1
      if (p.type === 'SOLID') out.push({ op: 'fill', box, radius, color: rgb(p.color), alpha })
      // FILL covers the box (cropping), FIT shows the whole image; CROP and TILE are drawn as FILL (as svg.ts).
      else if (p.type === 'IMAGE' && p.imageHash && this.image(p.imageHash)) out.push({ op: 'image', box, radius, hash: p.imageHash, fit: p.scaleMode === 'FIT', alpha })
    }
  }

  strokes(node: SceneImpl & { _strokes?: ReadonlyArray<Paint>; _strokeWeight?: number }, b: Box, radius: number, out: DrawOp[]): void {
    const weight = node._strokeWeight ?? 0
    for (const p of node._strokes ?? []) {
      if (p.visible === false || p.type !== 'SOLID' || weight <= 0) continue
      // Inside the box, as svg.ts draws it.
      const h = weight / 2
      const box = { x: b.x + h, y: b.y + h, width: Math.max(0, b.width - weight), height: Math.max(0, b.height - weight) }
      out.push({ op: 'stroke', box, radius: Math.max(0, radius - h), color: rgb(p.color), width: weight, alpha: p.opacity ?? 1 })
    }
  }

  text(node: TextImpl, b: Box, out: DrawOp[]): void {
    const layout = node._layout()
    const fill = node._fills.find((p): p is SolidPaint => p.type === 'SOLID' && p.visible !== false)
    if (!fill || node._characters === '') return
    const size = node._fontSize
    const align = node._alignH === 'CENTER' ? 'center' : node._alignH === 'RIGHT' ? 'right' : 'left'
    const x = align === 'center' ? b.x + b.width / 2 : align === 'right' ? b.x + b.width : b.x
    const baseline = (i: number): number => b.y + i * layout.lineHeight + (layout.lineHeight - size) / 2 + size * 0.8
    const family = node._fontName.family.replace(/["\\]/g, '')
    out.push({
      op: 'text',
      font: `${fontWeight(node._fontName.style)} ${size}px "${family}", sans-serif`,
      color: rgb(fill.color),
      alpha: fill.opacity ?? 1,
      align,
      lines: layout.lines.map((text, i) => ({ text, x, y: baseline(i) }))
    })
  }

  node(impl: NodeImpl, parent: DrawOp[]): void {
    if (!(impl instanceof SceneImpl) || !impl._visible) return
    const b = impl._absBox()
    const painted = impl as SceneImpl & { _fills?: ReadonlyArray<Paint>; _cornerRadius?: number }
    const radius = painted._cornerRadius ?? 0
    const out: DrawOp[] = impl._opacity < 1 ? [] : parent
    if (impl instanceof TextImpl) this.text(impl, b, out)
    else if (painted._fills) this.paints(painted._fills, b, radius, out)
    if (impl._children && impl._children.length > 0) {
      const kids: DrawOp[] = impl._clips() ? [] : out
      for (const c of impl._children) this.node(c, kids)
      if (impl._clips()) out.push({ op: 'clip', box: b, radius, ops: kids })
    }
    if (!(impl instanceof TextImpl)) this.strokes(impl, b, radius, out)
    if (out !== parent) parent.push({ op: 'layer', alpha: impl._opacity, ops: out })
  }
}

/** The display list of a node's export: `box` in absolute coordinates, drawn at width × height pixels. */
export function displayList(node: SceneImpl, images: ImageStore, target: { box: Box; width: number; height: number; background?: string }): DisplayList {
  const writer = new ListWriter(images)
  const ops: DrawOp[] = []
  writer.node(node, ops)
  return { ...target, ops, images: writer.images }
}
