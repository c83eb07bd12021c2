// Asks the proxy which mode it runs in and what this token has spent today (GET /api/keyframe/usage), and
// whether it is up (GET /healthz), with the same address and token as the fal client. Every failure
// becomes a UsageError whose message says what is wrong and what to do; the header and Settings show it.
import { PROXY_PATH, USAGE_PATH } from '../../manifest-hosts.js'
import type { UsageAnswer } from '../../proxy-answers'
import { parseProxyUrl } from '../../proxy-url'
import type { ProxyConnection } from '../fal-client'

export type UsageProblem = 'address' | 'unreachable' | 'token' | 'answer'

export class UsageError extends Error {
  override name = 'UsageError'
  constructor(
    readonly problem: UsageProblem,
    message: string,
    readonly status?: number
  ) {
    super(message)
  }
}

/** The proxy's own route next to the fal route: a path prefix in front of it (a reverse proxy) is kept. */
export function proxyRouteUrl(proxyUrl: string, path: string): string {
  const parsed = parseProxyUrl(proxyUrl)
  if (!parsed.ok) throw new UsageError('address', parsed.message)
  const { url, origin } = parsed.address
  const base = url.endsWith(PROXY_PATH) ? url.slice(0, -PROXY_PATH.length) : origin
  return `${base}${path}`
}

async function get(url: string, token: string, fetchImpl: typeof fetch): Promise<Response> {
  try {
    return await fetchImpl(url, { headers: token === '' ? {} : { authorization: `Bearer ${token}` }, cache: 'no-store' })
  } catch {
    const { origin } = new URL(url)
    // A failed fetch is also what a CORS refusal looks like (a reverse proxy that passes only the fal route).
    // Only when nothing at all answers at the origin is it unreachable: an opaque answer means something did.
    const answered = await fetchImpl(origin, { mode: 'no-cors', cache: 'no-store' }).then(() => true, () => false)
    if (answered) throw new UsageError('answer', `The proxy at ${origin} answers, but its usage could not be read from here.`)
    throw new UsageError('unreachable', `Can't reach the proxy at ${origin}. Is it running (npm start for the local one), and is the URL right?`)
  }
}

async function messageOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => undefined)) as { message?: unknown } | undefined
  return typeof body?.message === 'string' ? body.message : `HTTP ${response.status}`
}

function isUsage(value: unknown): value is UsageAnswer {
  const v = value as UsageAnswer | undefined
  const budget = (b: unknown) => b === null || typeof b === 'number'
  return (
    (v?.mode === 'live' || v?.mode === 'offline') &&
    typeof v.today?.spentUsd === 'number' &&
    budget(v.today.budgetUsd) &&
    budget(v.today.teamBudgetUsd) &&
    typeof v.day === 'string' &&
    (v.name === undefined || typeof v.name === 'string')
  )
}

/** Today's usage for this token. */
export async function readUsage({ proxyUrl, token }: ProxyConnection, fetchImpl: typeof fetch = fetch): Promise<UsageAnswer> {
  const response = await get(proxyRouteUrl(proxyUrl, USAGE_PATH), token, fetchImpl)
  if (response.status === 401) {
    throw new UsageError('token', `Token not accepted (401): ${await messageOf(response)}`, 401)
  }
  if (response.status === 404) {
    throw new UsageError('answer', 'This proxy has no usage route (404): it is older than this plugin. Ask whoever runs it to update it.', 404)
  }
  if (!response.ok) throw new UsageError('answer', `The proxy answered ${response.status}: ${await messageOf(response)}`, response.status)
  const body: unknown = await response.json().catch(() => undefined)
  if (!isUsage(body)) throw new UsageError('answer', "The proxy's usage answer could not be read: is this URL a Keyframe proxy?")
  return body
}

/** /healthz: up, or what is wrong (a 503 names its storage problem). */
export async function checkHealth({ proxyUrl }: Pick<ProxyConnection, 'proxyUrl'>, fetchImpl: typeof fetch = fetch): Promise<void> {
  const response = await get(proxyRouteUrl(proxyUrl, '/healthz'), '', fetchImpl)
  if (response.ok) return
  const body = (await response.json().catch(() => undefined)) as { reason?: unknown } | undefined
  const reason = typeof body?.reason === 'string' ? body.reason : `HTTP ${response.status}`
  throw new UsageError('answer', `The proxy is up but not healthy: ${reason}`, response.status)
}
