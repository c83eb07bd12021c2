// The host's export drawn on a canvas from a display list: each image fill is decoded once per hash and
// kept (a native export does not decode the file's images again), then drawn, and the canvas encoded by
// the same encoder as rasterize.ts. Draws what svg.ts draws; anything it does not know goes to the SVG path.
import type { DisplayList, DrawOp, ListRasterizer, RasterFormat } from '../../host/figma'
import { canvasToBytes } from './rasterize'

type Ctx = CanvasRenderingContext2D
type Box = { x: number; y: number; width: number; height: number }

const KNOWN_OPS = new Set<DrawOp['op']>(['fill', 'image', 'stroke', 'text', 'clip', 'layer'])

/** Decoded images kept at most; a 2K photograph decoded is about 16 MB. */
const MAX_DECODED = 24

/** Where the time of each export goes, as performance measures (the overhead bench reads them). */
export const EXPORT_MEASURES = { decode: 'host-export:decode', draw: 'host-export:draw', encode: 'host-export:encode' } as const

function measure(name: string, start: number, detail: Record<string, unknown>): void {
  performance.measure(name, { start, end: performance.now(), detail })
}

/** A box's outline with SVG's rx semantics: the radius clamped to half of each side on its own. */
function boxPath(ctx: Ctx, b: Box, radius: number): void {
  ctx.beginPath()
  const rx = Math.min(Math.max(0, radius), b.width / 2)
  const ry = Math.min(Math.max(0, radius), b.height / 2)
  if (rx <= 0 || ry <= 0) {
    ctx.rect(b.x, b.y, b.width, b.height)
    return
  }
  const r = b.x + b.width
  const btm = b.y + b.height
  ctx.moveTo(b.x + rx, b.y)
  ctx.lineTo(r - rx, b.y)
  ctx.ellipse(r - rx, b.y + ry, rx, ry, 0, -Math.PI / 2, 0)
  ctx.lineTo(r, btm - ry)
  ctx.ellipse(r - rx, btm - ry, rx, ry, 0, 0, Math.PI / 2)
  ctx.lineTo(b.x + rx, btm)
  ctx.ellipse(b.x + rx, btm - ry, rx, ry, 0, Math.PI / 2, Math.PI)
  ctx.lineTo(b.x, b.y + ry)
  ctx.ellipse(b.x + rx, b.y + ry, rx, ry, 0, Math.PI, (3 * Math.PI) / 2)
  ctx.closePath()
}

// SVG draws nothing for a rect without area (a stroke would otherwise be a line).
const empty = (b: Box): boolean => !(b.width > 0) || !(b.height > 0)

function knows(ops: DrawOp[]): boolean {
  return ops.every((o) => KNOWN_OPS.has(o.op) && (o.op === 'clip' || o.op === 'layer' ? knows(o.ops) : true))
}

export interface CanvasListRasterizer {
  rasterize: ListRasterizer
  /** Images decoded so far (each hash once while kept): what the tests check reuse by. */
  readonly decodes: number
}

