// Live mode: forward an already checked call to fal with @fal-ai/server-proxy's core handleRequest.
//
// We give handleRequest our own ProxyBehavior rather than use @fal-ai/server-proxy/hono, because that
// adapter (1.2.1) has two bugs: its getHeaders() returns the *response* headers, so the client's x-fal-*
// headers (queue priority, object lifecycle…) are never forwarded; and its getRequestBody() re-parses the
// body as JSON, which throws on the body-less PUT of a cancel. The core function keeps what matters from
// the library: its URL allowlist, endpoint allowlist, auth hooks and header handling.
import { createUrlMatcher, handleRequest, type ProxyBehavior, type ProxyConfig, resolveProxyConfig, TARGET_URL_HEADER } from '@fal-ai/server-proxy'
import type { Context } from 'hono'

import { ENDPOINT_IDS } from '../kling'
import { allowedUrlPatterns, allowedUrlPatternsByKind, webhookQuery } from './allowed-urls'
import { corsResponse, FORWARDED_FAL_HEADERS } from './cors'
import { OBJECT_LIFECYCLE_HEADER, objectLifecycleValue } from './media-lifecycle'
import { scrubStream } from './scrub'
import { CALLER_KEY, FAL_CALL_KEY } from './fal-route'
import { classifyTarget, type FalCall } from './target-url'
import { type FetchLike, runWithUpstreamFetch } from './upstream-fetch'


/**
 * The only response headers passed on from fal: what @fal-ai/client 1.10.1 reads (content-type, and
 * x-fal-request-id and x-fal-request-timeout-type in response.js and streaming.js) and Retry-After, which
 * the plugin shows. Anything else (cookies, fal's CORS, debug or server headers) could carry what the
 * caller should not see. Content-Length is left to the server, since scrubbing can change the body.
 */
export const PASSED_RESPONSE_HEADERS = ['content-type', 'x-fal-request-id', 'x-fal-request-timeout-type', 'retry-after']

export interface LiveDeps {
  falKey: string
  scrub: (text: string) => string
  upstreamFetch?: FetchLike | undefined
  /** KEEP_MEDIA_DAYS: sent to fal on submits, in place of anything the client sent. */
  keepMediaDays?: number | undefined
  /**
   * With PUBLIC_URL: where fal should deliver results (`fal_webhook`, docs.fal.ai/model-endpoints/webhooks).
   * Appended to every submit's URL here, after the route's checks, which refuse any query from the client.
   */
  webhookUrl?: string | undefined
}

export type Forward = (c: Context, bodyText: string) => Promise<Response>

