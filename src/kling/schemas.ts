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
import { z } from 'zod'

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
const imageUrl = z.string().min(1, 'must be an image URL')

export const elementSchema = z.strictObject({
  frontal_image_url: imageUrl.optional(),
  reference_image_urls: z.array(imageUrl).max(MAX_ELEMENT_ANGLES).optional()
})
export type ElementInput = z.infer<typeof elementSchema>

const prompt = z.string().min(1, 'must not be empty').max(MAX_PROMPT_CHARS)
const numImages = z.number().int().min(1).max(MAX_IMAGES_PER_REQUEST).default(1)
const outputFormat = z.enum(OUTPUT_FORMATS).default('png')
const aspectRatio = z.enum(ASPECT_RATIOS).default('16:9')
const syncMode = z.boolean().optional()

const v3Common = {
  prompt,
  elements: z.array(elementSchema).optional(),
  resolution: z.enum(V3_RESOLUTIONS).default('1K'),
  num_images: numImages,
  aspect_ratio: aspectRatio,
  output_format: outputFormat,
  sync_mode: syncMode
}

const o3Common = {
  prompt,
  elements: z.array(elementSchema).optional(),
  resolution: z.enum(O3_RESOLUTIONS).default('1K'),
  result_type: z.enum(['single', 'series']).default('single'),
  num_images: numImages,
  series_amount: z.number().int().min(MIN_SERIES).max(MAX_SERIES).optional(),
  output_format: outputFormat,
  sync_mode: syncMode
}

export const v3TextToImageInput = z.strictObject({
  ...v3Common,
  negative_prompt: z.string().optional()
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
  image_urls: z.array(imageUrl).min(1).max(MAX_REFERENCES),
  aspect_ratio: z.enum([...ASPECT_RATIOS, 'auto']).default('auto')
})

export const imageFileSchema = z.object({
  url: z.string().min(1),
  content_type: z.string().optional(),
  file_name: z.string().optional(),
  file_size: z.number().int().nonnegative().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional()
})
export type ImageFile = z.infer<typeof imageFileSchema>

// The same output for all four endpoints.
export const klingOutputSchema = z.object({
  images: z.array(imageFileSchema)
})
export type KlingOutput = z.infer<typeof klingOutputSchema>
