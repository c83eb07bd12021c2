// Where the plugin should send an upload: this proxy's own public address. PUBLIC_URL says it outright;
// without it, the address the caller used is taken only when it is one of this proxy's own names (a
// loopback name when the proxy listens on loopback), so a forged Host cannot point uploads elsewhere.
// Config refuses a live proxy reachable from other machines without PUBLIC_URL (config.ts).
import type { Context } from 'hono'

import { isLoopback } from '../config'
import { jsonError } from '../respond'

export type OriginCheck = { ok: true; origin: string } | { ok: false; response: Response }

export function uploadOrigin(c: Context, publicUrl: string | undefined, bindHost: string): OriginCheck {
  if (publicUrl) return { ok: true, origin: publicUrl }
  const url = new URL(c.req.url)
  if (isLoopback(bindHost) && !isLoopback(url.hostname)) {
    return {
      ok: false,
      response: jsonError(
        421,
        `This proxy listens on ${bindHost} but was reached as ${url.host}, which is not one of its names. ` +
          'Use http://localhost:<port>, or set PUBLIC_URL to the address the plugin uses.'
      )
    }
  }
  return { ok: true, origin: url.origin }
}
