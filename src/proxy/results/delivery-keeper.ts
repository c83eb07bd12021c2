// What a verified fal webhook delivery does: keeps the result of a request this proxy bound, as fal's
// result call would answer it, so kept-answers.ts serves it once fal has forgotten the request.
//
// - A request id the proxy never bound (or no longer has) is ignored, and the route still answers 200:
//   the sender learns nothing about which ids exist.
// - The first kept result stands (RequestStore.keepResult), so fal's retries and replays change nothing.
// - OK: the payload is the result body, HTTP 200 (docs.fal.ai/model-endpoints/webhooks: the payload is the
//   model's output, as the queue's result call returns it).
// - OK without a payload (fal could not serialise it; `payload_error` says why): nothing is kept, and the
//   result keeper fetches the result from fal's queue later.
// - ERROR: fal's docs show the payload as the error's details (e.g. a validation `detail` list) and `error`
//   as "Invalid status code: 422"; they do not say what the result call answers then. Inferred: the same
//   details with that status, as the queue reader would have kept from the result call; 500 when the
//   message names no status, and `{"detail": error}` when there is no payload.
import type { RequestRecord, RequestStore } from '../store/proxy-store'
import type { WebhookDelivery } from './webhook-route'

export interface DeliveryKeeperOptions {
  requests: RequestStore
  mediaExpiresAt?: (record: RequestRecord) => number | undefined
  /** fal's payload is text we did not write: scrubbed of the key like every answer passed on. */
  scrub?: (text: string) => string
  now?: () => number
  log?: (line: string) => void
}

const STATUS_IN_ERROR = /status code:?\s*([45]\d\d)\b/i

/** The HTTP status an ERROR delivery's result is kept with. */
export function errorStatusOf(error: string | undefined): number {
  const match = error === undefined ? null : STATUS_IN_ERROR.exec(error)
  return match ? Number(match[1]) : 500
}

export function deliveryKeeper(options: DeliveryKeeperOptions): (delivery: WebhookDelivery) => Promise<void> {
  const now = options.now ?? Date.now
  const log = options.log ?? (() => undefined)
  const scrub = options.scrub ?? ((text: string) => text)
  return async (delivery) => {
    const record = await options.requests.get(delivery.requestId)
    if (!record) {
      log(`fal webhook for ${delivery.requestId}: not a request this proxy forwarded (or no longer bound); ignored`)
      return
    }
    if (record.result) return
    let status: number
    let body: string
    if (delivery.ok) {
      if (delivery.payloadText === null) {
        log(`fal webhook for ${delivery.requestId} came without its payload (${delivery.error ?? 'no reason given'}); the result keeper will fetch it`)
        return
      }
      status = 200
      body = delivery.payloadText
    } else {
      status = errorStatusOf(delivery.error)
      body = delivery.payloadText ?? JSON.stringify({ detail: delivery.error ?? 'fal reported the request failed' })
    }
    const mediaExpiresAt = delivery.ok ? options.mediaExpiresAt?.(record) : undefined
    await options.requests.keepResult(delivery.requestId, {
      status,
      body: scrub(body),
      keptAt: now(),
      ...(mediaExpiresAt === undefined ? {} : { mediaExpiresAt }),
      // The kept status carries the failure, as fal's own final status does (result-keeper.ts).
      ...(delivery.ok ? {} : { statusError: { message: scrub(delivery.error ?? 'fal reported the request failed') } })
    })
  }
}
