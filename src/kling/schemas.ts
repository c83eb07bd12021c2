// The wire format of fal's four Kling Image endpoints, as fal defines them.
//
// Sources (checked 2026-11-25):
// - fal's generated endpoint types shipped in @fal-ai/client 1.10.1, `src/types/endpoints.d.ts`
//   (KlingImageV3TextToImageInput, KlingImageV3ImageToImageInput, KlingImageO3TextToImageInput,
//   KlingImageO3ImageToImageInput, ElementInput, Image), generated from fal's OpenAPI schemas.
// - fal's model pages: https://fal.ai/models/fal-ai/kling-image/v3/text-to-image/llms.txt (and /api),
//   likewise for v3/image-to-image, o3/text-to-image, o3/image-to-image.
//
// Where the model guide in shared/reference disagrees, fal wins:
// - elements are `{ frontal_image_url?, reference_image_urls? (0–3) }`, not `{ image_url }`;
// - `negative_prompt` exists only on V3 text-to-image;
// - O3 image-to-image defaults `aspect_ratio` to "auto"; the others default to "16:9".
//
// Held to fal's typings by tests that read the installed endpoints.d.ts: test/kling/fal-typings.test.ts
// (fields, optionality, types) and fal-limits.test.ts (enums, defaults, limits, and where the catalog is
// stricter on purpose: non-empty prompt and URLs, at least one image for image-to-image, at most 10 elements).
//
// Schemas are strict: fal ignores unknown fields, so a misspelt option would be silently dropped and
// paid for. Rejecting it here turns that into an error the designer can see.
// zod/mini rather than classic zod: the plugin UI bundles this module, and classic zod alone is
// ~450 kB minified against ~20 kB for mini. Mini has no messages: zod-messages.ts gives the English ones.
import * as z from 'zod/mini'

import {
  MAX_ELEMENT_ANGLES,
  MAX_IMAGES_PER_REQUEST,
  MAX_REFERENCES,
  MAX_SERIES
} from './capabilities'
import { type AspectRatio, CATALOG, type EndpointCapabilities, endpointFor, type Range } from './catalog'
import { MAX_PROMPT_CHARS, promptLength } from './prompt-length'
import { dataUriBytes, MAX_REFERENCE_BYTES, megabytes } from './reference-rules'
import { catalogMessages } from './zod-messages'

z.config({ localeError: catalogMessages(z.config().localeError) })

// The limits and enums below are the catalog's (catalog.ts); these names stay for the modules that use them.
export { MAX_PROMPT_CHARS } from './prompt-length'
export {
  MAX_ELEMENT_ANGLES,
  MAX_IMAGES_PER_REQUEST,
  MAX_REFERENCES,
  MAX_SERIES,
  MIN_SERIES
} from './capabilities'
export {
  ASPECT_RATIOS,
  type AspectRatio,
  type AspectRatioOrAuto,
  type OutputFormat,
  OUTPUT_FORMATS,
  type Resolution
} from './catalog'

const { endpoints } = CATALOG
const V3_TEXT = endpoints[endpointFor('v3', 'text-to-image')]
const V3_IMAGE = endpoints[endpointFor('v3', 'image-to-image')]
const O3_TEXT = endpoints[endpointFor('o3', 'text-to-image')]
const O3_IMAGE = endpoints[endpointFor('o3', 'image-to-image')]
export const V3_RESOLUTIONS = V3_TEXT.resolutions
export const O3_RESOLUTIONS = O3_TEXT.resolutions

// fal accepts any string here (a URL or a data URI); it fetches it server-side. A data URI carries the
// image itself, so Kling's 10 MB limit (reference-rules.ts) is checked here, before anything is spent.
const imageUrl = z.string().check(
  z.minLength(1, 'must be an image URL'),
  z.refine((url) => (dataUriBytes(url) ?? 0) <= MAX_REFERENCE_BYTES, {
    error: (issue) =>
      `this data URI holds ${megabytes(dataUriBytes(String(issue.input)) ?? 0)}; Kling accepts reference images up to ${megabytes(MAX_REFERENCE_BYTES)}. Export the frame smaller (or as JPEG), or upload it and send its URL.`
  })
)

// Every array has a maximum: without one, 150,000 empty elements passed validation (issue #12).
const tooMany = (what: string, max: number, fix: string) => (issue: { input?: unknown }) => {
  const count = Array.isArray(issue.input) ? issue.input.length : 0
  return `${count} ${what}; Kling takes at most ${max}. ${fix.replace('{extra}', String(count - max))}`
}

const elementSchema_ = (caps: EndpointCapabilities) =>
  z.strictObject({
    frontal_image_url: z.optional(imageUrl),
    reference_image_urls: z.optional(
      z.array(imageUrl).check(
        z.maxLength(caps.maxElementAngles, {
          error: tooMany('extra angles for this element', caps.maxElementAngles, 'Keep the clearest ones and remove {extra}.')
        })
      )
    )
  })
export const elementSchema = elementSchema_(O3_IMAGE)
export type ElementInput = z.infer<typeof elementSchema>

const wholeNumber = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max))

