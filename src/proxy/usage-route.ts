// GET /api/keyframe/usage: the plugin's header and Settings ask which mode and version this proxy runs and
// what the caller's token has spent today. The same gate as the fal route (token, caller limits; Host and
// Origin are checked for every route in server.ts), and only the caller's own figures plus, where a team
// budget is set, the team's total; never another token's. An admin (ADMIN_TOKENS) also gets everyone's
// spend per day over `?from=&to=`, each token named by its label or its hash prefix, never the token.
import type { Context } from 'hono'

import type { TokenSpendAnswer, UsageAnswer } from '../proxy-answers'
import type { Budget } from './budget'
import type { EdgeLimits } from './edge-limits'
import { CALLER_KEY } from './fal-route'
import { jsonError } from './respond'
import { SERVER_VERSION } from './server-version'
import { dayOf, type SpendRow } from './store/proxy-store'
import { parseUsageRange } from './usage-range'

export interface UsageRouteOptions {
  mode: 'live' | 'offline'
  name: string | undefined
  tokens: readonly string[]
  /** Hashes of the ADMIN_TOKENS: they see everyone's spend. */
  adminHashes?: ReadonlySet<string>
  /** A token's label from PROXY_TOKENS/ADMIN_TOKENS, by its hash. */
  labelOf?: (tokenHash: string) => string | undefined
  budget: Budget
  limits: EdgeLimits
  now?: () => Date
}

export function usageRoute({ mode, name, tokens, adminHashes = new Set(), labelOf = () => undefined, budget, limits, now = () => new Date() }: UsageRouteOptions) {
  return async (c: Context) => {
    const auth = limits.authenticate(c, tokens)
    if (!auth.ok) return auth.response
    // The log names the caller as it does for the fal route.
    c.set(CALLER_KEY, auth.tokenHash)
    const today = dayOf(now().getTime())
    // Only with tokens: without them everyone shares one budget, so there is no spend per token to show.
    const admin = adminHashes.has(auth.tokenHash)
    const from = c.req.query('from')
    const to = c.req.query('to')
    if (!admin && (from !== undefined || to !== undefined)) {
      return jsonError(403, 'Only an admin token (listed in ADMIN_TOKENS) may ask for a range of days (?from=, ?to=); without them this answers your own spend today.', {
        code: 'admin_only'
      })
    }
    const range = admin ? parseUsageRange(from, to, today) : undefined
    if (range && !range.ok) return jsonError(400, range.message, { code: 'bad_usage_range' })

    const { perTokenUsd, teamUsd } = budget.limits
    const spent = await budget.spend.spent(auth.tokenHash)
    const spentUsd = spent.tokenMills / 1000
    // The team's total only where a team budget makes it the caller's business.
    const team = teamUsd === undefined ? {} : { teamSpentUsd: spent.teamMills / 1000 }
    const byToken = range?.ok ? { spendByToken: spendByToken(range.from, range.to, await budget.spend.spendByToken(range.from, range.to), labelOf) } : {}
    const answer: UsageAnswer = {
      mode,
      ...(name ? { name } : {}),
      version: SERVER_VERSION,
      // Without tokens everyone shares one budget, so the caller's spend is the team's.
      today: { spentUsd, budgetUsd: perTokenUsd ?? null, ...team, teamBudgetUsd: teamUsd ?? null, remainingUsd: remaining(perTokenUsd, teamUsd, spent) },
      day: today,
      ...byToken
    }
    // Spend changes with every job: never let a cache answer for the proxy.
    return c.json(answer, 200, { 'cache-control': 'no-store' })
  }
}

/** Names each token as the request log does: its label, else the first 8 hex of its hash. */
function spendByToken(from: string, to: string, rows: SpendRow[], labelOf: (tokenHash: string) => string | undefined): TokenSpendAnswer {
  return {
    from,
    to,
    rows: rows.map((row) => {
      const label = labelOf(row.token)
      return { day: row.day, token: label ?? row.token.slice(0, 8), labelled: label !== undefined, spentUsd: row.mills / 1000, jobs: row.jobs }
    })
  }
}

/** The smaller of what the token's and the team's budgets leave today, in dollars; null without a budget. */
function remaining(perTokenUsd: number | undefined, teamUsd: number | undefined, spent: { tokenMills: number; teamMills: number }): number | null {
  const left = [
    perTokenUsd === undefined ? undefined : Math.round(perTokenUsd * 1000) - spent.tokenMills,
    teamUsd === undefined ? undefined : Math.round(teamUsd * 1000) - spent.teamMills
  ].filter((m): m is number => m !== undefined)
  return left.length === 0 ? null : Math.max(0, Math.min(...left)) / 1000
}
