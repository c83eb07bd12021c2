// The daily budgets: what a submit costs, whether it still fits today (per token, and for the whole team
// when TEAM_BUDGET_USD_PER_DAY is set), and the refusal the plugin shows. The check and the reservation
// are one atomic step of the store (store/proxy-store.ts, SpendStore.reserve), before anything is
// forwarded, so concurrent submits cannot overspend, from any instance. How a reservation ends follows fal's billing (fal.ai/docs, queue and reliability pages):
// released only when fal did not take the job; kept when it did, or may have.
import { type AnyEndpointInput, estimateCostMills, formatUsd, MAX_SERIES, type PricedInput } from '../kling'
import { PROXY_CODES } from '../proxy-answers'
import { jsonError } from './respond'
import type { Booking, BookingEnd, BudgetLimits, Reservation, SpendStore } from './store/proxy-store'

/** fal bills what it renders; a series with no `series_amount` is priced at the most it could render. */
export function budgetCostMills(input: AnyEndpointInput): number {
  const priced: PricedInput = input
  if (priced.result_type === 'series' && priced.series_amount === undefined) {
    return estimateCostMills({ ...priced, series_amount: MAX_SERIES })
  }
  return estimateCostMills(priced)
}

/** A reservation in flight. Exactly one of its endings takes effect; later calls do nothing. */
export interface Charge {
  booking: Booking
  /** fal accepted the job and named it. */
  commit(requestId: string): Promise<void>
  /** Charged without a request id: the outcome is unknown, or fal answered 422. */
  keep(reason: string): Promise<void>
  /** fal did not take the job (a refused submit, a 5xx): the money comes back. */
  release(reason: string): Promise<void>
  /** fal accepted the job: `write` records the commit together with what else the acceptance records. */
  commitWith(write: () => Promise<void>): Promise<void>
}

export type BudgetCheck = { ok: true; charge: Charge } | { ok: false; response: Response }

export interface BudgetLimitsUsd {
  perTokenUsd: number | undefined
  teamUsd: number | undefined
}

export class Budget {
  constructor(
    readonly spend: SpendStore,
    readonly limits: BudgetLimitsUsd
  ) {}

  /** What reserving `input` asks of the store: its price and today's limits. */
  ask(tokenHash: string, input: AnyEndpointInput, endpoint: string): { token: string; costMills: number; limits: BudgetLimits; endpoint: string } {
    return { token: tokenHash, costMills: budgetCostMills(input), limits: { tokenMills: toMills(this.limits.perTokenUsd), teamMills: toMills(this.limits.teamUsd) }, endpoint }
  }

  /** May throw a StorageError when the reservation cannot be written: then nothing may be forwarded. */
  async reserve(tokenHash: string, input: AnyEndpointInput, endpoint: string): Promise<BudgetCheck> {
    const r = await this.spend.reserve(this.ask(tokenHash, input, endpoint))
    if (!r.ok) return { ok: false, response: this.refusal(r) }
    return { ok: true, charge: this.chargeOf(r.booking) }
  }

  /** The answer to a reservation the budget refused. */
  refusal(r: Extract<Reservation, { ok: false }>): Response {
    return refusal(r.budget, r.budgetMills, r.spentMills, r.costMills)
  }

  /** A reservation made (by SpendStore.reserve or SubmitStore.start), to be ended once. */
  chargeOf(booking: Booking): Charge {
    let settled = false
    const once = async (write: () => Promise<void>) => {
      if (settled) return
      settled = true
      await write()
    }
    const end = (ending: BookingEnd) => once(() => this.spend.end(booking, ending))
    return {
      booking,
      commit: (requestId) => end({ kind: 'commit', requestId }),
      keep: (reason) => end({ kind: 'keep', reason }),
      release: (reason) => end({ kind: 'release', reason }),
      commitWith: (write) => once(write)
    }
  }

  /** Gives back an accepted job's reservation (a cancel fal answered OK); the store gives it back once. */
  refund(booking: Booking, reason: string): Promise<void> {
    return this.spend.end(booking, { kind: 'release', reason })
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
