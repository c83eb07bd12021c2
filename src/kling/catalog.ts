// Kling's facts on fal, one table per endpoint: every limit, option and price the product knows. The zod
// schemas, the composer's checks, the form's options and the messages are all derived from this table, so a
// change to Kling's limits or prices is one edit here (capabilities.ts reads it). Plain data on purpose: the Figma main thread reads
// labels and reference rules from it without bundling zod.
//
// Sources: fal's generated endpoint types in @fal-ai/client 1.10.1 and fal's model pages (see schemas.ts);
// prices from https://fal.ai/models/fal-ai/kling-image/o3/text-to-image, "Pricing" ($0.028 per image at 1K
// and 2K, $0.056 at 4K). Money is in integer mills (tenths of a cent) so sums never drift.

export const ASPECT_RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3', '21:9'] as const
export const OUTPUT_FORMATS = ['jpeg', 'png', 'webp'] as const
export const ALL_RESOLUTIONS = ['1K', '2K', '4K'] as const

export type AspectRatio = (typeof ASPECT_RATIOS)[number]
export type AspectRatioOrAuto = AspectRatio | 'auto'
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]
export type Resolution = (typeof ALL_RESOLUTIONS)[number]
export type ModelId = 'v3' | 'o3'
export type Mode = 'text-to-image' | 'image-to-image'

/** fal's queue addresses status, result and cancel by app (owner/alias); endpoints are `app/model/mode`. */
export const FAL_APP_ID = 'fal-ai/kling-image'
export type EndpointId = `${typeof FAL_APP_ID}/${ModelId}/${Mode}`

export function endpointFor<M extends ModelId, D extends Mode>(model: M, mode: D): `${typeof FAL_APP_ID}/${M}/${D}` {
  return `${FAL_APP_ID}/${model}/${mode}`
}

export interface Range {
  min: number
  max: number
}

export interface EndpointCapabilities {
  model: ModelId
  mode: Mode
  /** "Kling Image V3": in captions, provenance and messages. */
  label: string
  /** "V3": on the form's model switch and in its reasons. */
  name: string
  resolutions: readonly Resolution[]
  aspectRatios: readonly AspectRatioOrAuto[]
  defaultAspectRatio: AspectRatioOrAuto
  formats: readonly OutputFormat[]
  /** `num_images`. */
  numImages: Range
  /** Variations are a batch of more than one, up to `numImages.max`; the form's default count. */
  variations: { min: number; default: number }
  /** `series_amount`, or null when the model makes no series. */
  series: Range | null
  /** Reference images this endpoint takes. */
  maxImageReferences: number
  /** Reference images and elements together (an element counts once, whatever its extra angles). */
  maxReferences: number
  /** Extra angles per element (`reference_image_urls`). */
  maxElementAngles: number
  negativePrompt: boolean
  /** Price of one image, in mills, per resolution offered. */
  priceMills: Partial<Record<Resolution, number>>
}

/** Kling's rules for any reference image, from fal's schema for `image_url`. */
export interface ReferenceImageRules {
  minSidePx: number
  maxBytes: number
  /** Width over height. */
  aspect: Range
}

export interface Catalog {
  endpoints: Record<EndpointId, EndpointCapabilities>
  /** fal: "Max file size: 10.0MB, Min width: 300px, Min height: 300px, Min aspect ratio: 0.40, Max aspect ratio: 2.50". */
  referenceImages: ReferenceImageRules
}

// What each model shares across its two modes, written once.
const COMMON = {
  formats: OUTPUT_FORMATS,
  numImages: { min: 1, max: 9 },
  variations: { min: 2, default: 4 },
  maxReferences: 10,
  maxElementAngles: 3
} as const
const V3 = {
  ...COMMON,
  model: 'v3',
  label: 'Kling Image V3',
  name: 'V3',
  resolutions: ['1K', '2K'],
  series: null,
  priceMills: { '1K': 28, '2K': 28 }
} as const
const O3 = {
  ...COMMON,
  model: 'o3',
  label: 'Kling Image O3',
  name: 'O3',
  resolutions: ['1K', '2K', '4K'],
  series: { min: 2, max: 9 },
  negativePrompt: false,
  priceMills: { '1K': 28, '2K': 28, '4K': 56 }
} as const

export const CATALOG = {
  endpoints: {
    [endpointFor('v3', 'text-to-image')]: {
      ...V3,
      mode: 'text-to-image',
      aspectRatios: ASPECT_RATIOS,
      defaultAspectRatio: '16:9',
      maxImageReferences: 0,
      negativePrompt: true
    },
    [endpointFor('v3', 'image-to-image')]: {
      ...V3,
      mode: 'image-to-image',
      aspectRatios: ASPECT_RATIOS,
      defaultAspectRatio: '16:9',
      maxImageReferences: 1,
      negativePrompt: false
    },
    [endpointFor('o3', 'text-to-image')]: {
      ...O3,
      mode: 'text-to-image',
      aspectRatios: ASPECT_RATIOS,
      defaultAspectRatio: '16:9',
      maxImageReferences: 0
    },
    [endpointFor('o3', 'image-to-image')]: {
      ...O3,
      mode: 'image-to-image',
      aspectRatios: [...ASPECT_RATIOS, 'auto'],
      defaultAspectRatio: 'auto',
      maxImageReferences: 10
    }
  },
  referenceImages: { minSidePx: 300, maxBytes: 10 * 1024 * 1024, aspect: { min: 1 / 2.5, max: 2.5 } }
} as const satisfies Catalog

export function isEndpointId(value: string): value is EndpointId {
  return Object.prototype.hasOwnProperty.call(CATALOG.endpoints, value)
}
