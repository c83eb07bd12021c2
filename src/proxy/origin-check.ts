// Which web pages may use a proxy that has no access tokens. Nothing but the network guards such a proxy,
// and a browser lets any site send it requests, so only callers a site cannot pose as through a plain
// page are let in: no Origin at all (curl, scripts, the playground's own page and files), and Figma's
// plugin iframe, which is sandboxed without allow-same-origin and so sends `Origin: null` (the
// playground runs the plugin's UI the same way). With tokens, the token decides and any origin may call.
//
// Known gap: any site can also send `Origin: null` from a sandboxed iframe of its own; without tokens,
// this check stops plain cross-site pages (and the host check stops DNS rebinding), not that. Which is why
// only offline mode (play money) may run without tokens; live mode refuses to start without them (config.ts).
import type { MiddlewareHandler } from 'hono'

import { jsonError } from './respond'

export function originCheck(tokens: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin')
    if (tokens.length > 0 || origin === undefined || origin === 'null') return next()
    // No CORS headers: the page is not meant to read even the refusal.
    return jsonError(
      403,
      `This proxy has no access tokens, so it answers only the Keyframe plugin and tools that send no Origin; ` +
        `a web page at ${JSON.stringify(origin)} may not use it. To let pages in, set PROXY_TOKENS and have them send a token.`
    )
  }
}
