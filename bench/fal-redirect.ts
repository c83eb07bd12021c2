// Bench only: the global fetch sends what Keyframe's live proxy asks of fal's hosts to the offline service
// standing in for fal, which answers fal's protocol at its proxy URL for the URL named in x-fal-target-url.
// Installed for the whole bench process, so the proxy being timed runs as in production: no upstreamFetch,
// hence no AsyncLocalStorage (src/proxy/upstream-fetch.ts), whose promise tracking production never pays.
// Per call it costs a host check and one header object copy; a real fetch to fal pays DNS and TLS instead,
// which no offline bench can have. The pass-through baseline calls the same rewrite when it forwards.

const FAL_HOSTS = new Set(['queue.fal.run', 'fal.run', 'rest.fal.ai'])

type Headers_ = Record<string, string>

export interface Redirected {
  url: string
  headers: Headers_
}

/** Where a call to `target` goes: to the service (target named in the header) if it is fal's, else unchanged. */
export function falRedirect(serviceUrl: string): (target: string, headers: Headers_) => Redirected {
  return (target, headers) => {
    const hostEnd = target.indexOf('/', 8)
    if (!target.startsWith('https://') || !FAL_HOSTS.has(target.slice(8, hostEnd < 0 ? undefined : hostEnd))) return { url: target, headers }
    return { url: serviceUrl, headers: { ...headers, 'x-fal-target-url': target } }
  }
}

/** Replaces the global fetch for good (the bench process only); returns the fetch it replaced. */
export function installFalRedirect(serviceUrl: string): typeof fetch {
  const original = globalThis.fetch.bind(globalThis)
  const redirect = falRedirect(serviceUrl)
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    if (input instanceof Request) return original(input, init)
    const { url, headers } = redirect(String(input), plain(init?.headers))
    return original(url, { ...init, headers })
  }) as typeof fetch
  return original
}

/** server-proxy and the queue reader pass a plain object; anything else is copied into one. */
function plain(headers: HeadersInit | undefined): Headers_ {
  if (headers === undefined) return {}
  if (headers instanceof Headers || Array.isArray(headers)) return Object.fromEntries(new Headers(headers))
  return headers as Headers_
}
