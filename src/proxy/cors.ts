// CORS for Figma's plugin iframe, whose origin is `null`: allow any origin (we use a bearer token, never
// cookies), answer preflights, allow the headers @fal-ai/client sends, and expose fal's request id.
// Which origins get this far at all is origin-check.ts's call: without tokens, only `null` and none.
import type { MiddlewareHandler } from 'hono'

/** The x-fal-* headers @fal-ai/client 1.10.1 sends (headers.ts, storage.ts); live mode forwards these. */
export const FORWARDED_FAL_HEADERS = [
  'x-fal-target-url',
  'x-fal-queue-priority',
  'x-fal-runner-hint',
  'x-fal-request-timeout',
  'x-fal-object-lifecycle-preference',
  'x-fal-object-lifecycle'
] as const

// x-keyframe-job names a job so a resent submit is answered, not paid twice (submit-gate.ts); the
// proxy reads it and never forwards it.
const ALLOWED = ['authorization', 'content-type', 'accept', 'x-keyframe-job', ...FORWARDED_FAL_HEADERS].join(', ')
// Retry-After is not readable cross-origin unless exposed; the plugin shows how long to wait.
const EXPOSED = ['x-fal-request-id', 'x-fal-request-timeout-type', 'retry-after', 'x-keyframe-idempotent-replay'].join(', ')

/** What every non-preflight answer carries for the plugin's iframe. */
export const CORS_RESPONSE_HEADERS: Readonly<Record<string, string>> = { 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSED }

// Answers built by corsResponse, with the plain header object (CORS included) each was made with.
const complete = new WeakMap<Response, Record<string, string>>()

/**
 * An answer with its headers in one plain object, CORS included, so @hono/node-server writes them as they
 * are: reading or setting `headers` on its Response first turns them into a fetch Headers (measured on the
 * status poll, the most frequent call). Names must be lower-case. A text body with no content-type gets
 * the one the adapter would have given it.
 */
export function corsResponse(body: string | ReadableStream<Uint8Array> | null, status: number, headers: Record<string, string>): Response {
  const all: Record<string, string> = { ...headers, ...CORS_RESPONSE_HEADERS }
  if (body !== null && all['content-type'] === undefined) all['content-type'] = 'text/plain; charset=UTF-8'
  const res = new Response(body, { status, headers: all })
  complete.set(res, all)
  return res
}

/** One response header (lower-case name), read without converting a corsResponse's headers. */
export function responseHeader(res: Response, name: string): string | null {
  const plain = complete.get(res)
  return plain ? (plain[name] ?? null) : res.headers.get(name)
}

export function cors(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: {
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
          'access-control-allow-headers': ALLOWED,
          'access-control-max-age': '600'
        }
      })
    }
    await next()
    if (complete.has(c.res)) return
    try {
      c.res.headers.set('access-control-allow-origin', '*')
    } catch {
      // A response passed on from fetch has immutable headers: copy it (the rare case; ours are mutable).
      c.res = new Response(c.res.body, c.res)
      c.res.headers.set('access-control-allow-origin', '*')
    }
    c.res.headers.set('access-control-expose-headers', CORS_RESPONSE_HEADERS['access-control-expose-headers']!)
  }
}
