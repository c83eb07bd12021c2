// What the follower asks fal about a request it forwarded: its status, and once completed its result.
//
// fal's queue (fal.ai/docs/api-reference/inference-api, "Queue request lifecycle"): GET
// queue.fal.run/{owner}/{app}/requests/{id}/status answers 202 while IN_QUEUE or IN_PROGRESS and 200 once
// COMPLETED; GET …/requests/{id} answers the result. The status and result URLs use the owner and app
// only (fal-ai/kling-image), as target-url.ts checks. A failed request's answer carries `error` and
// `error_type` (fal.ai/docs/documentation/serverless/reliability/retries). Inferred, not documented: fal
// answers 404 for a request it no longer keeps (after its 1 hour / 6 minute retention) as for one it
// never knew; both are `gone` here.
import { z } from 'zod'

import { FAL_APP_ID } from '../../kling'
import { QUEUE_HOST } from '../target-url'
import type { FetchLike } from '../upstream-fetch'

export type QueueStatus =
  | { kind: 'running'; state: 'IN_QUEUE' | 'IN_PROGRESS' }
  /** `error` and `errorType`: what the final status carried, for a request that ended without images. */
  | { kind: 'completed'; error?: string; errorType?: string }
  | { kind: 'gone' }
  /** Ask again later: fal was unreachable, slow, overloaded, or answered something we cannot read. */
  | { kind: 'unavailable'; status: number }

export type QueueResult =
  /** fal's answer for the request, to keep: its HTTP status and body (scrubbed of the key). */
  | { kind: 'result'; status: number; body: string }
  | { kind: 'gone' }
  | { kind: 'unavailable'; status: number }

export interface FalQueueReader {
  status(requestId: string): Promise<QueueStatus>
  result(requestId: string): Promise<QueueResult>
}

export interface LiveQueueReaderOptions {
  falKey: string
  scrub: (text: string) => string
  fetch?: FetchLike | undefined
  timeoutMs?: number
}

export const QUEUE_READ_TIMEOUT_MS = 15_000
/** `status: 0` in an unavailable answer: no HTTP answer at all (network error or timeout). */
export const NO_ANSWER = 0

const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/

const StatusBody = z.object({
  status: z.enum(['IN_QUEUE', 'IN_PROGRESS', 'COMPLETED']),
  error: z.string().nullish(),
  error_type: z.string().nullish()
})

export function requestUrl(requestId: string): string {
  if (!REQUEST_ID.test(requestId)) throw new Error(`"${requestId}" is not a fal request id.`)
  return `https://${QUEUE_HOST}/${FAL_APP_ID}/requests/${requestId}`
}

export function createLiveQueueReader(options: LiveQueueReaderOptions): FalQueueReader {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init))
  const timeoutMs = options.timeoutMs ?? QUEUE_READ_TIMEOUT_MS

  async function get(url: string): Promise<{ status: number; body: string } | undefined> {
    try {
      const res = await doFetch(url, {
        method: 'GET',
        headers: { authorization: `Key ${options.falKey}`, accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs)
      })
      return { status: res.status, body: options.scrub(await res.text()) }
    } catch {
      return undefined
    }
  }

  return {
    async status(requestId) {
      const res = await get(`${requestUrl(requestId)}/status`)
      if (!res) return { kind: 'unavailable', status: NO_ANSWER }
      if (res.status === 404) return { kind: 'gone' }
      if (res.status !== 200 && res.status !== 202) return { kind: 'unavailable', status: res.status }
      let parsed: z.infer<typeof StatusBody>
      try {
        parsed = StatusBody.parse(JSON.parse(res.body))
      } catch {
        return { kind: 'unavailable', status: res.status }
      }
      if (parsed.status !== 'COMPLETED') return { kind: 'running', state: parsed.status }
      if (!parsed.error && !parsed.error_type) return { kind: 'completed' }
      return { kind: 'completed', error: parsed.error || parsed.error_type || '', ...(parsed.error_type ? { errorType: parsed.error_type } : {}) }
    },
    async result(requestId) {
      const res = await get(requestUrl(requestId))
      if (!res) return { kind: 'unavailable', status: NO_ANSWER }
      if (res.status === 404) return { kind: 'gone' }
      // 2xx is the result; 400 and 422 are the request's own failure (its input), final and worth keeping.
      // Anything else (401/403: our key; 429; 5xx, which fal does not bill) says nothing final: ask again.
      if ((res.status >= 200 && res.status < 300) || res.status === 400 || res.status === 422) {
        return { kind: 'result', status: res.status, body: res.body }
      }
      return { kind: 'unavailable', status: res.status }
    }
  }
}
