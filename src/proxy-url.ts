// Which proxy the plugin may talk to. Runs in Figma's main-thread sandbox, which has no URL class, so
// the address is read with plain string rules, and checked against the proxy origins compiled into this
// build from its manifest (src/manifest-hosts.js): Figma refuses any other host, whatever Settings says.

import { isLoopback, LOCAL_PROXY_ORIGIN, PROXY_PATH } from './manifest-hosts.js'

/** Set at build time (build-figma-plugin.main.js / .ui.js, vitest.config.ts) from KEYFRAME_PROXY_ORIGIN. */
declare const KEYFRAME_PROXY_ORIGINS_JSON: string

export const ALLOWED_PROXY_ORIGINS: readonly string[] = JSON.parse(KEYFRAME_PROXY_ORIGINS_JSON) as string[]

/** The local proxy `npm start` runs. */
export const LOCAL_PROXY_URL = `${LOCAL_PROXY_ORIGIN}${PROXY_PATH}`
/** Until Settings is saved: the team's proxy in a build made for one (its first origin), else the local one. */
export const DEFAULT_PROXY_URL = `${ALLOWED_PROXY_ORIGINS[0] ?? LOCAL_PROXY_ORIGIN}${PROXY_PATH}`

export interface ProxyAddress {
  /** The whole address, as the fal client is given it. */
  url: string
  /** scheme://host[:port], lower-case, without a default port: what a manifest lists. */
  origin: string
  host: string
}

export type ProxyUrlCheck = { ok: true; address: ProxyAddress } | { ok: false; message: string }

// scheme :// host [:port] [/path]; no user info, query or fragment, which no proxy address needs.
const SHAPE = /^(https?):\/\/([^/?#@\s\\]+)(\/[^?#\s\\]*)?$/i
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'
const DOTTED_QUAD = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`)

/** Reads a proxy address, or says what is wrong with it. */
export function parseProxyUrl(text: string): ProxyUrlCheck {
  const value = text.trim()
  const example = `e.g. https://keyframe-proxy.example.com${PROXY_PATH}, or ${LOCAL_PROXY_URL} for the local one`
  const shape = SHAPE.exec(value)
  const host = shape ? HOST.exec(shape[2]!) : null
  if (!shape || !host) return { ok: false, message: `"${value}" is not a proxy address. Use the one your team gave you, ${example}.` }
  const scheme = shape[1]!.toLowerCase()
  const hostname = host[1]!.toLowerCase()
  // Hosts the URL parser would rewrite (127.1, 2130706433, 0x7f.1, [0:0::1]) or refuse (09.1.1.1): only
  // a plain dotted quad and [::1] are taken as addresses, so the origin checked is the one fetched.
  const numeric = /^[0-9.]+$|^0x|\.0x/i.test(hostname)
  if ((numeric && !DOTTED_QUAD.test(hostname)) || (hostname.startsWith('[') && hostname !== '[::1]')) {
    return { ok: false, message: `"${value}" is not a proxy address. Use its name, ${example}.` }
  }
  const port = host[2] !== undefined && Number(host[2]) !== (scheme === 'https' ? 443 : 80) ? `:${Number(host[2])}` : ''
  if (host[2] !== undefined && Number(host[2]) > 65535) return { ok: false, message: `"${value}" has no valid port. Use ${example}.` }
  if (scheme !== 'https' && !isLoopback(hostname)) {
    return { ok: false, message: 'The proxy must use https:// (plain http only works for localhost).' }
  }
  const origin = `${scheme}://${hostname}${port}`
  return { ok: true, address: { url: `${origin}${shape[3] ?? ''}`, origin, host: `${hostname}${port}` } }
}

/** Reads a proxy address and checks that this build of the plugin may reach it. */
export function checkProxyUrl(text: string, allowed: readonly string[] = ALLOWED_PROXY_ORIGINS): ProxyUrlCheck {
  const parsed = parseProxyUrl(text)
  if (!parsed.ok || allowed.includes(parsed.address.origin)) return parsed
  const { origin } = parsed.address
  return {
    ok: false,
    message:
      `This build of Keyframe can't reach ${origin}: Figma only lets a plugin talk to the hosts its manifest lists ` +
      `(${allowed.join(', ')}). Ask whoever builds Keyframe for your team for a build made with ` +
      `KEYFRAME_PROXY_ORIGIN=${origin}.`
  }
}
