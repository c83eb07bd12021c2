// Kling's 300 px minimum applies to the image it receives, which is the export, not the frame on the
// canvas: Figma's export scales a small frame up to the size asked for. A 200×150 frame whose image fill
// is 800×600 is a fine reference; one whose only pixels are its own 200×150 is upscaled, which is
// allowed but soft, so it is a warning, not an error.
import { checkReferenceImage, MIN_REFERENCE_SIDE_PX, type ReferenceProblem } from './reference-rules'

export interface ExportPixels {
  /** How much the export enlarges the frame so each side reaches Kling's minimum (1: not at all). */
  scale: number
  width: number
  height: number
}

/** The smallest export of a frame that Kling accepts: its canvas size, or enlarged to 300 px on its short side. */
export function minimumExport(size: { width: number; height: number }): ExportPixels {
  const short = Math.max(1, Math.min(size.width, size.height))
  const scale = Math.max(1, MIN_REFERENCE_SIDE_PX / short)
  return { scale, width: Math.round(size.width * scale), height: Math.round(size.height * scale) }
}

export interface ExportCheck {
  problems: ReferenceProblem[]
  warnings: { message: string; fix: string }[]
  /** The largest export scale worth using: up to the source's pixels, and at least what Kling's minimum needs. */
  maxScale: number
}

/**
 * `sourceScale`: the source's pixels per canvas pixel (an 800 px image fill in a 200 px frame: 4); 1 when
 * the frame has no image fill of its own (its pixels are what the canvas shows).
 */
export function checkExportPixels(ref: { name: string; width: number; height: number }, sourceScale: number): ExportCheck {
  const needed = minimumExport(ref)
  const problems = checkReferenceImage({ name: ref.name, width: needed.width, height: needed.height })
  const warnings =
    needed.scale > Math.max(1, sourceScale) + 1e-9
      ? [
          {
            message: `"${ref.name}" is ${Math.round(ref.width)}×${Math.round(ref.height)} px with no more pixels behind it: it will be upscaled to ${needed.width}×${needed.height} px for Kling, and may look soft.`,
            fix: `Enlarge "${ref.name}", or fill it with a larger image.`
          }
        ]
      : []
  return { problems, warnings, maxScale: Math.max(1, sourceScale, needed.scale) }
}
