// The proxy's log: one JSON object per line. Paths, error texts and fal's answers are text an attacker
// can choose (a path with %0A or an escape sequence, with no token needed), so nothing is ever written
// raw: every value is scrubbed of the key and tokens and then encoded by JSON.stringify, which escapes
// line breaks and control characters, plus the few characters it leaves that terminals and log viewers
// still act on (DEL, the C1 controls, U+2028 and U+2029). One request can never make a second line.
import type { Context } from 'hono'

import { PROXY_PATH } from '../manifest-hosts.js'
import { CALLER_KEY, FAL_CALL_KEY } from './fal-route'
import { clientAddress } from './rate-limit'
import { REPLAY_HEADER } from './submit-gate'
import { classifyTarget, type FalCall } from './target-url'
import { loggedPath } from './uploads/upload-route'

export type LogValue = string | number | boolean | null | undefined

export interface ProxyLog {
  /** A record of its own kind, e.g. `{ event: 'error', … }`. */
  record(fields: Record<string, LogValue>): void
  /** A line of prose (what went wrong talking to fal's storage, say), as `{ message }`. */
  message(text: string): void
}

/** `write` gets whole lines; `scrub` removes the key and tokens from each value. */
export function jsonLog(write: (line: string) => void, scrub: (text: string) => string): ProxyLog {
  const record = (fields: Record<string, LogValue>) => {
    const out: Record<string, LogValue> = { time: new Date().toISOString() }
    for (const [key, value] of Object.entries(fields)) out[key] = typeof value === 'string' ? scrub(value) : value
    write(JSON.stringify(out).replace(/[\u007f-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`))
  }
  return { record, message: (text) => record({ message: text }) }
}

/**
 * One record per request, as an audit trail: what was called and which fal call it was, the answer, how
 * long it took, which token (the first 8 hex of its SHA-256, as the ledger keys it, and its label if it has
 * one) and from which address.
 * CORS preflights carry nothing worth auditing and are left out unless `logPreflight`.
 */
export function requestLog(log: ProxyLog, logPreflight: boolean, labelOf: (tokenHash: string) => string | undefined = () => undefined) {
  return async (c: Context, next: () => Promise<void>) => {
    const started = Date.now()
    await next()
    if (c.req.method === 'OPTIONS' && !logPreflight) return
    const fields: Record<string, LogValue> = { method: c.req.method, path: loggedPath(c.req.path) }
    if (c.req.path === PROXY_PATH && c.req.method !== 'OPTIONS') {
      // Set by the route once it classified the target; only calls refused before that are parsed here.
      let call = c.get(FAL_CALL_KEY) as FalCall | null | undefined
      if (call === undefined) {
        const t = classifyTarget(c.req.method, c.req.header('x-fal-target-url'))
        call = t.ok ? t.call : null
      }
      fields.call = call === null ? 'refused' : call.kind
      if (call?.kind === 'submit') fields.endpoint = call.endpoint
      // Only a submit is ever replayed; reading headers costs other answers a conversion (cors.ts, corsResponse).
      if (call?.kind === 'submit' && c.res.headers.get(REPLAY_HEADER)) fields.repeat = true
    }
    fields.status = c.res.status
    fields.ms = Date.now() - started
    const caller = c.get(CALLER_KEY) as string | undefined
    fields.token = caller === undefined ? null : /^[0-9a-f]{64}$/.test(caller) ? caller.slice(0, 8) : caller
    // The teammate's name from PROXY_TOKENS/ADMIN_TOKENS (alice:<token>), when their token has one.
    const label = caller === undefined ? undefined : labelOf(caller)
    if (label !== undefined) fields.label = label
    fields.address = clientAddress(c)
    log.record(fields)
  }
}
