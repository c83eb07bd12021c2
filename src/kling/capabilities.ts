// Reading the catalog: look-ups by model and mode, and the few numbers other modules name. Everything here
// is computed from catalog.ts, never written again, so the product follows an edit to the table. The Figma
// main thread does not import this module (its top-level sums would stay in its bundle): it reads
// catalog.ts directly, through labels.ts, pricing.ts and reference-rules.ts.
import {
  CATALOG,
  type EndpointCapabilities,
  type EndpointId,
  endpointFor,
  type Mode,
  type ModelId
} from './catalog'

export { isEndpointId } from './catalog'

export const ENDPOINT_IDS = Object.keys(CATALOG.endpoints) as EndpointId[]
export const MODEL_IDS: readonly ModelId[] = ['v3', 'o3']
export const MODES: readonly Mode[] = ['text-to-image', 'image-to-image']

const TABLES: readonly EndpointCapabilities[] = Object.values(CATALOG.endpoints)
const most = (pick: (caps: EndpointCapabilities) => number) => Math.max(...TABLES.map(pick))
const seriesRanges = TABLES.flatMap((caps) => (caps.series ? [caps.series] : []))

export const MAX_IMAGES_PER_REQUEST = most((caps) => caps.numImages.max)
export const MIN_SERIES = Math.min(...seriesRanges.map((r) => r.min))
export const MAX_SERIES = Math.max(...seriesRanges.map((r) => r.max))
export const MAX_REFERENCES = most((caps) => caps.maxReferences)
export const MAX_ELEMENT_ANGLES = most((caps) => caps.maxElementAngles)
/** The form's count when Variations is chosen and no count is set. */
export const DEFAULT_VARIATIONS = TABLES[0]?.variations.default ?? 1

/** The table of one model in one mode. */
export function capabilities(model: ModelId, mode: Mode): EndpointCapabilities {
  return CATALOG.endpoints[endpointFor(model, mode)]
}

/** The short names ("O3") of the models whose table for `mode` passes `has`, in catalog order. */
export function modelsWith(mode: Mode, has: (caps: EndpointCapabilities) => boolean): string[] {
  return MODEL_IDS.map((m) => capabilities(m, mode)).filter(has).map((caps) => caps.name)
}

/** "O3", "V3 or O3". */
export function orList(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`
}
