// Live mode: forward an already checked call to fal with @fal-ai/server-proxy's core handleRequest.
//
// We give handleRequest our own ProxyBehavior rather than use @fal-ai/server-proxy/hono, because that
// adapter (1.2.1) has two bugs: its getHeaders() returns the *response* headers, so the client's x-fal-*
// headers (queue priority, object lifecycle…) are never forwarded; and its getRequestBody() re-parses the
// body as JSON, which throws on the body-less PUT of a cancel. The core function keeps what matters from
// the library: its URL allowlist, endpoint allowlist, auth hooks and header handling.
import { handleRequest, type ProxyBehavior, type ProxyConfig, resolveProxyConfig } from '@fal-ai/server-proxy'
import type { Context } from 'hono'

import { ENDPOINT_IDS } from '../kling'
import { checkBearer } from './auth'
import { FORWARDED_FAL_HEADERS } from './cors'
import { scrubStream } from './scrub'
import { type FetchLike, runWithUpstreamFetch } from './upstream-fetch'

export const ALLOWED_URL_PATTERNS = [
  'queue.fal.run/fal-ai/kling-image/**',
  // picomatch: `?` is a wildcard unless escaped.
  'rest.fal.ai/storage/upload/initiate\\?storage_type=fal-cdn-v3'
]

/**
 * The only response headers passed on from fal: what @fal-ai/client 1.10.1 reads (content-type, and
 * x-fal-request-id and x-fal-request-timeout-type in response.js and streaming.js) and Retry-After, which
 * the plugin shows. Anything else (cookies, fal's CORS, debug or server headers) could carry what the
 * caller should not see. Content-Length is left to the server, since scrubbing can change the body.
 */
export const PASSED_RESPONSE_HEADERS = ['content-type', 'x-fal-request-id', 'x-fal-request-timeout-type', 'retry-after']

export interface LiveDeps {
  falKey: string
  tokens: readonly string[]
  scrub: (text: string) => string
  upstreamFetch?: FetchLike | undefined
}

export type Forward = (c: Context, bodyText: string) => Promise<Response>

export function createLiveForwarder(deps: LiveDeps): Forward {
  const config: ProxyConfig = resolveProxyConfig({
    allowedUrlPatterns: ALLOWED_URL_PATTERNS,
    allowedEndpoints: [...ENDPOINT_IDS],
    allowUnauthorizedRequests: false,
    // Checked again here (the route already did) so the library never forwards an unauthenticated call.
    isAuthenticated: async (behavior) => {
      const header = behavior.getHeader('authorization')
      return checkBearer(typeof header === 'string' ? header : undefined, deps.tokens).ok
    },
    // Always the server's key: never the caller's Authorization header, which carries our bearer token.
    resolveFalAuth: async () => `Key ${deps.falKey}`
  })

  return (c, bodyText) => {
    const responseHeaders = new Headers()
    const behavior: ProxyBehavior<Response> = {
      id: 'keyframe-hono',
      method: c.req.method,
      respondWith: (status, data) => Response.json(typeof data === 'string' ? { message: data } : data, { status }),
      // Only the x-fal-* headers @fal-ai/client sends: nothing else the caller adds reaches fal.
      getHeaders: () => pick(c.req.header(), FORWARDED_FAL_HEADERS),
      getHeader: (name) => c.req.header(name) ?? null,
      sendHeader: (name, value) => {
        if (PASSED_RESPONSE_HEADERS.includes(name.toLowerCase())) responseHeaders.set(name, deps.scrub(value))
      },
      getRequestBody: async () => (bodyText === '' ? undefined : bodyText),
      sendResponse: async (res) => {
        // The status stream is passed through as it comes; every other answer is a small JSON body, which
        // the Node adapter writes in one go when it is buffered (measured: ~0.3 ms less per status poll).
        // Every body is text we did not write: make sure no part of the key can ride back in one.
        const streaming = (res.headers.get('content-type') ?? '').includes('text/event-stream')
        if (res.ok && streaming && res.body) return new Response(scrubStream(res.body, deps.scrub), { status: res.status, headers: responseHeaders })
        return new Response(deps.scrub(await res.text()), { status: res.status, headers: responseHeaders })
      }
    }
    return runWithUpstreamFetch(deps.upstreamFetch, () => handleRequest(behavior, config))
  }
}

function pick(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(headers)) if (names.includes(key.toLowerCase())) out[key] = value
  return out
}
