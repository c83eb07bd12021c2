// Turns what the proxy and fal answer into sentences a designer can act on.
import { ApiError, ValidationError } from '@fal-ai/client'

import { formatUsd } from '../kling/pricing'
import { PROXY_CODES } from '../proxy-answers'
import { LOCAL_PROXY_URL } from '../proxy-url'
import { errorMessage } from '../error-message'

export type FailureKind = 'auth' | 'budget' | 'invalid' | 'unreachable' | 'rate-limited' | 'server' | 'other'

export interface Failure {
  kind: FailureKind
  message: string
  /** What to do next, when it is said after what the failure cost (a budget refusal's "try again after…"). */
  advice?: string
}

export function describeFailure(error: unknown, proxyUrl: string): Failure {
  if (error instanceof ValidationError) {
    const details = error.fieldErrors.map((d) => `${d.loc.filter((l) => l !== 'body').join('.') || 'request'}: ${d.msg}`)
    return { kind: 'invalid', message: `fal refused the request (${details.join('; ') || error.message}). Change that setting and try again.` }
  }
  if (error instanceof ApiError) {
    const body = error.body as { message?: string; code?: string } | undefined
    const said = body?.message ?? error.message
    if (error.status === 401 || error.status === 403) {
      return { kind: 'auth', message: `The proxy did not accept your token: ${said} Check the token in Settings.` }
    }
    if (error.status === 402 || body?.code === PROXY_CODES.budgetExceeded) return budgetFailure(error.body, said)
    if (error.status === 429) return { kind: 'rate-limited', message: `fal is busy (${said}). Wait a minute and try again.` }
    if (error.status >= 500) return { kind: 'server', message: `fal or the proxy had a problem (${error.status}: ${said}). Try again shortly.` }
    return { kind: 'other', message: `${said} (HTTP ${error.status}).` }
  }
  if (error instanceof TypeError) return { kind: 'unreachable', message: unreachable(proxyUrl) }
  return { kind: 'other', message: errorMessage(error) }
}

/**
 * A budget refusal in a designer's words, from the proxy's 402 body (src/proxy/budget.ts: `budget` is
 * `token` or `team`, and the figures are in dollars). A body without them is shown as the proxy said it.
 */
function budgetFailure(body: unknown, said: string): Failure {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { budget?: unknown; budget_usd?: unknown; spent_usd?: unknown; cost_usd?: unknown }
  const { budget_usd: limit, spent_usd: spent, cost_usd: cost } = b
  if (typeof limit !== 'number' || typeof spent !== 'number' || typeof cost !== 'number') return { kind: 'budget', message: `Budget reached: ${said}` }
  const whose = b.budget === 'team' ? "your team's" : 'your'
  const left = Math.max(0, Math.round((limit - spent) * 1000) / 1000)
  const room = left > 0 ? `only ${formatUsd(left)} of ${whose} ${formatUsd(limit)} budget for today is left` : `${whose} ${formatUsd(limit)} budget for today is used up`
  return {
    kind: 'budget',
    message: `This costs ${formatUsd(cost)}, but ${room}.`,
    advice: 'Try again after 00:00 UTC, or ask your admin to raise the budget.'
  }
}

/**
 * fetch rejects with a TypeError when the host cannot be reached at all, when CORS refuses, or when
 * Figma's network policy blocks the host: the browser does not say which, so the message covers what a
 * designer can do about each.
 */
function unreachable(proxyUrl: string): string {
  if (proxyUrl === LOCAL_PROXY_URL) {
    return `Can't reach the local proxy at ${proxyUrl}. Start it with npm start, or enter your team's proxy in Settings.`
  }
  return (
    `Can't reach the proxy at ${proxyUrl}. Check the address in Settings with whoever runs your team's proxy. ` +
    'If it is right, the proxy may be down, or this build of Keyframe may not allow it: ask for a build made for that proxy.'
  )
}
