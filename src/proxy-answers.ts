// What the proxy's own answers carry for the plugin, spelled once for both sides: the field that says
// what a submit cost, and the codes the plugin acts on. The proxy writes them (src/proxy), the job
// runner reads them (src/ui/jobs); a change here changes both.

/** The JSON body field on an answer to a submit that says what it cost (src/proxy/charge-mark.ts). */
export const CHARGE_FIELD = 'keyframe_charge'

/**
 * `none`: the proxy sent nothing; `released`: fal refused it and the reservation was given back. An answer
 * without the field (accepted, fal's 422, the proxy's in-doubt 409, or an error page from something in
 * front of the proxy) says nothing about money.
 */
export const CHARGE_MARKS = ['none', 'released'] as const
export type ChargeMark = (typeof CHARGE_MARKS)[number]

/** The `code` of the proxy's answers the plugin tells apart. */
export const PROXY_CODES = {
  /** A submit sent without an answer (or fal's 502/504): kept charged, never sent again. */
  submitInDoubt: 'submit_in_doubt',
  /** The job id was sent before with another token. */
  jobOtherToken: 'job_other_token',
  /** The job id was sent before with other settings. */
  jobIdReused: 'job_id_reused',
  /** A request id this proxy has no record of. */
  unknownRequest: 'unknown_request',
  /** Over a daily budget (402). */
  budgetExceeded: 'budget_exceeded'
} as const

/**
 * What `GET /api/keyframe/usage` answers (src/proxy/usage-route.ts): the proxy's mode, its name, and today's
 * spend (UTC day) for the caller's own token and for the whole team. A budget of null means none is set.
 */
export interface UsageAnswer {
  mode: 'live' | 'offline'
  name?: string
  /** The proxy's version (package.json), so Settings can say which server answers; a proxy older than this field leaves it out. */
  version?: string
  /**
   * `remainingUsd`: what the caller may still spend today, the smaller of what its own budget and the team's
   * leave (never below 0); null when neither budget is set. Absent from proxies older than this field.
   */
  today: { spentUsd: number; budgetUsd: number | null; teamSpentUsd?: number; teamBudgetUsd: number | null; remainingUsd?: number | null }
  day: string
  /** Admins only (a token in ADMIN_TOKENS): everyone's spend per day over `?from=&to=` (today by default). */
  spendByToken?: TokenSpendAnswer
}

/**
 * Spend per token per day, `from` to `to` inclusive (UTC days, at most 31). A token is named by its label
 * from PROXY_TOKENS/ADMIN_TOKENS, else by the first 8 hex of its SHA-256 as the logs name it; never the token.
 */
export interface TokenSpendAnswer {
  from: string
  to: string
  rows: { day: string; token: string; labelled: boolean; spentUsd: number; jobs: number }[]
}
