// The aspect ratio Kling supports that is nearest a frame's own shape: a poster layout drawn 800×1200 is
// offered 2:3. Nearest in log-ratio, so 2:1 and 1:2 are equally far from square, as the eye sees them.
import type { AspectRatio, AspectRatioOrAuto } from './catalog'

/** Of `ratios` (the catalog's for a model and mode; "auto" is skipped), the one nearest width:height. */
export function nearestAspectRatio(width: number, height: number, ratios: readonly AspectRatioOrAuto[]): AspectRatio | undefined {
  if (!(width > 0 && height > 0)) return undefined
  const shape = Math.log(width / height)
  let best: { ratio: AspectRatio; distance: number } | undefined
  for (const ratio of ratios) {
    if (ratio === 'auto') continue
    const [w, h] = ratio.split(':').map(Number)
    if (!w || !h) continue
    const distance = Math.abs(Math.log(w / h) - shape)
    if (best === undefined || distance < best.distance) best = { ratio, distance }
  }
  return best?.ratio
}