export function createListRasterizer(): CanvasListRasterizer {
  const decoded = new Map<string, Promise<ImageBitmap | null>>()
  let decodes = 0

  function bitmap(hash: string, bytes: Uint8Array, mimeType: string): Promise<ImageBitmap | null> {
    let found = decoded.get(hash)
    if (found) {
      decoded.delete(hash) // most recently used last
      decoded.set(hash, found)
      return found
    }
    decodes += 1
    // An image the browser cannot decode draws nothing, as an SVG <image> that fails to load.
    found = createImageBitmap(new Blob([bytes as BlobPart], { type: mimeType })).catch(() => null)
    decoded.set(hash, found)
    while (decoded.size > MAX_DECODED) {
      const [oldest, entry] = decoded.entries().next().value!
      decoded.delete(oldest)
      void entry.then((b) => b?.close())
    }
    return found
  }

  function draw(ctx: Ctx, ops: DrawOp[], bitmaps: Map<string, ImageBitmap | null>, list: DisplayList): void {
    for (const o of ops) {
      ctx.save()
      switch (o.op) {
        case 'fill':
          if (!empty(o.box)) {
            ctx.globalAlpha = o.alpha
            ctx.fillStyle = o.color
            boxPath(ctx, o.box, o.radius)
            ctx.fill()
          }
          break
        case 'stroke':
          if (!empty(o.box)) {
            ctx.globalAlpha = o.alpha
            ctx.strokeStyle = o.color
            ctx.lineWidth = o.width
            boxPath(ctx, o.box, o.radius)
            ctx.stroke()
          }
          break
        case 'image': {
          const image = bitmaps.get(o.hash)
          if (!image || empty(o.box)) break
          // An SVG <image> shows only its viewport (slice crops to it), clipped further by a rounded box.
          boxPath(ctx, o.box, o.radius)
          ctx.clip()
          const scale = (o.fit ? Math.min : Math.max)(o.box.width / image.width, o.box.height / image.height)
          const w = image.width * scale
          const h = image.height * scale
          ctx.globalAlpha = o.alpha
          ctx.drawImage(image, o.box.x + (o.box.width - w) / 2, o.box.y + (o.box.height - h) / 2, w, h)
          break
        }
        case 'text':
          ctx.globalAlpha = o.alpha
          ctx.fillStyle = o.color
          ctx.font = o.font
          ctx.textAlign = o.align
          ctx.textBaseline = 'alphabetic'
          for (const line of o.lines) ctx.fillText(line.text, line.x, line.y)
          break
        case 'clip':
          boxPath(ctx, o.box, o.radius)
          ctx.clip()
          draw(ctx, o.ops, bitmaps, list)
          break
        case 'layer': {
          // Group opacity: the children composited together, then faded as one (overlaps do not show through).
          const layer = canvas(ctx.canvas.width, ctx.canvas.height)
          transform(layer, list)
          draw(layer, o.ops, bitmaps, list)
          ctx.setTransform(1, 0, 0, 1, 0, 0)
          ctx.globalAlpha = o.alpha
          ctx.drawImage(layer.canvas, 0, 0)
          break
        }
      }
      ctx.restore()
    }
  }

  const rasterize: ListRasterizer = (list: DisplayList, format: RasterFormat) => {
    if (!knows(list.ops) || typeof createImageBitmap !== 'function') return null
    return (async () => {
      let started = performance.now()
      const before = decodes
      const bitmaps = new Map<string, ImageBitmap | null>()
      await Promise.all([...list.images].map(async ([hash, image]) => bitmaps.set(hash, await bitmap(hash, image.bytes, image.mimeType))))
      const detail = { format, width: list.width, height: list.height }
      measure(EXPORT_MEASURES.decode, started, { ...detail, decoded: decodes - before })
      started = performance.now()
      const ctx = canvas(list.width, list.height)
      if (list.background) {
        ctx.fillStyle = list.background
        ctx.fillRect(0, 0, list.width, list.height)
      }
      transform(ctx, list)
      draw(ctx, list.ops, bitmaps, list)
      measure(EXPORT_MEASURES.draw, started, detail)
      started = performance.now()
      const bytes = await canvasToBytes(ctx.canvas as HTMLCanvasElement, format === 'JPG' ? 'image/jpeg' : 'image/png')
      measure(EXPORT_MEASURES.encode, started, detail)
      return bytes
    })()
  }

  return {
    rasterize,
    get decodes() {
      return decodes
    }
  }
}

function canvas(width: number, height: number): Ctx {
  const el = document.createElement('canvas')
  el.width = width
  el.height = height
  const ctx = el.getContext('2d')
  if (!ctx) throw new Error('No 2D canvas in this browser')
  return ctx
}

/** The list's box (absolute canvas units) onto the output pixels, stretched as the SVG's preserveAspectRatio="none". */
function transform(ctx: Ctx, list: DisplayList): void {
  const sx = list.width / list.box.width
  const sy = list.height / list.box.height
  ctx.setTransform(sx, 0, 0, sy, -list.box.x * sx, -list.box.y * sy)
}
