// How a dollar figure reads for the proxy's mode. An offline proxy renders placeholders and bills nothing,
// so every figure there says what the same job would cost live; a live proxy (or one whose mode is not
// known yet) keeps the plain amount, which never understates a real charge.
import { formatUsd } from '../kling/pricing'
import type { UsageAnswer } from '../proxy-answers'

export type ProxyMode = UsageAnswer['mode']

/** "$0.112" live; "would cost $0.112 live" offline. */
export function moneyText(usd: number, mode: ProxyMode | undefined): string {
  return mode === 'offline' ? `would cost ${formatUsd(usd)} live` : formatUsd(usd)
}

/** The footer's cost line: "Cost: $0.112 for 4 images", offline "Cost: would be $0.112 live for 4 images". */
export function costLine(usd: number | null, count: number, mode: ProxyMode | undefined): string {
  if (usd === null) return 'Cost: –'
  const amount = mode === 'offline' ? `would be ${formatUsd(usd)} live` : formatUsd(usd)
  return `Cost: ${amount} for ${count} image${count === 1 ? '' : 's'}`
}

/** "$1.23 of $25 today", or "$1.23 today" without a budget: whole dollars stay whole. */
export function spendText(spentUsd: number, budgetUsd: number | null): string {
  const spent = `$${spentUsd.toFixed(2)}`
  if (budgetUsd === null) return `${spent} today`
  const budget = Number.isInteger(budgetUsd) ? `$${budgetUsd}` : `$${budgetUsd.toFixed(2)}`
  return `${spent} of ${budget} today`
}
