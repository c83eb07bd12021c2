// fal's published webhook signing keys, fetched and cached.
//
// Documented (docs.fal.ai/model-endpoints/webhooks, "Verifying Your Webhook"): the keys are a JSON Web Key
// Set at FAL_JWKS_URL, Ed25519 public keys (kty OKP, crv Ed25519, `x` base64url), to be cached for no
// longer than 24 hours. Read through the page's summary and several independent verifiers of fal
// deliveries; the page's full text was not reachable from here.
// fal's delivery headers carry no key id, so a key "unknown" to us shows up as a signature no cached key
// verifies: the verifier then asks for the set again, once, in case fal has rotated (see refresh()).
import { createPublicKey, type KeyObject } from 'node:crypto'

import { z } from 'zod'

import type { FetchLike } from '../upstream-fetch'

export const FAL_JWKS_URL = 'https://rest.alpha.fal.ai/.well-known/jwks.json'
/** fal's advice: cache the set for at most a day. */
export const JWKS_CACHE_MS = 24 * 60 * 60 * 1000
export const JWKS_TIMEOUT_MS = 10_000
/**
 * Forged deliveries fail verification too, and each would otherwise make us ask fal for the set again:
 * a fetch, whether forced by a failed verification or by a failed fetch before it, happens at most this often.
 */
export const JWKS_MIN_REFRESH_MS = 60_000
/** A key set is a handful of keys; anything much larger is not fal's. */
const MAX_JWKS_BYTES = 64 * 1024

export class JwksUnavailableError extends Error {
  override name = 'JwksUnavailableError'
}

export interface JwksSource {
  /** The cached keys, fetched first when there are none or they are older than the cache allows. */
  keys(): Promise<readonly KeyObject[]>
  /**
   * Fetches the set again, unless a fetch (good or failed) ended within JWKS_MIN_REFRESH_MS; answers the
   * keys held either way, also when the fetch fails. For a signature none of the cached keys verifies.
   */
  refresh(): Promise<readonly KeyObject[]>
}

export interface JwksOptions {
  fetch?: FetchLike
  url?: string
  now?: () => number
  timeoutMs?: number
  cacheMs?: number
  minRefreshMs?: number
}

const JwkSchema = z.object({ kty: z.string(), crv: z.string().optional(), x: z.string().optional(), kid: z.string().optional() })
const JwksSchema = z.object({ keys: z.array(z.unknown()) })

/** Only Ed25519 keys are fal's webhook keys; any other entry in the set is skipped. */
export function ed25519KeysFrom(value: unknown): KeyObject[] {
  const set = JwksSchema.safeParse(value)
  if (!set.success) throw new JwksUnavailableError("fal's JWKS is not a key set (no `keys` array).")
  const keys: KeyObject[] = []
  for (const entry of set.data.keys) {
    const jwk = JwkSchema.safeParse(entry)
    if (!jwk.success || jwk.data.kty !== 'OKP' || jwk.data.crv !== 'Ed25519' || !jwk.data.x) continue
    try {
      keys.push(createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.data.x }, format: 'jwk' }))
    } catch {
      // A malformed key is skipped, as a key of another type is; the others may still verify.
    }
  }
  if (keys.length === 0) throw new JwksUnavailableError("fal's JWKS has no usable Ed25519 key.")
  return keys
}

export function createJwksSource(options: JwksOptions = {}): JwksSource {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init))
  const url = options.url ?? FAL_JWKS_URL
  const now = options.now ?? Date.now
  const timeoutMs = options.timeoutMs ?? JWKS_TIMEOUT_MS
  const cacheMs = options.cacheMs ?? JWKS_CACHE_MS
  const minRefreshMs = options.minRefreshMs ?? JWKS_MIN_REFRESH_MS
  let cached: { keys: KeyObject[]; at: number } | undefined
  let inFlight: Promise<KeyObject[]> | undefined
  // When the last fetch ended, whether it worked or not, and why it failed if it did: a failing fetch is
  // paced like a successful one, so deliveries (forged ones most of all) cannot make us ask fal in a loop.
  let lastAttempt: { at: number; error?: JwksUnavailableError } | undefined

  async function load(): Promise<KeyObject[]> {
    let res: Response
    try {
      res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } })
    } catch (error) {
      const why = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'the request failed'
      throw new JwksUnavailableError(`Could not fetch fal's webhook keys from ${url}: ${why}. Check this server's outbound HTTPS access.`)
    }
    if (!res.ok) throw new JwksUnavailableError(`Could not fetch fal's webhook keys from ${url}: it answered ${res.status}.`)
    const text = await res.text()
    if (text.length > MAX_JWKS_BYTES) throw new JwksUnavailableError(`fal's webhook key set from ${url} is larger than ${MAX_JWKS_BYTES} bytes.`)
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new JwksUnavailableError(`fal's webhook key set from ${url} is not JSON.`)
    }
    const keys = ed25519KeysFrom(parsed)
    cached = { keys, at: now() }
    return keys
  }

  // Concurrent deliveries share one fetch.
  function fetchOnce(): Promise<KeyObject[]> {
    inFlight ??= load()
      .then(
        (keys) => {
          lastAttempt = { at: now() }
          return keys
        },
        (error: unknown) => {
          const failure = error instanceof JwksUnavailableError ? error : new JwksUnavailableError(`fal's webhook keys from ${url} could not be read.`)
          lastAttempt = { at: now(), error: failure }
          throw failure
        }
      )
      .finally(() => (inFlight = undefined))
    return inFlight
  }

  /**
   * Fetches unless an attempt ended within minRefreshMs. When the fetch fails (or is not due yet), the
   * keys we hold still answer, stale or not: fal's keys rotate rarely, and refusing every delivery while
   * fal's JWKS endpoint is down would lose genuine ones. Only with no keys at all is it keys_unavailable.
   */
  async function fetchPaced(): Promise<KeyObject[]> {
    if (lastAttempt && now() - lastAttempt.at < minRefreshMs) {
      if (cached) return cached.keys
      throw lastAttempt.error ?? new JwksUnavailableError(`fal's webhook keys from ${url} are not loaded yet.`)
    }
    try {
      return await fetchOnce()
    } catch (error) {
      if (cached) return cached.keys
      throw error
    }
  }

  return {
    async keys() {
      if (cached && now() - cached.at < cacheMs) return cached.keys
      return fetchPaced()
    },
    async refresh() {
      return fetchPaced()
    }
  }
}
