// Who is calling: a bearer token from PROXY_TOKENS. The token identifies a teammate for the budget and is
// never forwarded to fal (fal always gets the server's own key).
import { createHash, timingSafeEqual } from 'node:crypto'

export type AuthResult = { ok: true; tokenHash: string } | { ok: false; message: string }

/** The ledger keys spend by this hash so the file never holds a usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

const ANONYMOUS = 'anonymous'

export function checkBearer(authorization: string | undefined, tokens: readonly string[]): AuthResult {
  // No tokens configured: only allowed on loopback (config refuses the rest), everyone shares one budget.
  if (tokens.length === 0) return { ok: true, tokenHash: ANONYMOUS }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
  if (!match) {
    return {
      ok: false,
      message:
        'This Keyframe proxy needs an access token. Open the plugin settings and paste the token your admin gave you ' +
        '(it is sent as "Authorization: Bearer <token>").'
    }
  }
  const given = match[1] as string
  // One hash of the given token serves both the comparison and the ledger's key; the configured tokens'
  // hashes are computed once per list. Equal-length digests, compared in constant time, every one of them.
  const digest = createHash('sha256').update(given, 'utf8').digest()
  let accepted = false
  for (const known of digestsOf(tokens)) if (timingSafeEqual(known, digest)) accepted = true
  if (!accepted) {
    return {
      ok: false,
      message: 'The access token was not accepted. Check the token in the plugin settings, or ask your admin for a new one.'
    }
  }
  return { ok: true, tokenHash: digest.toString('hex') }
}

const digests = new WeakMap<readonly string[], Buffer[]>()

/** SHA-256 of each configured token, kept per list (the server's list never changes while it runs). */
function digestsOf(tokens: readonly string[]): Buffer[] {
  let known = digests.get(tokens)
  if (known === undefined) {
    known = tokens.map((t) => createHash('sha256').update(t, 'utf8').digest())
    digests.set(tokens, known)
  }
  return known
}
