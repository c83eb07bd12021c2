// A pure serializer from a node subtree to SVG: what exportAsync rasterizes and the playground draws.
// It draws what the plugin uses (boxes with solid and image fills, clipping, strokes, text); effects,
// gradients, blend modes and rotations are not drawn.
import { toBase64 } from '../base64'
import { MIME_TYPES } from '../../../image-info'
import type { ImageStore } from '../image-store'
import { fontWeight } from '../fonts'
import type { NodeImpl } from '../nodes/base-node'
import { SceneImpl, union, type Box } from '../nodes/scene-node'
import { TextImpl } from '../nodes/text-node'
import { unwrap } from '../strict'

export interface SvgOptions {
  /** Area of the canvas to draw, in absolute coordinates; defaults to the node's render bounds. */
  box?: Box
  /** Output size in pixels; defaults to the box size (1 px per canvas unit). */
  width?: number
  height?: number
  /** CSS colour painted under everything (JPEG exports, the playground canvas). */
  background?: string
  /**
   * Where an image fill's pixels are read from; a data URL of the bytes by default. The playground canvas
   * passes object URLs it keeps per hash, so a redraw does not encode every image again.
   */
  imageHref?: (hash: string, bytes: Uint8Array, mimeType: string) => string
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const n = (v: number): string => String(Math.round(v * 1000) / 1000)
const rgb = (c: RGB): string => `rgb(${Math.round(c.r * 255)},${Math.round(c.g * 255)},${Math.round(c.b * 255)})`

class SvgWriter {
  private clipCount = 0
  readonly defs: string[] = []
  private readonly dataUris = new Map<string, string>()

  constructor(
    private readonly images: ImageStore,
    private readonly imageHref?: SvgOptions['imageHref']
  ) {}

  dataUri(hash: string): string | null {
    const cached = this.dataUris.get(hash)
    if (cached) return cached
    const bytes = this.images.bytes(hash)
    const info = this.images.info(hash)
    if (!bytes || !info) return null
    const mime = MIME_TYPES[info.format]
    const uri = this.imageHref ? this.imageHref(hash, bytes, mime) : `data:${mime};base64,${toBase64(bytes)}`
    this.dataUris.set(hash, uri)
    return uri
  }

  clip(b: Box, radius: number): string {
    const id = `clip${++this.clipCount}`
    this.defs.push(`<clipPath id="${id}"><rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="${n(radius)}"/></clipPath>`)
    return id
  }

  paints(paints: ReadonlyArray<Paint>, b: Box, radius: number): string {
    let out = ''
    for (const p of paints) {
      if (p.visible === false) continue
      const opacity = p.opacity ?? 1
      if (p.type === 'SOLID') {
        out += `<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="${n(radius)}" fill="${rgb(p.color)}"${opacity < 1 ? ` fill-opacity="${n(opacity)}"` : ''}/>`
      } else if (p.type === 'IMAGE' && p.imageHash) {
        const uri = this.dataUri(p.imageHash)
        if (!uri) continue
        // FILL covers the box (cropping), FIT shows the whole image; CROP and TILE are drawn as FILL.
        const aspect = p.scaleMode === 'FIT' ? 'xMidYMid meet' : 'xMidYMid slice'
        const clip = radius > 0 ? ` clip-path="url(#${this.clip(b, radius)})"` : ''
        out += `<image x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" preserveAspectRatio="${aspect}"${opacity < 1 ? ` opacity="${n(opacity)}"` : ''}${clip} xlink:href="${uri}"/>`
      }
    }
    return out
  }

  strokes(node: SceneImpl & { _strokes?: ReadonlyArray<Paint>; _strokeWeight?: number }, b: Box, radius: number): string {
    const weight = node._strokeWeight ?? 0
    let out = ''
    for (const p of node._strokes ?? []) {
      if (p.visible === false || p.type !== 'SOLID' || weight <= 0) continue
      // Drawn inside the box (Figma's default stroke alignment for frames and rectangles).
      const h = weight / 2
      out += `<rect x="${n(b.x + h)}" y="${n(b.y + h)}" width="${n(Math.max(0, b.width - weight))}" height="${n(Math.max(0, b.height - weight))}" rx="${n(Math.max(0, radius - h))}" fill="none" stroke="${rgb(p.color)}" stroke-width="${n(weight)}"${(p.opacity ?? 1) < 1 ? ` stroke-opacity="${n(p.opacity ?? 1)}"` : ''}/>`
    }
    return out
  }

