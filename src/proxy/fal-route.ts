// /api/fal/proxy, the one route @fal-ai/client talks to, in both modes. Every call passes the same gates
// in the same order before a backend sees it: token, rate limit, target allowlist, body size; and for a
// submit, the catalog's schema, the repeat check (x-keyframe-job) and the daily budget. Only then is it
// forwarded to fal (live) or answered here (offline).
import type { Context } from 'hono'

import { type AnyEndpointInput, type EndpointId, validateInput } from '../kling'
import { checkBearer } from './auth'
import type { Budget } from './budget'
import type { EdgeLimits } from './edge-limits'
import { parseJsonBody, readLimitedText } from './read-body'
import { jsonError, validationError } from './respond'
import { JOB_HEADER, readJobId, type SubmitMemory, submitFingerprint } from './submit-memory'
import { classifyTarget, type FalCall } from './target-url'

/** Context key under which the route leaves what it classified the call as (null: refused). */
export const FAL_CALL_KEY = 'keyframe.falCall'
/** Context key under which the route leaves the caller's token hash, once the token was accepted. */
export const CALLER_KEY = 'keyframe.caller'

/** The accepted caller's token hash, as the route left it (storage initiate binds uploads to it). */
export function callerOf(c: Context): string {
  const caller = c.get(CALLER_KEY) as string | undefined
  if (caller === undefined) throw new Error('callerOf used outside the fal route')
  return caller
}

export interface FalBackend {
  submit(c: Context, endpoint: EndpointId, input: AnyEndpointInput, bodyText: string): Promise<Response>
  handle(c: Context, call: Exclude<FalCall, { kind: 'submit' }>, bodyText: string): Promise<Response>
}

export interface FalRouteDeps {
  tokens: readonly string[]
  maxJsonBytes: number
  budget: Budget
  backend: FalBackend
  limits: EdgeLimits
  submits: SubmitMemory
}

export function falRoute(deps: FalRouteDeps) {
  return async (c: Context): Promise<Response> => {
    const auth = checkBearer(c.req.header('authorization'), deps.tokens)
    // Wrong tokens are throttled by address and across all addresses, so tokens cannot be guessed at speed.
    const limited = deps.limits.caller(c, auth, deps.tokens.length > 0)
    if (limited) return limited
    if (!auth.ok) return jsonError(401, auth.message)
    c.set(CALLER_KEY, auth.tokenHash)

    const target = classifyTarget(c.req.method, c.req.header('x-fal-target-url'))
    // The request log names the call from this, rather than parsing the target a second time.
    c.set(FAL_CALL_KEY, target.ok ? target.call : null)
    if (!target.ok) return jsonError(c.req.header('x-fal-target-url') ? 403 : 400, target.message)
    const call = target.call
    // Submits spend money and uploads use the team's storage: each has a smaller allowance of its own.
    const overLimit = deps.limits.call(c, call.kind, auth.tokenHash, deps.tokens.length > 0)
    if (overLimit) return overLimit

    const body = c.req.method === 'GET' ? ({ ok: true, text: '' } as const) : await readLimitedText(c.req.raw, deps.maxJsonBytes)
    if (!body.ok) return body.response
    if (call.kind !== 'submit') return deps.backend.handle(c, call, body.text)

    const job = readJobId(c.req.header(JOB_HEADER))
    if (!job.ok) return job.response
    const json = parseJsonBody(body.text)
    if (!json.ok) return json.response
    const valid = validateInput(call.endpoint, json.value)
    if (!valid.ok) return validationError(valid.detail)

    const charged = () => chargeAndSubmit(c, deps, auth.tokenHash, call.endpoint, valid.input, body.text)
    // No job id: a plain submit, as any fal client sends it.
    if (job.jobId === undefined) return charged()
    return deps.submits.submit(auth.tokenHash, job.jobId, submitFingerprint(call.endpoint, valid.input), charged)
  }
}

/** Reserves the cost, submits, and settles: accepted keeps the charge, anything else gives it back. */
async function chargeAndSubmit(
  c: Context,
  deps: FalRouteDeps,
  tokenHash: string,
  endpoint: EndpointId,
  input: AnyEndpointInput,
  bodyText: string
): Promise<Response> {
  const reservation = deps.budget.reserve(tokenHash, input, endpoint)
  if (!reservation.ok) return reservation.response
  let response: Response
  try {
    response = await deps.backend.submit(c, endpoint, input, bodyText)
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
