// Where the plugin should send an upload: this proxy's own public address. PUBLIC_URL says it outright;
// without it, the name the request was accepted under (host-check.ts, the one rule for which names are
// this proxy's), so a forged Host cannot point uploads elsewhere. On loopback that is always
// http://localhost:<port>: the plugin's manifest allows that name, and Figma would refuse 127.0.0.1.
// Config refuses a live proxy reachable from other machines without PUBLIC_URL (config.ts).
import type { Context } from 'hono'

import { acceptedHost } from '../host-check'

export function uploadOrigin(c: Context, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl
  const accepted = acceptedHost(c)
  return accepted.loopback ? `http://localhost:${accepted.localPort}` : `http://${accepted.host}`
}
