// What a request costs, from the catalog's prices (catalog.ts). Money is kept in integer tenths of a cent
// internally so sums never drift ($0.028 = 28 mills).
import { CATALOG, type EndpointCapabilities, type EndpointId, type Resolution } from './catalog'

export interface PricedInput {
  resolution?: Resolution | undefined
  num_images?: number | undefined
  result_type?: 'single' | 'series' | undefined
  series_amount?: number | undefined
}

/**
 * One image's price in mills. Without the endpoint (callers that price an input alone), the highest any
 * endpoint asks at that resolution, so a budget reservation is never short.
 */
export function priceMills(resolution: Resolution, endpoint?: EndpointId): number {
  const tables: readonly EndpointCapabilities[] = endpoint ? [CATALOG.endpoints[endpoint]] : Object.values(CATALOG.endpoints)
  const prices = tables.flatMap((caps) => {
    const price = caps.priceMills[resolution]
    return price === undefined ? [] : [price]
  })
  // A resolution no endpoint offers has no price: NaN, as ever; inputs are validated before they are priced.
  return prices.length === 0 ? Number.NaN : Math.max(...prices)
}

/** How many images fal will bill for: `series_amount` in series mode, otherwise `num_images`. */
export function billedImageCount(input: PricedInput): number {
  if (input.result_type === 'series') return input.series_amount ?? 0
  return input.num_images ?? 1
}

/** Cost in mills (thousandths of a dollar), exact. */
export function estimateCostMills(input: PricedInput): number {
  return billedImageCount(input) * priceMills(input.resolution ?? '1K')
}

export function estimateCostUsd(input: PricedInput): number {
  return estimateCostMills(input) / 1000
}

/** "$0.112", always three decimals because prices are in tenths of a cent. */
export function formatUsd(usd: number): string {
  return `$${usd.toFixed(3)}`
}
