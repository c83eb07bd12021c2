// Cancels a fal request and says which of fal's four answers came back. @fal-ai/client's queue.cancel
// cannot: it discards the answer's body on success (node_modules/@fal-ai/client/src/queue.js, `cancel`),
// so `OK` (removed, not billed) and `CANCELLATION_REQUESTED` (running, may still be billed) look the
// same. This is the same call the client makes, through the same proxy protocol: a PUT to the proxy with
// the fal URL in `x-fal-target-url` (src/middleware.js, withProxy) and the team token as a bearer header.
import { FAL_APP_ID } from '../../kling/catalog'
import { CANCEL_ANSWERS, type CancelAnswer } from '../../messages'
import type { ProxyConnection } from '../fal-client'

export { CANCEL_ANSWERS, type CancelAnswer }

/** The cancel reached the proxy but neither it nor fal gave one of fal's answers. */
export class CancelRefused extends Error {
  override name = 'CancelRefused'
}

export type CancelRequest = (cancelUrl: string) => Promise<CancelAnswer>

/**
 * A cancel through the proxy. fal's answer is read from the body whatever the HTTP status, since fal's
 * reference names the bodies but not which status each comes with.
 */
export function cancelThroughProxy({ proxyUrl, token }: ProxyConnection, fetchImpl: typeof fetch = fetch): CancelRequest {
  return async (cancelUrl) => {
    const response = await fetchImpl(proxyUrl, {
      method: 'PUT',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'x-fal-target-url': cancelUrl,
        ...(token === '' ? {} : { authorization: `Bearer ${token}` })
      }
    })
    const body = (await response.json().catch(() => undefined)) as { status?: unknown; message?: unknown; detail?: unknown } | undefined
    const answer = CANCEL_ANSWERS.find((a) => a === body?.status)
    if (answer) return answer
    const said = typeof body?.message === 'string' ? body.message : typeof body?.detail === 'string' ? body.detail : 'no reason given'
    throw new CancelRefused(`The cancel was refused (HTTP ${response.status}: ${said}).`)
  }
}

/** The cancel URL fal named in its submit answer; built the way fal builds it only for jobs recorded before it was kept. */
export function cancelUrlOf(job: { requestId: string; cancelUrl?: string | undefined }): string {
  return job.cancelUrl ?? `https://queue.fal.run/${FAL_APP_ID}/requests/${job.requestId}/cancel`
}
