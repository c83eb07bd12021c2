// A new request from a placed panel's shown image: O3 image-to-image with that image as `@Image1`, the panel's
// own prompt after a line saying what of the image to keep, at a chosen resolution and aspect. Kling has no
// seed, so the same prompt again is a different picture: the image itself is what carries the picture over.
// Finalize uses it now (same aspect, 2K or 4K); Formats (another aspect, "extend or reframe") and Looks
// (another lighting) pass their own `keep` wording and target. Pure.
import { capabilities } from './capabilities'
import { ASPECT_RATIOS } from './catalog'
import { type ComposedRequest, composeRequest, type Problem, type ReferenceSource } from './compose'
import { type AnyEndpointInput, ENDPOINTS, isEndpointId } from './endpoints'
import { nearestAspectRatio } from './nearest-ratio'
import { nominalOutputSize, type PixelSize } from './output-size'
import { panelPrompt } from './prompt-draft'
import { type AnyInputField, keepShot, panelReferences, type PanelSource, recordedShown } from './regenerate'
import type { AspectRatio, AspectRatioOrAuto, Resolution } from './schemas'

/** What Finalize asks of the model: the same picture, only sharper. */
export const KEEP_FOR_FINALIZE =
  'Keep the composition, pose, framing and lighting of @Image1 exactly; redraw it with finer detail and sharper texture, changing nothing in the scene.'

/** Figma keeps an image at most this many pixels a side; a larger result is shown scaled down. */
export const FIGMA_IMAGE_CAP = 4096

export interface PanelImageTarget {
  /** The sentence put before the panel's prompt, saying what of `@Image1` to keep. */
  keep: string
  resolution: Resolution
  /** The output's aspect; absent: the panel's own (from its provenance, or its image's size when that was `auto`). */
  aspectRatio?: AspectRatio | undefined
  /** Rewrites the panel's own prompt before it is sent (Looks swaps its lighting); absent: sent as it was. */
  rewrite?: ((own: string) => string) | undefined
}

export interface PanelImage {
  /** Where fal can fetch the panel's shown image (its upload). */
  url: string
  /** Its pixel size, which names the aspect of a panel made with `auto`. */
  width?: number | undefined
  height?: number | undefined
}

export type FromPanelImageResult =
  | {
      ok: true
      request: ComposedRequest
      /**
       * The nominal size fal returns. `mayExceedFigma`: its long side reaches Figma's cap, and Kling's sizes are
       * approximate, so Figma may show it scaled down (the full file stays downloadable from the panel).
       */
      fullSize: PixelSize & { mayExceedFigma: boolean }
    }
  | { ok: false; errors: Problem[] }


const O3_I2I = capabilities('o3', 'image-to-image')

/** The catalog's aspect nearest to a width and height (for a panel made with `auto`). */
export function nearestAspect(width: number, height: number): AspectRatio {
  return nearestAspectRatio(width, height, ASPECT_RATIOS) ?? ASPECT_RATIOS[0]
}

/** The resolutions Finalize offers for an image made at `shown`: those O3 image-to-image has above it. */
export function finalizeResolutions(shown: Resolution | undefined): Resolution[] {
  const order = ['1K', '2K', '4K'] as const
  const from = order.indexOf(shown ?? '1K')
  return O3_I2I.resolutions.filter((r) => order.indexOf(r) > from)
}

/**
 * The request that remakes `panel`'s shown image (uploaded at `image.url`) per `target`. The panel's own
 * prompt (a series panel's Style line and beat) follows the keep sentence; its image references follow the
 * panel image (their `@Image` tokens renumbered one on), its elements keep their tokens and names. Composed, so
 * checked and priced as every other request.
 */
export function fromPanelImageRequest(panel: PanelSource, image: PanelImage, target: PanelImageTarget): FromPanelImageResult {
  const fail = (message: string, fix: string, field: Problem['field'] = 'prompt'): FromPanelImageResult => ({ ok: false, errors: [{ field, message, fix }] })
  const shown = recordedShown(panel)
  if ('problem' in shown) return { ok: false, errors: [shown.problem] }
  const own = panelPrompt(shown.input as Partial<AnyEndpointInput>, shown.index)
  if (own === undefined) {
    return fail(`${panel.label}'s series prompt has no "Panel ${shown.index}:" beat, so Keyframe cannot tell which part was its own.`, 'Use Edit prompt to write its prompt, then Generate.')
  }
  const input: AnyInputField = shown.input
  const aspect = target.aspectRatio ?? aspectOf(input.aspect_ratio, image)
  if (aspect === undefined) {
    return fail(`${panel.label} was made with Aspect ratio Auto and Keyframe does not know its image's size, so it cannot keep its shape.`, 'Select the panel again so Keyframe reads its image, then try again.', 'aspectRatio')
  }
  const references: ReferenceSource[] = [
    { id: 'panel-image', name: `${panel.label} image`, role: 'image', url: image.url },
    ...panelReferences(panel, input, (i) => `Reference ${i + 1}`)
  ]
  const composition = composeRequest({
    references,
    textLayers: [],
    settings: {
      model: 'o3',
      output: 'single',
      resolution: target.resolution,
      aspectRatio: aspect,
      format: input.output_format ?? 'png',
      // The panel image takes @Image1: the panel's own image references move one on.
      prompt: `${target.keep} ${shiftImageTokens(target.rewrite ? target.rewrite(own) : own)}`
    }
  })
  if (!composition.ok) return { ok: false, errors: composition.errors }
  const size = nominalOutputSize(target.resolution, aspect)
  return { ok: true, request: keepShot(composition.request, shown.shot), fullSize: { ...size, mayExceedFigma: Math.max(size.width, size.height) >= FIGMA_IMAGE_CAP } }
}

/** The Finalize request: the same picture at `resolution`, same aspect. */
export function finalizeRequest(panel: PanelSource, image: PanelImage, resolution: Resolution): FromPanelImageResult {
  return fromPanelImageRequest(panel, image, { keep: KEEP_FOR_FINALIZE, resolution })
}

function aspectOf(ratio: AspectRatioOrAuto | undefined, image: PanelImage): AspectRatio | undefined {
  if (ratio !== undefined && ratio !== 'auto') return ratio
  if (image.width !== undefined && image.height !== undefined && image.width > 0 && image.height > 0) return nearestAspect(image.width, image.height)
  return undefined
}

/** `@Image1` → `@Image2` and so on: canonical image tokens as the panel's request was sent. */
function shiftImageTokens(prompt: string): string {
  return prompt.replace(/(^|[^\w@])@Image(\d+)(?![\p{L}\p{N}_])/gu, (_whole, before: string, n: string) => `${before}@Image${Number(n) + 1}`)
}
