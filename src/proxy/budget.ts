// The per-token daily budget: what a submit costs, whether it still fits today, and the refusal the
// plugin shows. The check and the reservation happen in one synchronous step (see ledger.ts), before
// anything is forwarded, so concurrent submits cannot overspend.
import { type AnyEndpointInput, estimateCostMills, formatUsd, MAX_SERIES, type PricedInput } from '../kling'
import { Ledger } from './ledger'
import { jsonError } from './respond'

/** fal bills what it renders; a series with no `series_amount` is priced at the most it could render. */
export function budgetCostMills(input: AnyEndpointInput): number {
  const priced = input as PricedInput
  if (priced.result_type === 'series' && priced.series_amount === undefined) {
    return estimateCostMills({ ...priced, series_amount: MAX_SERIES })
  }
  return estimateCostMills(priced)
}

export type BudgetCheck = { ok: true; settle: (outcome: { requestId: string } | { failed: string }) => void } | { ok: false; response: Response }

export class Budget {
  constructor(
    private readonly ledger: Ledger,
    private readonly budgetUsdPerDay: number | undefined
  ) {}

  reserve(tokenHash: string, input: AnyEndpointInput, endpoint: string): BudgetCheck {
    const costMills = budgetCostMills(input)
    const budgetMills = this.budgetUsdPerDay === undefined ? undefined : Math.round(this.budgetUsdPerDay * 1000)
    const r = this.ledger.reserve(tokenHash, costMills, budgetMills, endpoint)
    if (!r.ok) {
      return {
        ok: false,
        response: jsonError(
          402,
          `Daily budget of ${formatUsd(r.budgetMills / 1000)} reached for this token: ${formatUsd(r.spentMills / 1000)} spent today, ` +
            `this request costs ${formatUsd(r.costMills / 1000)}. The budget resets at 00:00 UTC; ask your admin to raise BUDGET_USD_PER_DAY.`,
          { code: 'budget_exceeded', budget_usd: r.budgetMills / 1000, spent_usd: r.spentMills / 1000, cost_usd: r.costMills / 1000 }
        )
      }
    }
    let settled = false
    return {
      ok: true,
      settle: (outcome) => {
        // Settle once: a failed forward gives the money back, an accepted one records fal's request id.
        if (settled) return
        settled = true
        if ('requestId' in outcome) this.ledger.commit(r.id, outcome.requestId)
        else this.ledger.release(r.id, outcome.failed)
      }
    }
  }
}
