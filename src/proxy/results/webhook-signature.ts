// Checks that a webhook delivery is fal's, before anything in it is trusted.
//
// What fal signs (docs.fal.ai/model-endpoints/webhooks, "Verifying Your Webhook"; the page's steps as
// independent verifiers of real deliveries implement them, the full text was not reachable here):
//   - headers X-Fal-Webhook-Request-Id, X-Fal-Webhook-User-Id, X-Fal-Webhook-Timestamp (Unix seconds) and
//     X-Fal-Webhook-Signature (the Ed25519 signature, hex);
//   - the signed message is those three values and the SHA-256 of the raw body (lowercase hex), joined by
//     "\n", as UTF-8;
//   - the timestamp must be within 5 minutes of the receiver's clock;
//   - any key of fal's JWKS may have signed it (no key id is sent).
// There is no switch to skip any of this: a delivery that fails is refused.
import { createHash, type KeyObject, verify } from 'node:crypto'

import { JwksUnavailableError, type JwksSource } from './jwks'

export const WEBHOOK_HEADERS = {
  requestId: 'x-fal-webhook-request-id',
  userId: 'x-fal-webhook-user-id',
  timestamp: 'x-fal-webhook-timestamp',
  signature: 'x-fal-webhook-signature'
} as const

/** fal's stated tolerance between its timestamp and our clock, either way. */
export const WEBHOOK_TOLERANCE_SECONDS = 300

/**
 * Why a delivery was refused. `signature_mismatch` covers both a wrong key and a changed message (body or
 * headers): with no key id in the delivery the two cannot be told apart.
 */
export type WebhookRefusal =
  | 'missing_header'
  | 'malformed_timestamp'
  | 'timestamp_out_of_range'
  | 'malformed_signature'
  | 'signature_mismatch'
  /** fal's key set could not be fetched: not the sender's fault, and fal retries a delivery that failed. */
  | 'keys_unavailable'

export type WebhookVerdict =
  | { ok: true; requestId: string; userId: string; timestamp: number }
  | { ok: false; reason: WebhookRefusal; detail: string }

export type VerifyDelivery = (headers: Headers, body: Uint8Array) => Promise<WebhookVerdict>

/** The message fal signs for a delivery; exported for tests that sign deliveries with their own key. */
export function signedMessage(requestId: string, userId: string, timestamp: string, body: Uint8Array): Buffer {
  const bodyHash = createHash('sha256').update(body).digest('hex')
  return Buffer.from([requestId, userId, timestamp, bodyHash].join('\n'), 'utf8')
}

export interface DeliveryHeaders {
  requestId: string
  userId: string
  timestamp: string
  signature: string
}

/**
 * The checks that need no body and no key: all four headers present, the timestamp within fal's tolerance,
 * the signature 128 hex digits. The route runs them before reading the body, so a delivery that fails them
 * costs us no read and no hash.
 */
export function checkDeliveryHeaders(headers: Headers, now: () => number = Date.now): { ok: true; values: DeliveryHeaders } | Extract<WebhookVerdict, { ok: false }> {
  const values = {
    requestId: headers.get(WEBHOOK_HEADERS.requestId),
    userId: headers.get(WEBHOOK_HEADERS.userId),
    timestamp: headers.get(WEBHOOK_HEADERS.timestamp),
    signature: headers.get(WEBHOOK_HEADERS.signature)
  }
  const missing = (Object.keys(values) as (keyof typeof values)[]).filter((k) => !values[k])
  if (missing.length > 0) return refusal('missing_header', `missing ${missing.map((k) => WEBHOOK_HEADERS[k]).join(', ')}`)
  const { timestamp, signature } = values as DeliveryHeaders

  if (!/^\d{1,12}$/.test(timestamp)) return refusal('malformed_timestamp', 'the timestamp is not Unix seconds')
  const skew = Math.abs(now() / 1000 - Number(timestamp))
  if (skew > WEBHOOK_TOLERANCE_SECONDS) return refusal('timestamp_out_of_range', `the timestamp is ${Math.round(skew)} s from this server's clock`)

  // An Ed25519 signature is 64 bytes: 128 hex digits.
  if (!/^[0-9a-fA-F]{128}$/.test(signature)) return refusal('malformed_signature', 'the signature is not 128 hex digits')
  return { ok: true, values: values as DeliveryHeaders }
}

export function createWebhookVerifier(jwks: JwksSource, now: () => number = Date.now): VerifyDelivery {
  return async (headers, body) => {
    const checked = checkDeliveryHeaders(headers, now)
    if (!checked.ok) return checked
    const { requestId, userId, timestamp, signature } = checked.values
    const sig = Buffer.from(signature, 'hex')
    const message = signedMessage(requestId, userId, timestamp, body)

    try {
      if (anyVerifies(await jwks.keys(), message, sig)) return { ok: true, requestId, userId, timestamp: Number(timestamp) }
      // fal may have rotated its keys since we cached them: ask once more (rate-limited in the source).
      if (anyVerifies(await jwks.refresh(), message, sig)) return { ok: true, requestId, userId, timestamp: Number(timestamp) }
    } catch (error) {
      if (error instanceof JwksUnavailableError) return refusal('keys_unavailable', error.message)
      throw error
    }
    return refusal('signature_mismatch', "no key in fal's key set verifies this signature over this delivery")
  }
}

function anyVerifies(keys: readonly KeyObject[], message: Buffer, signature: Buffer): boolean {
  return keys.some((key) => verify(null, message, key, signature))
}

function refusal(reason: WebhookRefusal, detail: string): Extract<WebhookVerdict, { ok: false }> {
  return { ok: false, reason, detail }
}