export function createLiveForwarder(deps: LiveDeps): Forward {
  // server-proxy compiles the allowlist it is given on every call (isAllowedUrl → createUrlMatcher, ~0.17 ms
  // a status poll, measured). So the allowlist is compiled here once per kind of call, with the library's
  // own createUrlMatcher, and checked below on the very URL handleRequest fetches. handleRequest is given no
  // patterns (allowedUrlPatterns undefined): it then checks its own defaults, compiled once at its load
  // (fal.run/**, queue.fal.run/**, rest.fal.ai's storage initiate), a looser second gate that every URL
  // ours allows also passes (test/proxy/live-forwarding.test.ts forwards each kind).
  // The same goes for its endpoint allowlist on a POST (isAllowedEndpoint): checked here, precompiled, and
  // the library is given `**` (a pattern picomatch compiles on a fast path; an empty list would make it warn).
  const fullMatcher = createUrlMatcher(allowedUrlPatterns(deps.webhookUrl))
  const byKind = new Map(Object.entries(allowedUrlPatternsByKind(deps.webhookUrl)).map(([kind, patterns]) => [kind, createUrlMatcher(patterns)]))
  const endpointMatcher = createUrlMatcher([...ENDPOINT_IDS])
  const config = {
    ...resolveProxyConfig({
      allowedEndpoints: ['**'],
      allowUnauthorizedRequests: false,
      // The token was checked once, by the route, which leaves the caller on the context; the forwarder
      // below refuses any call without one, so the library never forwards an unauthenticated call.
      isAuthenticated: async () => true,
      // Always the server's key: never the caller's Authorization header, which carries our bearer token.
      resolveFalAuth: async () => `Key ${deps.falKey}`
    }),
    allowedUrlPatterns: undefined
  } as ProxyConfig
  return (c, bodyText) => {
    // Only a call the route accepted (its token checked, its target classified) is ever forwarded.
    if (c.get(CALLER_KEY) === undefined) return Promise.resolve(Response.json({ message: 'Unauthorized' }, { status: 401 }))
    const call = callOf(c)
    // A plain object, lower-case names: written by the Node adapter as it is (see corsResponse).
    const responseHeaders: Record<string, string> = {}
    // Only the x-fal-* headers @fal-ai/client sends: nothing else the caller adds reaches fal.
    const falHeaders = withWebhook(call, withMediaLifecycle(call, pick(c, FORWARDED_FAL_HEADERS), deps.keepMediaDays), deps.webhookUrl)
    // The URL handleRequest will fetch (it reads it through getHeader below), as its own check sees it.
    const matcher = (call ? byKind.get(call.kind) : undefined) ?? fullMatcher
    if (!allowed(c.req.method, falHeaders[TARGET_URL_HEADER], matcher, endpointMatcher)) return Promise.resolve(Response.json({ message: 'Invalid request' }, { status: 400 }))
    const behavior: ProxyBehavior<Response> = {
      id: 'keyframe-hono',
      method: c.req.method,
      respondWith: (status, data) => Response.json(typeof data === 'string' ? { message: data } : data, { status }),
      getHeaders: () => falHeaders,
      // handleRequest takes the names from getHeaders but each x-fal-* value from here: both must agree.
      getHeader: (name) => (name.toLowerCase().startsWith('x-fal-') ? (falHeaders[name.toLowerCase()] ?? null) : (c.req.header(name) ?? null)),
      sendHeader: (name, value) => {
        const key = name.toLowerCase()
        if (PASSED_RESPONSE_HEADERS.includes(key)) responseHeaders[key] = deps.scrub(value)
      },
      getRequestBody: async () => (bodyText === '' ? undefined : bodyText),
      sendResponse: async (res) => {
        // The status stream is passed through as it comes; every other answer is a small JSON body, which
        // the Node adapter writes in one go when it is buffered (measured: ~0.3 ms less per status poll).
        // Every body is text we did not write: make sure no part of the key can ride back in one.
        const streaming = (res.headers.get('content-type') ?? '').includes('text/event-stream')
        if (res.ok && streaming && res.body) return corsResponse(scrubStream(res.body, deps.scrub), res.status, responseHeaders)
        return corsResponse(deps.scrub(await res.text()), res.status, responseHeaders)
      }
    }
    return runWithUpstreamFetch(deps.upstreamFetch, () => handleRequest(behavior, config))
  }
}

/**
 * With KEEP_MEDIA_DAYS set, the team's setting is the only lifecycle fal sees: on a submit it replaces the
 * client's, and on every other call (where fal documents no use for it) the client's is dropped.
 */
/** The call as the route classified it (classified here only when the route did not, as in unit tests). */
function callOf(c: Context): FalCall | undefined {
  const known = c.get(FAL_CALL_KEY) as FalCall | null | undefined
  if (known !== undefined) return known ?? undefined
  const target = classifyTarget(c.req.method, c.req.header(TARGET_URL_HEADER))
  return target.ok ? target.call : undefined
}

function withMediaLifecycle(call: FalCall | undefined, headers: Record<string, string>, days: number | undefined): Record<string, string> {
  if (days === undefined) return headers
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() !== OBJECT_LIFECYCLE_HEADER) out[key] = value
  if (call?.kind === 'submit') out[OBJECT_LIFECYCLE_HEADER] = objectLifecycleValue(days)
  return out
}

/** On a submit, the target URL fal is sent gets the webhook query; handleRequest fetches that header's URL. */
function withWebhook(call: FalCall | undefined, headers: Record<string, string>, webhookUrl: string | undefined): Record<string, string> {
  if (webhookUrl === undefined || call?.kind !== 'submit') return headers
  return { ...headers, [TARGET_URL_HEADER]: call.url + webhookQuery(webhookUrl) }
}

/** The named request headers present, keys lower-cased (one lookup each, not a copy of every header). */
function pick(c: Context, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of names) {
    const value = c.req.header(name)
    if (value !== undefined) out[name] = value
  }
  return out
}

/**
 * server-proxy's checks (index.js): isAllowedUrl over host, path and query (getUrlWithoutScheme), and on a
 * POST to a host outside fal.ai, isAllowedEndpoint over the path without its leading slash; precompiled.
 */
function allowed(method: string, targetUrl: string | undefined, matcher: (url: string) => boolean, endpointMatcher: (endpoint: string) => boolean): boolean {
  if (targetUrl === undefined) return false
  let url: URL
  try {
    url = new URL(targetUrl)
  } catch {
    return false
  }
  if (!matcher(`${url.host}${url.pathname}${url.search}`)) return false
  const falAi = url.host === 'fal.ai' || url.host.endsWith('.fal.ai')
  return method.toUpperCase() !== 'POST' || falAi || endpointMatcher(url.pathname.replace(/^\//, ''))
}
