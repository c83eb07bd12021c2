// The four endpoints and what each model can do. Every other part of the product (the form, the
// composer, the proxy's allowlist and validation, the offline service) reads these facts from here.
import type * as z from 'zod/mini'

import { capabilities } from './capabilities'
import { type AspectRatioOrAuto, endpointFor, type EndpointId, type Mode, type ModelId, type Resolution } from './catalog'
import { o3ImageToImageInput, o3TextToImageInput, v3ImageToImageInput, v3TextToImageInput } from './schemas'

export { ENDPOINT_IDS, isEndpointId } from './capabilities'
export { endpointFor, type EndpointId, FAL_APP_ID, type Mode, type ModelId } from './catalog'

// Each endpoint with its schema (schemas.ts, derived from the catalog's table of that endpoint).
export const ENDPOINTS = {
  [endpointFor('v3', 'text-to-image')]: { model: 'v3', mode: 'text-to-image', input: v3TextToImageInput },
  [endpointFor('v3', 'image-to-image')]: { model: 'v3', mode: 'image-to-image', input: v3ImageToImageInput },
  [endpointFor('o3', 'text-to-image')]: { model: 'o3', mode: 'text-to-image', input: o3TextToImageInput },
  [endpointFor('o3', 'image-to-image')]: { model: 'o3', mode: 'image-to-image', input: o3ImageToImageInput }
} as const satisfies Record<EndpointId, { model: ModelId; mode: Mode; input: z.ZodMiniType }>

export type EndpointInput<E extends EndpointId> = z.input<(typeof ENDPOINTS)[E]['input']>
export type AnyEndpointInput = EndpointInput<EndpointId>
/** An endpoint and an input for that endpoint: the request as it travels from the composer to provenance. */
export type KlingRequest = { [E in EndpointId]: { endpoint: E; input: EndpointInput<E> } }[EndpointId]

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

// A per-model view of the catalog's endpoint tables, for the callers that think in models.
function modelView(model: ModelId): ModelCapabilities {
  const text = capabilities(model, 'text-to-image')
  const image = capabilities(model, 'image-to-image')
  return {
    label: text.label,
    resolutions: text.resolutions,
    maxImageReferences: image.maxImageReferences,
    series: text.series !== null,
    aspectRatios: { 'text-to-image': text.aspectRatios, 'image-to-image': image.aspectRatios },
    negativePrompt: { 'text-to-image': text.negativePrompt, 'image-to-image': image.negativePrompt }
  }
}

export const MODELS: Record<ModelId, ModelCapabilities> = { v3: modelView('v3'), o3: modelView('o3') }

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
