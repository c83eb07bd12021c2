// Turns what the proxy and fal answer into sentences a designer can act on.
import { ApiError, ValidationError } from '@fal-ai/client'

import { LOCAL_PROXY_URL } from '../proxy-url'

export type FailureKind = 'auth' | 'budget' | 'invalid' | 'unreachable' | 'rate-limited' | 'server' | 'other'

export interface Failure {
  kind: FailureKind
  message: string
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
    if (error.status === 402 || body?.code === 'budget_exceeded') return { kind: 'budget', message: `Budget reached: ${said}` }
    if (error.status === 429) return { kind: 'rate-limited', message: `fal is busy (${said}). Wait a minute and try again.` }
    if (error.status >= 500) return { kind: 'server', message: `fal or the proxy had a problem (${error.status}: ${said}). Try again shortly.` }
    return { kind: 'other', message: `${said} (HTTP ${error.status}).` }
  }
  if (error instanceof TypeError) return { kind: 'unreachable', message: unreachable(proxyUrl) }
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) }
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
