// 2. Bytes the plugin uploads for four 1920×1080 photographic reference frames, per resolution, against:
// - the naive way (each frame at 2x as PNG, base64 in the request), which could never be sent: it is far over
//   fal's 10 MB per image and the proxy's 1 MB JSON cap, so it is shown, never used as the goal's baseline;
// - the sensible baseline: a plain JPEG of each frame at its own size, quality 0.9, what a plugin author writes
//   without thinking about size;
// - the physical limit: only the pixels the model reads at that resolution, as JPEG at the quality of
//   Keyframe's own export, so the gap to it is the bytes Keyframe could still save by choosing better sizes.
// The baseline and the limit are encoded from the frames' own pixels with sharp, not through Keyframe's code.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import sharp from 'sharp'

import type { DocumentJson } from '../src/host/figma'
import { nominalOutputSize } from '../src/kling/output-size'
import type { Resolution } from '../src/kling/schemas'
import { REFERENCE_MAX_SIDE } from '../src/messages'
import { startProxy } from '../src/proxy/server'
import { uploadReferences } from '../src/ui/jobs/upload-references'
import { HOST_JPEG_QUALITY } from '../src/dev/node-rasterizer'
import { runBuiltPlugin } from './built-plugin'
import { nodeJobDeps } from './node-job-deps'
import { photoPng } from './photos'

export const FRAME = { width: 1920, height: 1080 }

/** The sensible baseline's JPEG quality (0.9, as a plugin author would pass to canvas.toBlob). */
export const PLAIN_JPEG_QUALITY = 90

/**
 * The longest side the model reads from a reference at a resolution. Neither fal nor Kling documents what
 * becomes of a reference image, so this assumes the model reads no more than its output has: the long side
 * Keyframe sizes panels by (src/kling/output-size.ts, from the guide: ~1024 px at 1K, ~2048 at 2K, ~4096 at
 * 4K), and never more than the frame itself.
 */
export function modelReadSide(resolution: Resolution): number {
  return nominalOutputSize(resolution, '1:1').width
}

/**
 * 4K is left out: Keyframe exports at REFERENCE_MAX_SIDE['4K'] = 2048 px, as at 2K, and a 1920×1080 frame is
 * under both that and the 4K read side, so its row would repeat 2K's.
 */
export const RESOLUTIONS = ['1K', '2K'] as const satisfies readonly Resolution[]

export interface ReferenceBytesRow {
  resolution: Resolution
  /** Each frame at 2x as PNG, base64: could never be sent. */
  naiveBytes: number
  /** Each frame as JPEG q 0.9 at its own size. */
  plainJpegBytes: number
  /** What Keyframe uploads, first time. */
  keyframeBytes: number
  keyframeSize: string
  /** The frames at the size the model reads, JPEG at Keyframe's quality. */
  limitBytes: number
  limitSize: string
  /** What Keyframe uploads for the same frames again. */
  repeatBytes: number
}

export function mb(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(2)} MB`
}

function scaledTo(size: { width: number; height: number }, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(size.width, size.height))
  return { width: Math.round(size.width * scale), height: Math.round(size.height * scale) }
}

async function jpegBytes(png: Buffer, size: { width: number; height: number }, quality: number): Promise<number> {
  const out = await sharp(png).resize(size.width, size.height, { fit: 'fill' }).jpeg({ quality }).toBuffer()
  return out.byteLength
}

export async function measureReferenceBytes(): Promise<ReferenceBytesRow[]> {
  const frames = await Promise.all([1, 2, 3, 4].map((i) => photoPng(FRAME.width, FRAME.height, i)))
  const pngs = frames.map((image) => Buffer.from(image, 'base64'))
  const document: DocumentJson = {
    children: frames.map((image, i) => ({ type: 'FRAME' as const, id: `2:${i + 1}`, name: `Still ${i + 1}`, x: i * 2000, y: 0, ...FRAME, fills: [{ type: 'IMAGE' as const, image }] }))
  }
  const refs = frames.map((_, i) => ({ id: `2:${i + 1}`, name: `Still ${i + 1}`, role: 'image' as const }))
  const proxy = await startProxy({ port: 0, offlineLatencyMs: 0, dataDir: mkdtempSync(join(tmpdir(), 'keyframe-bench-')), log: () => {} })
  try {
    const plugin = runBuiltPlugin(document)
    let naiveBytes = 0
    for (const ref of refs) {
      const node = (await plugin.host.figma.getNodeByIdAsync(ref.id)) as FrameNode
      const png = await node.exportAsync({ format: 'PNG', constraint: { type: 'SCALE', value: 2 } })
      naiveBytes += Math.ceil(png.byteLength / 3) * 4
    }
    let plainJpegBytes = 0
    for (const png of pngs) plainJpegBytes += await jpegBytes(png, FRAME, PLAIN_JPEG_QUALITY)

    const rows: ReferenceBytesRow[] = []
    for (const resolution of RESOLUTIONS) {
      const limit = scaledTo(FRAME, modelReadSide(resolution))
      // sharp's Lanczos downscale keeps a little more grain than the host's render does, so at 1K the limit
      // can come out a few per cent above what Keyframe sends: the ratio reads as "no further to go".
      let limitBytes = 0
      for (const png of pngs) limitBytes += await jpegBytes(png, limit, HOST_JPEG_QUALITY)

      // A fresh proxy URL per resolution is not needed: different sizes are different bytes, so nothing
      // from the 1K pass is reused at 2K.
      const deps = nodeJobDeps(proxy.proxyUrl, plugin.main)
      const maxSide = REFERENCE_MAX_SIDE[resolution]
      const first = await uploadReferences(deps, refs, maxSide, () => {}, () => false)
      const repeat = await uploadReferences(deps, refs, maxSide, () => {}, () => false)
      if (first.stats.reused > 0) throw new Error(`At ${resolution}, ${first.stats.reused} references were reused on the first pass: the figure would undercount.`)
      const exported = await plugin.main.exportReference({ nodeId: refs[0]!.id, maxSide })
      rows.push({
        resolution,
        naiveBytes,
        plainJpegBytes,
        keyframeBytes: first.stats.bytesSent,
        keyframeSize: `${exported.width}×${exported.height} ${exported.mimeType}`,
        limitBytes,
        limitSize: `${limit.width}×${limit.height}`,
        repeatBytes: repeat.stats.bytesSent
      })
    }
    return rows
  } finally {
    await proxy.close()
  }
}
