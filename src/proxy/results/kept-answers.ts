// Answers for a request whose result the proxy keeps, in fal's own formats, so @fal-ai/client cannot tell
// them from fal's (and needs no change) even after fal has dropped the request.
//
// - result: the body and HTTP status fal answered, as kept (fal.ai/docs/inference-api/queue/result).
// - status: fal's COMPLETED body, HTTP 200, with the queue URLs fal gives (fal.ai/docs/api-reference/
//   inference-api, "Queue request lifecycle"; shape as offline/status-payload.ts), and the `error` and
//   `error_type` fal's final status carried for a request that ended without images (cancelled, failed): the
//   plugin reads them there to tell a cancel or a model error from a result (src/ui/jobs/wait-for-result.ts).
//   A failed result kept without them (an older record) says what its status was. Logs: fal sends the run's
//   logs; they are not kept, so an empty list when asked for (inferred to be harmless: the client only shows them).
// - status-stream: one server-sent COMPLETED event, then the stream ends, as fal's stream ends on COMPLETED;
//   the client then fetches the result.
// - cancel: ALREADY_COMPLETED (fal.ai/docs/inference-api/queue/cancel), HTTP 400 as the offline fal answers it.
import type { KeptResult } from '../store/proxy-store'
import { queueUrls } from '../offline/queue-urls'

export function keptResultResponse(requestId: string, kept: KeptResult): Response {
  return new Response(kept.body, { status: kept.status, headers: { 'content-type': 'application/json', 'x-fal-request-id': requestId } })
}

function completedBody(requestId: string, kept: KeptResult, logs: boolean): Record<string, unknown> {
  const error = kept.statusError ?? (kept.status >= 400 ? { message: `fal answered the result with HTTP ${kept.status}` } : undefined)
  const failure = error === undefined ? {} : { error: error.message, ...(error.type === undefined ? {} : { error_type: error.type }) }
  return { status: 'COMPLETED', request_id: requestId, ...queueUrls(requestId), logs: logs ? [] : null, ...failure }
}

export function keptStatusResponse(requestId: string, kept: KeptResult, logs: boolean): Response {
  return Response.json(completedBody(requestId, kept, logs), { status: 200, headers: { 'x-fal-request-id': requestId } })
}

export function keptStatusStreamResponse(requestId: string, kept: KeptResult, logs: boolean): Response {
  const event = `data: ${JSON.stringify(completedBody(requestId, kept, logs))}\n\n`
  return new Response(event, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-fal-request-id': requestId } })
}

export function keptCancelResponse(requestId: string): Response {
  return Response.json({ status: 'ALREADY_COMPLETED' }, { status: 400, headers: { 'x-fal-request-id': requestId } })
}
