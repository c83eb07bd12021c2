// POST /api/keyframe/fal-webhook: where fal delivers a finished request when it was submitted with
// `fal_webhook`. Nothing in a delivery is trusted until its signature is verified (webhook-signature.ts).
//
// The delivery body (docs.fal.ai/model-endpoints/webhooks): `request_id`, `gateway_request_id`, `status`
// "OK" or "ERROR", `payload` (the result, or the error's details; null when it could not be serialised, with
// `payload_error` saying why) and, on ERROR, `error` (a message). fal retries a delivery that fails 10 times
// over 2 hours (same page): so a delivery we could not take because of our own trouble (keys unreachable,
// storage down) is answered 503 for fal to send again, and everything we refuse for good is a 4xx.
import type { Context } from 'hono'
import { z } from 'zod'

import { readLimitedBytes } from '../read-body'
import { jsonError } from '../respond'
import { rawJsonField } from './raw-json-field'
import { checkDeliveryHeaders, type VerifyDelivery } from './webhook-signature'
import { errorMessage } from '../../error-message'

export const FAL_WEBHOOK_PATH = '/api/keyframe/fal-webhook'
/** A Kling result is a few image URLs; a megabyte is far more than any delivery should be. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024

export interface WebhookDelivery {
  requestId: string
  ok: boolean
  /** The delivery's `payload` exactly as fal sent it (JSON text), or null when fal sent none. */
  payloadText: string | null
  /** fal's `error` on an ERROR delivery, or its `payload_error` when the payload could not be sent. */
  error?: string
}

export interface WebhookRouteDeps {
  verify: VerifyDelivery
  /**
   * Keeps what was delivered. Called only for a verified, well-formed delivery; may be called again for
   * the same request (fal retries, a replay within the timestamp tolerance), so it must be idempotent.
   * When it throws, fal is told to try again later.
   */
  onDelivery: (delivery: WebhookDelivery) => Promise<void>
  maxBytes?: number
  /** Server-side note of why a delivery was refused; the sender is told nothing that helps forge one. */
  log?: (line: string) => void
  /** The clock the header checks run on before the body is read; the verifier's own should be the same. */
  now?: () => number
  /**
   * Called for a delivery refused as not fal's (not for keys_unavailable, which is our trouble). An answer
   * it returns (a 429) replaces the 401; a verified delivery never reaches it.
   */
  onUnverified?: (c: Context) => Response | undefined
}

const DeliverySchema = z.object({
  request_id: z.string().min(1),
  gateway_request_id: z.string().optional(),
  status: z.enum(['OK', 'ERROR']),
  payload: z.unknown().optional(),
  error: z.string().nullish(),
  payload_error: z.string().nullish()
})

export function falWebhookHandler(deps: WebhookRouteDeps): (c: Context) => Promise<Response> {
  const maxBytes = deps.maxBytes ?? MAX_WEBHOOK_BYTES
  const log = deps.log ?? (() => undefined)
  const now = deps.now ?? Date.now
  const unverified = (c: Context, reason: string, detail: string): Response => {
    log(`fal webhook refused: ${reason} (${detail})`)
    return deps.onUnverified?.(c) ?? jsonError(401, 'This webhook delivery could not be verified.')
  }
  return async (c) => {
    // Headers and timestamp first: a delivery that cannot be fal's is refused before its body is read.
    const early = checkDeliveryHeaders(c.req.raw.headers, now)
    if (!early.ok) return unverified(c, early.reason, early.detail)

    const read = await readLimitedBytes(c.req.raw, maxBytes)
    if (!read.ok) return read.response

    const verdict = await deps.verify(c.req.raw.headers, read.bytes)
    if (!verdict.ok) {
      if (verdict.reason === 'keys_unavailable') {
        log(`fal webhook refused: ${verdict.reason} (${verdict.detail})`)
        return jsonError(503, 'This proxy cannot check webhook signatures right now; try again later.')
      }
      return unverified(c, verdict.reason, verdict.detail)
    }

    const text = read.bytes.toString('utf8')
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      return jsonError(400, 'The webhook body is not JSON.')
    }
    const delivery = DeliverySchema.safeParse(parsed)
    if (!delivery.success) return jsonError(400, "The webhook body is not fal's delivery (request_id, status OK or ERROR, payload).")
    // Both are signed; if they disagree, which request this is cannot be known.
    if (delivery.data.request_id !== verdict.requestId) return jsonError(400, 'The webhook body names another request than its signed header.')

    const payloadRaw = rawJsonField(text, 'payload')
    const error = delivery.data.error ?? delivery.data.payload_error ?? undefined
    try {
      await deps.onDelivery({
        requestId: verdict.requestId,
        ok: delivery.data.status === 'OK',
        payloadText: payloadRaw === undefined || payloadRaw === 'null' ? null : payloadRaw,
        ...(error !== undefined ? { error } : {})
      })
    } catch (e) {
      log(`fal webhook for ${verdict.requestId} could not be kept: ${errorMessage(e)}`)
      return jsonError(503, 'This proxy could not record the delivery; try again later.')
    }
    return Response.json({ ok: true })
  }
}
