// /api/fal/proxy, the one route @fal-ai/client talks to, in both modes. Every call passes the same gates
// in the same order before a backend sees it: token, target allowlist, body size; and for a submit, the
// catalog's schema and the daily budget. Only then is it forwarded to fal (live) or answered here (offline).
import type { Context } from 'hono'

import { type AnyEndpointInput, type EndpointId, validateInput } from '../kling'
import { checkBearer } from './auth'
import type { Budget } from './budget'
import { parseJsonBody, readLimitedText } from './read-body'
import { jsonError, validationError } from './respond'
import { classifyTarget, type FalCall } from './target-url'

export interface FalBackend {
  submit(c: Context, endpoint: EndpointId, input: AnyEndpointInput, bodyText: string): Promise<Response>
  handle(c: Context, call: Exclude<FalCall, { kind: 'submit' }>, bodyText: string): Promise<Response>
}

export interface FalRouteDeps {
  tokens: readonly string[]
  maxJsonBytes: number
  budget: Budget
  backend: FalBackend
}

export function falRoute(deps: FalRouteDeps) {
  return async (c: Context): Promise<Response> => {
    const auth = checkBearer(c.req.header('authorization'), deps.tokens)
    if (!auth.ok) return jsonError(401, auth.message)

    const target = classifyTarget(c.req.method, c.req.header('x-fal-target-url'))
    if (!target.ok) return jsonError(c.req.header('x-fal-target-url') ? 403 : 400, target.message)
    const call = target.call

    const body = c.req.method === 'GET' ? ({ ok: true, text: '' } as const) : await readLimitedText(c.req.raw, deps.maxJsonBytes)
    if (!body.ok) return body.response
    if (call.kind !== 'submit') return deps.backend.handle(c, call, body.text)

    const json = parseJsonBody(body.text)
    if (!json.ok) return json.response
    const valid = validateInput(call.endpoint, json.value)
    if (!valid.ok) return validationError(valid.detail)

    const reservation = deps.budget.reserve(auth.tokenHash, valid.input, call.endpoint)
    if (!reservation.ok) return reservation.response
    let response: Response
    try {
      response = await deps.backend.submit(c, call.endpoint, valid.input, body.text)
    } catch (error) {
      reservation.settle({ failed: 'forward failed' })
      throw error
    }
    if (!response.ok) {
      reservation.settle({ failed: `upstream ${response.status}` })
      return response
    }
    const requestId = await response
      .clone()
      .json()
      .then((b: { request_id?: unknown }) => (typeof b.request_id === 'string' ? b.request_id : 'unknown'))
      .catch(() => 'unknown')
    reservation.settle({ requestId })
    return response
  }
}
