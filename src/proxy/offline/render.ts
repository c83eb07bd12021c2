// Placeholder images for offline mode, drawn with sharp: exact size and format, a distinct colour per
// panel, the panel number, the prompt (or the panel's beat), the model, and thumbnails of the references
// that were sent, so a person can see that image-to-image and elements received what they uploaded.
import sharp from 'sharp'

import type { OutputFormat } from '../../kling'

export interface RenderReference {
  label: string
  /** A small copy of the image (reference-images.ts checks and shrinks it), or null for a remote URL. */
  bytes: Buffer | null
}

export interface PanelSpec {
  width: number
  height: number
  format: OutputFormat
  index: number
  count: number
  caption: string
  modelLabel: string
  endpoint: string
  references: RenderReference[]
  /** Varies the palette between requests. */
  seed: number
}

export async function renderPanel(spec: PanelSpec): Promise<Buffer> {
  const { width: w, height: h } = spec
  const u = Math.min(w, h) / 100
  const pad = Math.round(4 * u)
  const hue = (spec.seed * 47 + spec.index * 137.5) % 360
  const thumbs = await thumbnails(spec.references, w, u, pad, h)
  const svg = overlaySvg(spec, u, pad, thumbs.size, thumbs.top)
  const image = sharp({ create: { width: w, height: h, channels: 3, background: hslToRgb(hue, 0.45, 0.38) } })
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }, ...thumbs.layers])
  if (spec.format === 'jpeg') return image.jpeg({ quality: 85 }).toBuffer()
  if (spec.format === 'webp') return image.webp({ quality: 85 }).toBuffer()
  return image.png({ compressionLevel: 6 }).toBuffer()
}

async function thumbnails(refs: RenderReference[], w: number, u: number, pad: number, h: number) {
  if (refs.length === 0) return { layers: [], size: 0, top: h }
  const gap = Math.round(2 * u)
  const size = Math.max(8, Math.floor(Math.min(20 * u, (w - 2 * pad - gap * (refs.length - 1)) / refs.length)))
  const top = h - pad - Math.round(4 * u) - size
  const layers = await Promise.all(
    refs.map(async (ref, i) => {
      const left = pad + i * (size + gap)
      const input = ref.bytes ? await toThumb(ref.bytes, size) : null
      return input ? { input, top, left } : null
    })
  )
  return { layers: layers.filter((l): l is NonNullable<typeof l> => l !== null), size, top }
}

async function toThumb(bytes: Buffer, size: number): Promise<Buffer | null> {
  try {
    // Already checked and shrunk once per job; the limit guards a caller that skipped that.
    return await sharp(bytes, { limitInputPixels: 1024 * 1024 }).resize(size, size, { fit: 'cover' }).png().toBuffer()
  } catch {
    return null
  }
}

function overlaySvg(spec: PanelSpec, u: number, pad: number, thumb: number, thumbTop: number): string {
  const { width: w, height: h } = spec
  const big = Math.round(16 * u)
  const small = Math.round(3.2 * u)
  const body = Math.round(3.6 * u)
  const lines = wrap(spec.caption, Math.max(10, Math.floor((w - 2 * pad) / (body * 0.56))), 6)
  const textTop = pad + big + Math.round(9 * u)
  const gap = Math.round(2 * u)
  const refs = spec.references
    .map((r, i) => {
      const x = pad + i * (thumb + gap)
      const frame = `<rect x="${x}" y="${thumbTop}" width="${thumb}" height="${thumb}" fill="#0004" stroke="#fff" stroke-width="${Math.max(1, u / 3)}"/>`
      const missing = r.bytes ? '' : `<text x="${x + thumb / 2}" y="${thumbTop + thumb / 2}" text-anchor="middle" font-size="${small}">remote URL</text>`
      return `${frame}${missing}<text x="${x}" y="${thumbTop + thumb + small * 1.2}" font-size="${small}">${escapeXml(r.label)}</text>`
    })
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
<g font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" fill="#fff">
<text x="${pad}" y="${pad + big}" font-size="${big}" font-weight="bold">${spec.index + 1}/${spec.count}</text>
<text x="${pad}" y="${pad + big + Math.round(5 * u)}" font-size="${small}">${escapeXml(`${spec.modelLabel} · offline placeholder`)}</text>
<text x="${pad}" y="${pad + big + Math.round(8.5 * u)}" font-size="${Math.round(2.6 * u)}" font-family="DejaVu Sans Mono, monospace">${escapeXml(spec.endpoint)}</text>
${lines.map((l, i) => `<text x="${pad}" y="${textTop + (i + 1) * body * 1.3}" font-size="${body}">${escapeXml(l)}</text>`).join('\n')}
${refs}
</g></svg>`
}

function wrap(text: string, perLine: number, maxLines: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ')
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    const next = line ? `${line} ${word}` : word
    if (next.length > perLine && line) {
      lines.push(line)
      line = word.slice(0, perLine)
    } else line = next.slice(0, perLine)
    if (lines.length === maxLines) break
  }
  if (line && lines.length < maxLines) lines.push(line)
  const truncated = lines.join(' ').length < text.replace(/\s+/g, ' ').trim().length
  if (truncated && lines.length > 0) lines[lines.length - 1] = `${(lines[lines.length - 1] as string).slice(0, perLine - 1)}…`
  return lines
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}

function hslToRgb(h: number, s: number, l: number): { r: number; g: number; b: number } {
  const k = (n: number) => (n + h / 30) % 12
  const a = s * Math.min(l, 1 - l)
  const f = (n: number) => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))))
  return { r: f(0), g: f(8), b: f(4) }
}
