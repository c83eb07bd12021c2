// Human labels for an endpoint, read from the catalog's plain table (catalog.ts), without the zod schemas,
// so the Figma main thread, which only needs the words, does not bundle them.
import { CATALOG, type EndpointId, isEndpointId } from './catalog'

export function describeEndpoint(endpoint: string): { modelLabel: string; mode: string } {
  const [, , model, mode] = endpoint.split('/')
  const table = Object.values(CATALOG.endpoints).find((caps) => caps.model === model)
  return { modelLabel: table?.label ?? model ?? endpoint, mode: mode ?? '' }
}

/** Whether a string names one of the catalog's endpoints (the main thread reads endpoint ids back from plugin data). */
export function isKlingEndpoint(value: string): value is EndpointId {
  return isEndpointId(value)
}

/** "panel 5" or "panels 5–6": how messages on both sides name the panels a job adds. */
export function panelRange(numbers: readonly number[]): string {
  return numbers.length === 1 ? `panel ${numbers[0]}` : `panels ${numbers[0]}–${numbers.at(-1)}`
}
