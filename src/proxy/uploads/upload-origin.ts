// Where the plugin should send an upload: this proxy's own public address. PUBLIC_URL says it outright;
// without it, a proxy on loopback names itself http://localhost:<port> (a Host that is not a loopback name
// is refused), so a forged Host cannot point uploads elsewhere.
// Config refuses a live proxy reachable from other machines without PUBLIC_URL (config.ts).
import type { IncomingMessage } from 'node:http'

import type { Context } from 'hono'

import { isLoopback } from '../config'
import { jsonError } from '../respond'

export type OriginCheck = { ok: true; origin: string } | { ok: false; response: Response }

export function uploadOrigin(c: Context, publicUrl: string | undefined, bindHost: string): OriginCheck {
  if (publicUrl) return { ok: true, origin: publicUrl }
  const url = new URL(c.req.url)
  if (!isLoopback(bindHost)) return { ok: true, origin: url.origin }
  if (!isLoopback(url.hostname)) {
    return {
      ok: false,
      response: jsonError(
        421,
        `This proxy listens on ${bindHost} but was reached as ${url.host}, which is not one of its names. ` +
          'Use http://localhost:<port>, or set PUBLIC_URL to the address the plugin uses.'
      )
    }
  }
  // On loopback the plugin can only reach the proxy as localhost (its manifest's name for it), whatever
  // Host a local reverse proxy or script sent: 127.0.0.1 would be refused by Figma's network policy.
  const port = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.localPort ?? url.port
  return { ok: true, origin: `http://localhost:${port}` }
}
