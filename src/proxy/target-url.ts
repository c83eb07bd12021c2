// Which fal call a request is, read from its x-fal-target-url header. Only the calls @fal-ai/client makes
// for the four Kling endpoints pass; everything else is refused before anything is forwarded. This runs
// in both modes, and in live mode ahead of server-proxy's own allowlist (defence in depth).
import { type EndpointId, FAL_APP_ID, isEndpointId } from '../kling'

export const QUEUE_HOST = 'queue.fal.run'
export const REST_HOST = 'rest.fal.ai'
export const STORAGE_INITIATE_PATH = '/storage/upload/initiate'
export const STORAGE_QUERY = '?storage_type=fal-cdn-v3'

export type FalCall =
  | { kind: 'submit'; url: string; endpoint: EndpointId }
  | { kind: 'status'; url: string; requestId: string; logs: boolean }
  | { kind: 'status-stream'; url: string; requestId: string; logs: boolean }
  | { kind: 'result'; url: string; requestId: string }
  | { kind: 'cancel'; url: string; requestId: string }
  | { kind: 'storage-initiate'; url: string }

export type TargetCheck = { ok: true; call: FalCall } | { ok: false; message: string }

/**
 * A fal request id as this proxy accepts it: a letter or digit, then letters, digits and dashes, at most
 * REQUEST_ID_MAX_LENGTH in all. The one definition: allowed-urls.ts builds server-proxy's globs from it.
 */
export const REQUEST_ID_FIRST_CHARS = 'A-Za-z0-9'
export const REQUEST_ID_CHARS = 'A-Za-z0-9-'
export const REQUEST_ID_MAX_LENGTH = 64
const REQUEST_ID = `[${REQUEST_ID_FIRST_CHARS}][${REQUEST_ID_CHARS}]{0,${REQUEST_ID_MAX_LENGTH - 1}}`

const REQUEST_PATH = new RegExp(`^/${FAL_APP_ID.replace('/', '\\/')}/requests/(${REQUEST_ID})(/status|/status/stream|/cancel)?$`)

export function classifyTarget(method: string, raw: string | undefined): TargetCheck {
  if (!raw) return refuse('The x-fal-target-url header is missing: point @fal-ai/client at this proxy with proxyUrl.')
  // Percent-escapes, backslashes, whitespace and control characters have no place in the URLs the
  // client builds, and are how host checks get fooled.
  if (/[%\\\s\u0000-\u001f\u007f]/.test(raw)) return refuse('The target URL contains characters this proxy does not accept.')
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return refuse('The target URL is not a valid URL.')
  }
  // Anything the URL parser would rewrite (case, default port, dot segments, userinfo) is refused, so
  // the string we check is exactly the one that would be fetched.
  if (url.href !== raw || url.protocol !== 'https:' || url.username || url.password || url.port) {
    return refuse('The target URL must be a plain https URL on a fal host.')
  }
  const m = method.toUpperCase()
  if (url.hostname === REST_HOST) {
    if (m === 'POST' && url.pathname === STORAGE_INITIATE_PATH && url.search === STORAGE_QUERY) {
      return { ok: true, call: { kind: 'storage-initiate', url: raw } }
    }
    return refuse('Only reference uploads (storage initiate) may go to rest.fal.ai through this proxy.')
  }
  if (url.hostname !== QUEUE_HOST) return refuse(`This proxy only talks to ${QUEUE_HOST} and ${REST_HOST}.`)

  if (m === 'POST') {
    const endpoint = url.pathname.slice(1)
    if (url.search === '' && isEndpointId(endpoint)) return { ok: true, call: { kind: 'submit', url: raw, endpoint } }
    return refuse(`This proxy only submits to the Kling Image endpoints (${FAL_APP_ID}/{v3,o3}/{text-to-image,image-to-image}).`)
  }
  const match = REQUEST_PATH.exec(url.pathname)
  if (!match) return refuse(`Only ${FAL_APP_ID} queue requests are allowed.`)
  const requestId = match[1] as string
  const suffix = match[2] ?? ''
  const logs = url.searchParams.get('logs') === '1'
  const logsQueryOk = url.search === '' || url.search === '?logs=0' || url.search === '?logs=1'
  if (m === 'GET' && suffix === '/status' && logsQueryOk) return { ok: true, call: { kind: 'status', url: raw, requestId, logs } }
  if (m === 'GET' && suffix === '/status/stream' && logsQueryOk) {
    return { ok: true, call: { kind: 'status-stream', url: raw, requestId, logs } }
  }
  if (m === 'GET' && suffix === '' && url.search === '') return { ok: true, call: { kind: 'result', url: raw, requestId } }
  if (m === 'PUT' && suffix === '/cancel' && url.search === '') return { ok: true, call: { kind: 'cancel', url: raw, requestId } }
  return refuse(`${m} is not allowed on this queue URL.`)
}

function refuse(message: string): TargetCheck {
  return { ok: false, message }
}
