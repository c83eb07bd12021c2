// Nominal output size for each resolution and aspect ratio. fal does not publish Kling's exact pixel
// sizes; the guide gives the long side (~1024 / ~2048 / ~4096 px). We use that long side and derive the
// short side from the ratio, rounded to a multiple of 8 as image models generate. Panels are sized from
// this before the result arrives; the image that arrives is placed at its real aspect ratio.
import type { AspectRatio, Resolution } from './schemas'

const LONG_SIDE: Record<Resolution, number> = { '1K': 1024, '2K': 2048, '4K': 4096 }

export interface PixelSize {
  width: number
  height: number
}

export function parseAspectRatio(ratio: AspectRatio): number {
  const [w, h] = ratio.split(':').map(Number) as [number, number]
  return w / h
}

export function nominalOutputSize(resolution: Resolution, aspectRatio: AspectRatio): PixelSize {
  const long = LONG_SIDE[resolution]
  const ratio = parseAspectRatio(aspectRatio)
  const short = Math.round(long / Math.max(ratio, 1 / ratio) / 8) * 8
  return ratio >= 1 ? { width: long, height: short } : { width: short, height: long }
}