// Code points, as fal counts (see prompt-length.ts); zod's maxLength would count UTF-16 units. The limit
// is stated as `maxLength` in the JSON schema (fal's own term), which counts code points too.
const prompt = z
  .string()
  .check(
    z.minLength(1, 'must not be empty'),
    z.refine((text) => promptLength(text) <= MAX_PROMPT_CHARS, `must be at most ${MAX_PROMPT_CHARS} characters`)
  )
  .register(z.globalRegistry, { maxLength: MAX_PROMPT_CHARS })
const syncMode = z.optional(z.boolean())

// The fields every endpoint has, each bounded by that endpoint's table.
function common<C extends EndpointCapabilities & { resolutions: readonly [string, ...string[]] }>(caps: C) {
  return {
    prompt,
    elements: z.optional(
      z.array(elementSchema_(caps)).check(
        z.maxLength(caps.maxReferences, {
          error: tooMany('elements', caps.maxReferences, 'Remove {extra} of them (elements and reference images count together).')
        })
      )
    ),
    resolution: z._default(z.enum(caps.resolutions as C['resolutions']), '1K'),
    num_images: z._default(wholeNumber(caps.numImages.min, caps.numImages.max), 1),
    output_format: z._default(z.enum(caps.formats), 'png'),
    sync_mode: syncMode
  }
}
// The endpoints without "auto": their table's ratios, all fixed ones.
function fixedAspectRatio(caps: EndpointCapabilities) {
  const fixed = caps.aspectRatios.filter((r): r is AspectRatio => r !== 'auto') as [AspectRatio, ...AspectRatio[]]
  return z._default(z.enum(fixed), '16:9')
}
const seriesFields = (series: Range) => ({
  result_type: z._default(z.enum(['single', 'series']), 'single'),
  series_amount: z.optional(wholeNumber(series.min, series.max))
})

export const v3TextToImageInput = z.strictObject({
  ...common(V3_TEXT),
  aspect_ratio: fixedAspectRatio(V3_TEXT),
  negative_prompt: z.optional(z.string())
})

/**
 * Kling counts elements and reference images together: at most 10 (Kling's image API: "the sum of
 * reference elements and reference images must not exceed 10"; DESIGN.md). An element counts once,
 * whatever its extra angles. fal's typings do not state this rule; it is Kling's, enforced behind fal.
 */
function referencesInTotal(max: number, images: (input: Record<string, unknown>) => number) {
  const count = (value: unknown) => {
    const input = value as Record<string, unknown>
    const imageCount = images(input)
    const elementCount = Array.isArray(input.elements) ? input.elements.length : 0
    return { imageCount, elementCount, total: imageCount + elementCount }
  }
  return z.refine((value) => count(value).total <= max, {
    path: ['elements'],
    error: (issue) => {
      const { imageCount, elementCount, total } = count(issue.input)
      return `${imageCount} reference image${imageCount === 1 ? '' : 's'} and ${elementCount} elements make ${total} references; Kling takes at most ${max} together. Remove ${total - max} of them.`
    }
  })
}

export const v3ImageToImageInput = z
  .strictObject({
    ...common(V3_IMAGE),
    aspect_ratio: fixedAspectRatio(V3_IMAGE),
    image_url: imageUrl
  })
  .check(referencesInTotal(V3_IMAGE.maxReferences, () => 1))

export const o3TextToImageInput = z.strictObject({
  ...common(O3_TEXT),
  ...seriesFields(O3_TEXT.series),
  aspect_ratio: fixedAspectRatio(O3_TEXT)
})

export const o3ImageToImageInput = z
  .strictObject({
    ...common(O3_IMAGE),
    ...seriesFields(O3_IMAGE.series),
    image_urls: z.array(imageUrl).check(
      z.minLength(1, 'needs at least one reference image; with none, use text-to-image.'),
      z.maxLength(O3_IMAGE.maxImageReferences, {
        error: tooMany('reference images', O3_IMAGE.maxImageReferences, 'Remove {extra} of them.')
      })
    ),
    aspect_ratio: z._default(z.enum(O3_IMAGE.aspectRatios), O3_IMAGE.defaultAspectRatio)
  })
  .check(referencesInTotal(O3_IMAGE.maxReferences, (input) => (Array.isArray(input.image_urls) ? input.image_urls.length : 0)))

export const imageFileSchema = z.object({
  url: z.string().check(z.minLength(1)),
  content_type: z.optional(z.string()),
  file_name: z.optional(z.string()),
  file_size: z.optional(z.int().check(z.minimum(0))),
  width: z.optional(z.int().check(z.positive())),
  height: z.optional(z.int().check(z.positive()))
})
export type ImageFile = z.infer<typeof imageFileSchema>

// The same output for all four endpoints.
// At most 9 images: num_images and series_amount both stop at 9, so more is not a Kling answer.
export const klingOutputSchema = z.object({
  images: z.array(imageFileSchema).check(
    z.maxLength(Math.max(MAX_IMAGES_PER_REQUEST, MAX_SERIES), {
      error: (issue) =>
        `The result lists ${Array.isArray(issue.input) ? issue.input.length : 0} images; Kling returns at most ${Math.max(MAX_IMAGES_PER_REQUEST, MAX_SERIES)}. This answer did not come from Kling: check the proxy address in Settings.`
    })
  )
})
export type KlingOutput = z.infer<typeof klingOutputSchema>