  text(node: TextImpl, b: Box): string {
    const layout = node._layout()
    const fill = node._fills.find((p): p is SolidPaint => p.type === 'SOLID' && p.visible !== false)
    if (!fill || node._characters === '') return ''
    const size = node._fontSize
    const anchor = node._alignH === 'CENTER' ? 'middle' : node._alignH === 'RIGHT' ? 'end' : 'start'
    const x = anchor === 'middle' ? b.x + b.width / 2 : anchor === 'end' ? b.x + b.width : b.x
    // Baseline: the line box centres the em box; the ascent is about 0.8 em for Inter.
    const baseline = (i: number): number => b.y + i * layout.lineHeight + (layout.lineHeight - size) / 2 + size * 0.8
    const spans = layout.lines.map((line, i) => `<tspan x="${n(x)}" y="${n(baseline(i))}">${esc(line)}</tspan>`).join('')
    return (
      `<text font-family="${esc(node._fontName.family)}, sans-serif" font-size="${n(size)}" font-weight="${fontWeight(node._fontName.style)}" ` +
      `fill="${rgb(fill.color)}"${(fill.opacity ?? 1) < 1 ? ` fill-opacity="${n(fill.opacity ?? 1)}"` : ''} text-anchor="${anchor}" xml:space="preserve">${spans}</text>`
    )
  }

  node(impl: NodeImpl): string {
    if (!(impl instanceof SceneImpl) || !impl._visible) return ''
    const b = impl._absBox()
    const painted = impl as SceneImpl & { _fills?: ReadonlyArray<Paint>; _cornerRadius?: number }
    const radius = painted._cornerRadius ?? 0
    let out = ''
    if (impl instanceof TextImpl) out += this.text(impl, b)
    else if (painted._fills) out += this.paints(painted._fills, b, radius)
    if (impl._children && impl._children.length > 0) {
      const kids = impl._children.map((c) => this.node(c)).join('')
      out += impl._clips() ? `<g clip-path="url(#${this.clip(b, radius)})">${kids}</g>` : kids
    }
    if (!(impl instanceof TextImpl)) out += this.strokes(impl, b, radius)
    return impl._opacity < 1 ? `<g opacity="${n(impl._opacity)}">${out}</g>` : out
  }
}

/** The bounds a render of these nodes covers (visible parts only), or null when nothing is visible. */
export function renderBounds(nodes: NodeImpl[]): Box | null {
  let box: Box | null = null
  for (const node of nodes) {
    const b = node instanceof SceneImpl ? node._renderBox() : null
    if (b) box = box ? union(box, b) : b
  }
  return box
}

/**
 * SVG of a node (or a page: all its children), in absolute canvas coordinates scaled to the output size.
 * Accepts the plugin-facing proxies or the implementation objects.
 */
export function renderSvg(node: BaseNode | NodeImpl, images: ImageStore, options: SvgOptions = {}): string {
  const impl = unwrap(node) as NodeImpl
  const roots = impl instanceof SceneImpl ? [impl] : (impl._children ?? [])
  const box = options.box ?? renderBounds(roots) ?? { x: 0, y: 0, width: 1, height: 1 }
  const width = options.width ?? box.width
  const height = options.height ?? box.height
  const writer = new SvgWriter(images, options.imageHref)
  const body = roots.map((r) => writer.node(r)).join('')
  const bg = options.background
    ? `<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" fill="${esc(options.background)}"/>`
    : ''
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${n(width)}" height="${n(height)}" ` +
    `viewBox="${n(box.x)} ${n(box.y)} ${n(box.width)} ${n(box.height)}" preserveAspectRatio="none">` +
    `<defs>${writer.defs.join('')}</defs>${bg}${body}</svg>`
  )
}
