// The Host every request must name: one of this proxy's own names. A page on another site can make a
// browser send requests here by pointing its own name at 127.0.0.1 (DNS rebinding); such a request names
// the attacker's host, and is refused with 421 before anything else runs. The names are: a loopback name
// with this server's port, PUBLIC_URL's host, and the host bound to (the machine's own addresses and name
// when that is every interface). Upload URLs are built from the name this check accepted (upload-origin.ts).
import type { IncomingMessage } from 'node:http'
import { hostname as machineName, networkInterfaces } from 'node:os'

import type { Context, MiddlewareHandler } from 'hono'

import { isLoopback } from './config'
import { jsonError } from './respond'

/** The Host a request was accepted under. */
export interface AcceptedHost {
  /** As sent, e.g. `localhost:8787` or `keyframe-proxy.example.com`. */
  host: string
  /** The port the connection arrived on. */
  localPort: number
  loopback: boolean
}

const HOST_SHAPE = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

/** Accepted names kept by hostCheck; only this proxy's own names are accepted, so a handful in practice. */
const MAX_REMEMBERED_HOSTS = 32

export const ACCEPTED_HOST_KEY = 'keyframe.acceptedHost'

export interface HostRule {
  publicUrl: string | undefined
  bindHost: string
}

export type HostCheck = { ok: true; accepted: AcceptedHost } | { ok: false; message: string }

export function checkHost(rule: HostRule, hostHeader: string | undefined, localPort: number): HostCheck {
  const refuse = (what: string): HostCheck => ({
    ok: false,
    message:
      `This proxy was reached as ${what}, which is not one of its names (${namesText(rule, localPort)}). ` +
      'Use the address printed at start-up, or set PUBLIC_URL to the address the plugin uses.'
  })
  if (!hostHeader) return refuse('no Host at all')
  // A name or address and a port, nothing a URL parser could read differently (userinfo, paths).
  if (!HOST_SHAPE.test(hostHeader)) return refuse('a malformed Host (it must be a name or address and a port)')
  const url = new URL(`http://${hostHeader}`)
  const name = bare(url.hostname)
  const port = url.port === '' ? 80 : Number(url.port)
  const accepted = { ok: true, accepted: { host: hostHeader, localPort, loopback: isLoopback(name) } } as const
  if (isLoopback(name)) return port === localPort ? accepted : refuse(hostHeader)
  if (rule.publicUrl) {
    const pub = new URL(rule.publicUrl)
    // Behind a reverse proxy the port the client used is the public one, often left out.
    if (name === bare(pub.hostname) && (url.port === '' || url.port === (pub.port || (pub.protocol === 'https:' ? '443' : '80')))) return accepted
  }
  if (port === localPort && boundNames(rule.bindHost).has(name)) return accepted
  return refuse(hostHeader)
}

/** Refuses, with 421, every request whose Host is not one of this proxy's names; keeps the one accepted. */
export function hostCheck(rule: HostRule): MiddlewareHandler {
  // The answer depends only on the Host and the port, and the rule never changes: names already accepted
  // are remembered (a few: this proxy's own), so a poll does not parse its Host again.
  const accepted = new Map<string, HostCheck>()
  return async (c, next) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
    const localPort = incoming?.socket.localPort ?? Number(new URL(c.req.url).port)
    const hostHeader = c.req.header('host')
    const key = `${localPort} ${hostHeader}`
    let check = accepted.get(key)
    if (check === undefined) {
      check = checkHost(rule, hostHeader, localPort)
      if (check.ok && accepted.size < MAX_REMEMBERED_HOSTS) accepted.set(key, check)
    }
    if (!check.ok) {
      const response = jsonError(421, check.message)
      // Readable by the plugin, so a misconfigured address shows this message rather than a network error.
      response.headers.set('access-control-allow-origin', '*')
      return response
    }
    c.set(ACCEPTED_HOST_KEY, check.accepted)
    await next()
  }
}

export function acceptedHost(c: Context): AcceptedHost {
  const accepted = c.get(ACCEPTED_HOST_KEY) as AcceptedHost | undefined
  if (!accepted) throw new Error('acceptedHost used on a request that did not pass the host check')
  return accepted
}

/** Names that reach the bound address: itself, or every address and the name of this machine. */
function boundNames(bindHost: string): Set<string> {
  const host = bare(bindHost)
  if (host !== '0.0.0.0' && host !== '::' && host !== '') return new Set([host])
  const names = new Set([machineName().toLowerCase()])
  for (const list of Object.values(networkInterfaces())) for (const net of list ?? []) names.add(bare(net.address))
  return names
}

function bare(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase()
}

function namesText(rule: HostRule, localPort: number): string {
  const names = [`localhost:${localPort}`]
  if (rule.publicUrl) names.push(new URL(rule.publicUrl).host)
  const bound = bare(rule.bindHost)
  if (bound === '0.0.0.0' || bound === '::') names.push(`this machine's name or addresses:${localPort}`)
  else if (!isLoopback(bound)) names.push(`${rule.bindHost}:${localPort}`)
  return names.join(', ')
}
