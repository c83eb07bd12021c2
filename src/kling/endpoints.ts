// The four endpoints and what each model can do. Every other part of the product (the form, the
// composer, the proxy's allowlist and validation, the offline service) reads these facts from here.
import type * as z from 'zod/mini'

import {
  ASPECT_RATIOS,
  type AspectRatioOrAuto,
  O3_RESOLUTIONS,
  o3ImageToImageInput,
  o3TextToImageInput,
  type Resolution,
  V3_RESOLUTIONS,
  v3ImageToImageInput,
  v3TextToImageInput
} from './schemas'

export type ModelId = 'v3' | 'o3'
export type Mode = 'text-to-image' | 'image-to-image'

export const ENDPOINTS = {
  'fal-ai/kling-image/v3/text-to-image': { model: 'v3', mode: 'text-to-image', input: v3TextToImageInput },
  'fal-ai/kling-image/v3/image-to-image': { model: 'v3', mode: 'image-to-image', input: v3ImageToImageInput },
  'fal-ai/kling-image/o3/text-to-image': { model: 'o3', mode: 'text-to-image', input: o3TextToImageInput },
  'fal-ai/kling-image/o3/image-to-image': { model: 'o3', mode: 'image-to-image', input: o3ImageToImageInput }
} as const satisfies Record<string, { model: ModelId; mode: Mode; input: z.ZodMiniType }>

export type EndpointId = keyof typeof ENDPOINTS
export type EndpointInput<E extends EndpointId> = z.input<(typeof ENDPOINTS)[E]['input']>
export type AnyEndpointInput = EndpointInput<EndpointId>
/** An endpoint and an input for that endpoint: the request as it travels from the composer to provenance. */
export type KlingRequest = { [E in EndpointId]: { endpoint: E; input: EndpointInput<E> } }[EndpointId]

export const ENDPOINT_IDS = Object.keys(ENDPOINTS) as EndpointId[]

/** fal's queue addresses status, result and cancel by app (owner/alias), not by full endpoint path. */
export const FAL_APP_ID = 'fal-ai/kling-image'

export function isEndpointId(value: string): value is EndpointId {
  return Object.prototype.hasOwnProperty.call(ENDPOINTS, value)
}

export function endpointFor(model: ModelId, mode: Mode): EndpointId {
  return `fal-ai/kling-image/${model}/${mode}`
}

export interface ModelCapabilities {
  label: string
  resolutions: readonly Resolution[]
  /** Image references per request (image-to-image). */
  maxImageReferences: number
  series: boolean
  /** Aspect ratios offered, per mode. */
  aspectRatios: Record<Mode, readonly AspectRatioOrAuto[]>
  negativePrompt: Record<Mode, boolean>
}

export const MODELS: Record<ModelId, ModelCapabilities> = {
  v3: {
    label: 'Kling Image V3',
    resolutions: V3_RESOLUTIONS,
    maxImageReferences: 1,
    series: false,
    aspectRatios: { 'text-to-image': ASPECT_RATIOS, 'image-to-image': ASPECT_RATIOS },
    negativePrompt: { 'text-to-image': true, 'image-to-image': false }
  },
  o3: {
    label: 'Kling Image O3',
    resolutions: O3_RESOLUTIONS,
    maxImageReferences: 10,
    series: true,
    aspectRatios: { 'text-to-image': ASPECT_RATIOS, 'image-to-image': [...ASPECT_RATIOS, 'auto'] },
    negativePrompt: { 'text-to-image': false, 'image-to-image': false }
  }
}

/** Validates an input against an endpoint's schema; returns fal-style error details on failure. */
export function validateInput(
  endpoint: EndpointId,
  input: unknown
): { ok: true; input: AnyEndpointInput } | { ok: false; detail: ValidationDetail[] } {
  const result = ENDPOINTS[endpoint].input.safeParse(input)
  if (result.success) return { ok: true, input: result.data as AnyEndpointInput }
  return {
    ok: false,
    detail: result.error.issues.map((issue) => ({
      loc: ['body', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
      msg: issue.message,
      type: issue.code
    }))
  }
}

/** fal's (FastAPI's) 422 error item. */
export interface ValidationDetail {
  loc: (string | number)[]
  msg: string
  type: string
}
