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
// Schemas are strict: fal ignores unknown fields, so a misspelt option would be silently dropped and
// paid for. Rejecting it here turns that into an error the designer can see.
// zod/mini rather than classic zod: the plugin UI bundles this module, and classic zod alone is
// ~450 kB minified against ~20 kB for mini. English messages are loaded explicitly (mini has none).
import * as z from 'zod/mini'
import { en } from 'zod/locales'

z.config(en())

export const MAX_PROMPT_CHARS = 2500
export const MAX_IMAGES_PER_REQUEST = 9
export const MIN_SERIES = 2
export const MAX_SERIES = 9
export const MAX_REFERENCES = 10
export const MAX_ELEMENT_ANGLES = 3

export const ASPECT_RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3', '21:9'] as const
export const OUTPUT_FORMATS = ['jpeg', 'png', 'webp'] as const
export const V3_RESOLUTIONS = ['1K', '2K'] as const
export const O3_RESOLUTIONS = ['1K', '2K', '4K'] as const

export type AspectRatio = (typeof ASPECT_RATIOS)[number]
export type AspectRatioOrAuto = AspectRatio | 'auto'
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]
export type Resolution = (typeof O3_RESOLUTIONS)[number]

// fal accepts any string here (a URL or a data URI); it fetches it server-side.
const imageUrl = z.string().check(z.minLength(1, 'must be an image URL'))

export const elementSchema = z.strictObject({
  frontal_image_url: z.optional(imageUrl),
  reference_image_urls: z.optional(z.array(imageUrl).check(z.maxLength(MAX_ELEMENT_ANGLES)))
})
export type ElementInput = z.infer<typeof elementSchema>

const wholeNumber = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max))

const prompt = z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(MAX_PROMPT_CHARS))
const numImages = z._default(wholeNumber(1, MAX_IMAGES_PER_REQUEST), 1)
const outputFormat = z._default(z.enum(OUTPUT_FORMATS), 'png')
const aspectRatio = z._default(z.enum(ASPECT_RATIOS), '16:9')
const syncMode = z.optional(z.boolean())
const elements = z.optional(z.array(elementSchema))

const v3Common = {
  prompt,
  elements,
  resolution: z._default(z.enum(V3_RESOLUTIONS), '1K'),
  num_images: numImages,
  aspect_ratio: aspectRatio,
  output_format: outputFormat,
  sync_mode: syncMode
}

const o3Common = {
  prompt,
  elements,
  resolution: z._default(z.enum(O3_RESOLUTIONS), '1K'),
  result_type: z._default(z.enum(['single', 'series']), 'single'),
  num_images: numImages,
  series_amount: z.optional(wholeNumber(MIN_SERIES, MAX_SERIES)),
  output_format: outputFormat,
  sync_mode: syncMode
}

export const v3TextToImageInput = z.strictObject({
  ...v3Common,
  negative_prompt: z.optional(z.string())
})

export const v3ImageToImageInput = z.strictObject({
  ...v3Common,
  image_url: imageUrl
})

export const o3TextToImageInput = z.strictObject({
  ...o3Common,
  aspect_ratio: aspectRatio
})

export const o3ImageToImageInput = z.strictObject({
  ...o3Common,
  image_urls: z.array(imageUrl).check(z.minLength(1), z.maxLength(MAX_REFERENCES)),
  aspect_ratio: z._default(z.enum([...ASPECT_RATIOS, 'auto']), 'auto')
})

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
export const klingOutputSchema = z.object({
  images: z.array(imageFileSchema)
})
export type KlingOutput = z.infer<typeof klingOutputSchema>
