// Shared fixtures for the host tests: a host with the Node rasterizer, and images made with sharp.
import sharp from 'sharp'

import { solidImage } from '../../src/dev/solid-image'
import { createFigmaHost, type FigmaHost, type FigmaHostOptions } from '../../src/host/figma'
import { nodeRasterizer } from '../../src/dev/node-rasterizer'

export function makeHost(options: Partial<FigmaHostOptions> = {}): FigmaHost {
  return createFigmaHost({ rasterize: nodeRasterizer, ...options })
}

/** A solid-colour image of the given size and format. */
export async function makeImage(
  width: number,
  height: number,
  format: 'png' | 'jpeg' | 'gif' | 'webp' = 'png',
  color = { r: 255, g: 0, b: 0 }
): Promise<Uint8Array> {
  return new Uint8Array(await solidImage(width, height, { color, format }))
}

/** Width, height, format and the RGB of one pixel of encoded image bytes. */
export async function inspect(bytes: Uint8Array, at?: { x: number; y: number }): Promise<{ width: number; height: number; format: string; pixel?: number[] }> {
  const img = sharp(Buffer.from(bytes))
  const meta = await img.metadata()
  const result: { width: number; height: number; format: string; pixel?: number[] } = { width: meta.width, height: meta.height, format: meta.format }
  if (at) {
    const { data, info } = await img.removeAlpha().raw().toBuffer({ resolveWithObject: true })
    const i = (at.y * info.width + at.x) * info.channels
    result.pixel = [data[i]!, data[i + 1]!, data[i + 2]!]
  }
  return result
}

export const near = (a: number[] | undefined, b: number[], tolerance = 12): boolean =>
  !!a && a.every((v, i) => Math.abs(v - b[i]!) <= tolerance)
