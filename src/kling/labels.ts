// Human labels for an endpoint, read from its id alone. Kept free of the zod schemas so the Figma main
// thread, which only needs the words, does not bundle the whole catalog.
import type { EndpointId } from './endpoints'

const MODEL_LABELS = { v3: 'Kling Image V3', o3: 'Kling Image O3' } as const

export function describeEndpoint(endpoint: string): { modelLabel: string; mode: string } {
  const [, , model, mode] = endpoint.split('/')
  const modelLabel = model === 'v3' || model === 'o3' ? MODEL_LABELS[model] : (model ?? endpoint)
  return { modelLabel, mode: mode ?? '' }
}

/**
 * Whether a string names one of the four endpoints, without the zod catalog (the main thread reads endpoint
 * ids back from plugin data). The spelling follows `endpointFor` in endpoints.ts; a test checks they agree.
 */
export function isKlingEndpoint(value: string): value is EndpointId {
  return /^fal-ai\/kling-image\/(v3|o3)\/(text-to-image|image-to-image)$/.test(value)
}

/** "panel 5" or "panels 5–6": how messages on both sides name the panels a job adds. */
export function panelRange(numbers: readonly number[]): string {
  return numbers.length === 1 ? `panel ${numbers[0]}` : `panels ${numbers[0]}–${numbers.at(-1)}`
}
