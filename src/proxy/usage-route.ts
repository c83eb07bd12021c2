// GET /api/keyframe/usage: the plugin's header and Settings ask which mode this proxy runs in and what the
// caller's token has spent today. The same gate as the fal route (token, caller limits; Host and Origin
// are checked for every route in server.ts), and only the caller's own figures plus, where a team budget
// is set, the team's total; never another token's.
import type { Context } from 'hono'

import type { UsageAnswer } from '../proxy-answers'
import type { Budget } from './budget'
import type { EdgeLimits } from './edge-limits'
import { CALLER_KEY } from './fal-route'

export interface UsageRouteOptions {
  mode: 'live' | 'offline'
  name: string | undefined
  tokens: readonly string[]
  budget: Budget
  limits: EdgeLimits
  now?: () => Date
}

export function usageRoute({ mode, name, tokens, budget, limits, now = () => new Date() }: UsageRouteOptions) {
  return async (c: Context) => {
    const auth = limits.authenticate(c, tokens)
    if (!auth.ok) return auth.response
    // The log names the caller as it does for the fal route.
    c.set(CALLER_KEY, auth.tokenHash)
    const { perTokenUsd, teamUsd } = budget.limits
    const spent = await budget.spend.spent(auth.tokenHash)
    const spentUsd = spent.tokenMills / 1000
    // The team's total only where a team budget makes it the caller's business.
    const team = teamUsd === undefined ? {} : { teamSpentUsd: spent.teamMills / 1000 }
    const answer: UsageAnswer = {
      mode,
      ...(name ? { name } : {}),
      // Without tokens everyone shares one budget, so the caller's spend is the team's.
      today: { spentUsd, budgetUsd: perTokenUsd ?? null, ...team, teamBudgetUsd: teamUsd ?? null },
      day: now().toISOString().slice(0, 10)
    }
    // Spend changes with every job: never let a cache answer for the proxy.
    return c.json(answer, 200, { 'cache-control': 'no-store' })
  }
}
