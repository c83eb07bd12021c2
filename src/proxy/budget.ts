// The daily budgets: what a submit costs, whether it still fits today (per token, and for the whole team
// when TEAM_BUDGET_USD_PER_DAY is set), and the refusal the plugin shows. The check and the reservation
// happen in one synchronous step (ledger.ts), before anything is forwarded, so concurrent submits cannot
// overspend. How a reservation ends follows fal's billing (fal.ai/docs, queue and reliability pages):
// released only when fal did not take the job; kept when it did, or may have.
import { type AnyEndpointInput, estimateCostMills, formatUsd, MAX_SERIES, type PricedInput } from '../kling'
import { PROXY_CODES } from '../proxy-answers'
import { type Booking, Ledger } from './ledger'
import { jsonError } from './respond'

/** fal bills what it renders; a series with no `series_amount` is priced at the most it could render. */
export function budgetCostMills(input: AnyEndpointInput): number {
  const priced = input as PricedInput
  if (priced.result_type === 'series' && priced.series_amount === undefined) {
    return estimateCostMills({ ...priced, series_amount: MAX_SERIES })
  }
  return estimateCostMills(priced)
}

/** A reservation in flight. Exactly one of its endings takes effect; later calls do nothing. */
export interface Charge {
  booking: Booking
  /** fal accepted the job and named it. */
  commit(requestId: string): void
  /** Charged without a request id: the outcome is unknown, or fal answered 422. */
  keep(reason: string): void
  /** fal did not take the job (a refused submit, a 5xx): the money comes back. */
  release(reason: string): void
}

export type BudgetCheck = { ok: true; charge: Charge } | { ok: false; response: Response }

export interface BudgetLimitsUsd {
  perTokenUsd: number | undefined
  teamUsd: number | undefined
}

export class Budget {
  constructor(
    readonly ledger: Ledger,
    readonly limits: BudgetLimitsUsd
  ) {}

  /** May throw a StorageError when the reservation cannot be written: then nothing may be forwarded. */
  reserve(tokenHash: string, input: AnyEndpointInput, endpoint: string): BudgetCheck {
    const costMills = budgetCostMills(input)
    const r = this.ledger.reserve(tokenHash, costMills, { tokenMills: toMills(this.limits.perTokenUsd), teamMills: toMills(this.limits.teamUsd) }, endpoint)
    if (!r.ok) return { ok: false, response: refusal(r.budget, r.budgetMills, r.spentMills, r.costMills) }
    let settled = false
    const once = (run: () => void) => {
      if (settled) return
      settled = true
      run()
    }
    const booking = r.booking
    return {
      ok: true,
      charge: {
        booking,
        commit: (requestId) => once(() => this.ledger.commit(booking, requestId)),
        keep: (reason) => once(() => this.ledger.keep(booking, reason)),
        release: (reason) => once(() => this.ledger.release(booking, reason))
      }
    }
  }

  /** Gives back an accepted job's reservation (a cancel fal answered OK). The caller ensures once. */
  refund(booking: Booking, reason: string): void {
    this.ledger.release(booking, reason)
  }
}

function toMills(usd: number | undefined): number | undefined {
  return usd === undefined ? undefined : Math.round(usd * 1000)
}

function refusal(budget: 'token' | 'team', budgetMills: number, spentMills: number, costMills: number): Response {
  const [limit, spent, cost] = [budgetMills, spentMills, costMills].map((m) => formatUsd(m / 1000))
  const message =
    budget === 'token'
      ? `Daily budget of ${limit} reached for this token: ${spent} spent today, this request costs ${cost}. ` +
        'The budget resets at 00:00 UTC; ask your admin to raise BUDGET_USD_PER_DAY.'
      : `The team's daily budget of ${limit} is reached: ${spent} spent today by everyone on this proxy, this request costs ${cost}. ` +
        'The budget resets at 00:00 UTC; ask your admin to raise TEAM_BUDGET_USD_PER_DAY.'
  return jsonError(402, message, { code: PROXY_CODES.budgetExceeded, budget, budget_usd: budgetMills / 1000, spent_usd: spentMills / 1000, cost_usd: costMills / 1000 })
}
