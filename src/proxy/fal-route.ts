// /api/fal/proxy, the one route @fal-ai/client talks to, in both modes. Every call passes the same gates
// in the same order before a backend sees it: token, rate limit, target allowlist, body size; for a call
// on a request id, that the caller's token submitted it; and for a submit, the catalog's schema, the
// repeat check (x-keyframe-job) and the daily budgets. Only then is it forwarded to fal (live) or
// answered here (offline). Every answer to a submit then says what it cost, where that is known
// (charge-mark.ts).
import type { IncomingMessage } from 'node:http'

import type { Context } from 'hono'

import { type AnyEndpointInput, type EndpointId, validateInput } from '../kling'
import { PROXY_CODES } from '../proxy-answers'
import type { Budget, Charge } from './budget'
import { markCharge } from './charge-mark'
import type { EdgeLimits } from './edge-limits'
import { parseJsonBody, readLimitedText } from './read-body'
import { PROXY_MEMORY_DAYS } from '../messages'
import { jsonError, validationError } from './respond'
import { keptCancelResponse, keptResultResponse, keptStatusResponse, keptStatusStreamResponse } from './results/kept-answers'
import { retryWrite } from './retry-write'
import { operatorMessage } from './storage-health'
import type { RequestRecord, RequestStore, SubmitStore } from './store/proxy-store'
import {
  answerOf,
  JOB_HEADER,
  readJobId,
  type SubmitAnswer,
  type SubmitGate,
  type SubmitOutcome,
  storageUnavailable,
  submitFingerprint,
  submitInDoubt
} from './submit-gate'
import { classifyTarget, type FalCall, type TargetCheck } from './target-url'
import { errorMessage } from '../error-message'

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
  /** Hashes of ADMIN_TOKENS: they may act on any request id. */
  adminHashes: ReadonlySet<string>
  maxJsonBytes: number
  budget: Budget
  backend: FalBackend
  limits: EdgeLimits
  submits: SubmitGate
  requests: RequestStore
  /** Where fal's acceptance of a submit is recorded (commit, binding, job answer at once). */
  accepts: SubmitStore
  /** When the media of a kept result expire, where known (the same rule the result keeper uses). */
  mediaExpiresAt?: (record: RequestRecord) => number | undefined
  /**
   * Keep a result fal answered 200 as it is forwarded (live). Offline the result keeper alone keeps them, so
   * with following off the offline fal's own answers (its retention, its redraws) stay visible to tests.
   */
  keepForwarded?: boolean
  log: (line: string) => void
}

export function falRoute(deps: FalRouteDeps) {
  return async (c: Context): Promise<Response> => {
    const target = classifyTarget(c.req.method, c.req.header('x-fal-target-url'))
    const answer = await routeCall(deps, c, target)
    // The one place a submit's answer is marked with what it cost (charge-mark.ts): any answer the route
    // gave before the submit reached the charge step was sent nowhere.
    if (answer instanceof Response) return isSubmitAttempt(c.req.method, target) ? markCharge(answer, 'none') : answer
    return markCharge(answer.response, answer.charge)
  }
}

/** A submit, or a POST refused before it was known what it is (nothing was sent either way). */
function isSubmitAttempt(method: string, target: TargetCheck): boolean {
  return target.ok ? target.call.kind === 'submit' : method.toUpperCase() === 'POST'
}

async function routeCall(deps: FalRouteDeps, c: Context, target: TargetCheck): Promise<Response | SubmitAnswer> {
  // Wrong tokens are throttled by address and across all addresses, so tokens cannot be guessed at speed.
  const auth = deps.limits.authenticate(c, deps.tokens)
  if (!auth.ok) return auth.response
  c.set(CALLER_KEY, auth.tokenHash)

  // The request log names the call from this, rather than parsing the target a second time.
  c.set(FAL_CALL_KEY, target.ok ? target.call : null)
  if (!target.ok) return jsonError(c.req.header('x-fal-target-url') ? 403 : 400, target.message)
  const call = target.call
  // Submits spend money and uploads use the team's storage: each has a smaller allowance of its own.
  const overLimit = await deps.limits.call(c, call.kind, auth.tokenHash, deps.tokens.length > 0)
  if (overLimit) return overLimit

  let record: RequestRecord | undefined
  if (call.kind !== 'submit' && call.kind !== 'storage-initiate') {
    const owner = await checkOwner(deps, auth.tokenHash, call)
    if (owner instanceof Response) return owner
    record = owner
  }
  const body = c.req.method === 'GET' ? ({ ok: true, text: '' } as const) : await readLimitedText(c.req.raw, deps.maxJsonBytes, (c.env as { incoming?: IncomingMessage } | undefined)?.incoming)
  if (!body.ok) return body.response
  if (call.kind !== 'submit') {
    // The owner check above came first: a kept result is shown only to whoever may see the request.
    if (call.kind !== 'storage-initiate' && record?.result) return answerKept(call, record.result)
    const response = await deps.backend.handle(c, call, body.text)
    if (call.kind !== 'cancel' && call.kind !== 'storage-initiate' && record && !record.result && !isOk(response)) {
      // The record may have been remembered without a result another instance has kept since, after fal
      // dropped it (fal keeps a result of 10 KB or more only 6 minutes): read the store itself.
      const kept = await deps.requests.get(call.requestId, { fresh: true }).then((r) => r?.result, () => undefined)
      if (kept) {
        await response.body?.cancel().catch(() => undefined)
        return answerKept(call, kept)
      }
    }
    if (call.kind === 'cancel') await refundCancelled(deps, call.requestId, response)
    if (call.kind === 'result' && record && deps.keepForwarded) await keepForwarded(deps, record, response)
    return response
  }

  const job = readJobId(c.req.header(JOB_HEADER))
  if (!job.ok) return job.response
  const json = parseJsonBody(body.text)
  if (!json.ok) return json.response
  const valid = validateInput(call.endpoint, json.value)
  if (!valid.ok) return validationError(valid.detail)

  const s: SubmitCall = { c, deps, tokenHash: auth.tokenHash, endpoint: call.endpoint, input: valid.input, bodyText: body.text, jobId: job.jobId }
  // No job id: a plain submit, as any fal client sends it. Its reservation is its only record.
  if (job.jobId === undefined) return answerOf(await chargeAndSubmit(s))
  // With one: claimed, reserved and marked sent in one store step (SubmitStore.start), then forwarded.
  const ask = deps.budget.ask(auth.tokenHash, valid.input, call.endpoint)
  return deps.submits.submit(ask, job.jobId, submitFingerprint(call.endpoint, valid.input), (r) => deps.budget.refusal(r), (booking) =>
    forwardAndSettle(s, deps.budget.chargeOf(booking))
  )
}

function isOk(response: Response): boolean {
  return response.status >= 200 && response.status < 300
}

/**
 * A request id is bound to the token that submitted it (the store's requests): anyone else is refused here,
 * before fal is asked. Without PROXY_TOKENS everyone is the same caller, so there is no one to refuse.
 * An id with no binding at all (never submitted here, or older than the bindings are kept, which is far
 * past fal's own result retention) is answered as fal answers an unknown request, without asking fal: a
 * 404, and `NOT_FOUND` to a cancel (fal.ai/docs/inference-api/queue/cancel lists it as an answer).
 */
async function checkOwner(deps: FalRouteDeps, caller: string, call: { kind: string; requestId: string }): Promise<Response | RequestRecord | undefined> {
  const { requestId } = call
  const record = await deps.requests.get(requestId)
  if (deps.tokens.length === 0 || deps.adminHashes.has(caller)) return record
  const owner = record?.token
  if (owner === caller) return record
  if (owner === undefined) {
    const detail = `Request ${requestId} not found: this proxy has no record of it (it keeps request ids for ${PROXY_MEMORY_DAYS} days; fal keeps a finished result for an hour, or 6 minutes when it is 10 KB or more).`
    if (call.kind === 'cancel') return Response.json({ status: 'NOT_FOUND', detail }, { status: 404 })
    return Response.json({ detail, code: PROXY_CODES.unknownRequest }, { status: 404 })
  }
  return jsonError(
    403,
    `Request ${requestId} was submitted with another access token (a teammate's, or yours before it was rotated), so this proxy does not show or cancel it for you. ` +
      'Ask the teammate who started the job, or your admin.',
    { code: 'not_your_request' }
  )
}

/** A call on a request whose result the proxy keeps, answered from the store (results/kept-answers.ts). */
function answerKept(call: Exclude<FalCall, { kind: 'submit' | 'storage-initiate' }>, kept: NonNullable<RequestRecord['result']>): Response {
  switch (call.kind) {
    case 'result':
      return keptResultResponse(call.requestId, kept)
    case 'status':
      return keptStatusResponse(call.requestId, kept, call.logs)
    case 'status-stream':
      return keptStatusStreamResponse(call.requestId, kept, call.logs)
    case 'cancel':
      return keptCancelResponse(call.requestId)
  }
}

/**
 * A result fal answered 200 to a plugin is kept as the result keeper would keep it: the plugin may be
 * quicker than the keeper's next round. The body as forwarded is already scrubbed of the key. A failure
 * to keep it leaves the keeper to try; the plugin gets its answer either way.
 */
async function keepForwarded(deps: FalRouteDeps, record: RequestRecord, response: Response): Promise<void> {
  if (response.status !== 200) return
  const body = await response.clone().text()
  const mediaExpiresAt = deps.mediaExpiresAt?.(record)
  const kept = { status: 200, body, keptAt: Date.now(), ...(mediaExpiresAt === undefined ? {} : { mediaExpiresAt }) }
  await settleQuietly(deps, () => deps.requests.keepResult(record.requestId, kept))
}

/**
 * fal's cancel answers `OK` only when it removed the job from the queue, "not billed" (fal.ai/docs/
 * inference-api/queue/cancel); CANCELLATION_REQUESTED (already running), ALREADY_COMPLETED and NOT_FOUND
 * keep the charge. So only OK gives the reservation back, and only the first time.
 */
async function refundCancelled(deps: FalRouteDeps, requestId: string, response: Response): Promise<void> {
  if (response.status < 200 || response.status >= 300) return
  const status = await response
    .clone()
    .json()
    .then((b: { status?: unknown }) => b?.status)
    .catch(() => undefined)
  if (status !== 'OK') return
  try {
    const booking = await deps.requests.takeRefund(requestId, 'cancelled: fal answered OK')
    if (booking) await deps.budget.refund(booking, `cancelled ${requestId} before it ran (fal answered OK)`)
  } catch (error) {
    // Reported on /healthz; the charge stays, which errs on the side of the budget.
    deps.log(`could not record the refund of cancelled ${requestId}: ${operatorMessage(error)}`)
  }
}

interface SubmitCall {
  c: Context
  deps: FalRouteDeps
  tokenHash: string
  endpoint: EndpointId
  input: AnyEndpointInput
  bodyText: string
  jobId: string | undefined
}

/** Gateway errors: fal may have queued the job before the gateway gave up on its answer. */
const IN_DOUBT_STATUSES = new Set([502, 504])

/** A submit without a job id: reserves the cost, then sends and settles. */
async function chargeAndSubmit(s: SubmitCall): Promise<SubmitOutcome> {
  let charge: Charge
  try {
    const check = await s.deps.budget.reserve(s.tokenHash, s.input, s.endpoint)
    if (!check.ok) return { kind: 'refused', response: check.response }
    charge = check.charge
  } catch (error) {
    return { kind: 'refused', response: storageUnavailable(error) }
  }
  return forwardAndSettle(s, charge)
}

/**
 * Sends a reserved (and, with a job id, marked sent) submit and settles by fal's billing: released only
 * when fal did not take the job (a 4xx other than 422, a 5xx other than a gateway's 502/504); kept when it
 * did, when it may bill it (422), and when nobody knows (no answer: reset, timeout, unreadable body, 502,
 * 504).
 */
async function forwardAndSettle(s: SubmitCall, charge: Charge): Promise<SubmitOutcome & { recorded?: boolean }> {
  const { deps } = s
  let response: Response
  try {
    response = await deps.backend.submit(s.c, s.endpoint, s.input, s.bodyText)
  } catch (error) {
    // The log line is scrubbed of the key; the ledger gets only the error's kind, never upstream text.
    deps.log(`submit to ${s.endpoint} is in doubt (sent, no answer: ${errorMessage(error)}); kept charged`)
    await settleQuietly(deps, () => charge.keep(`in doubt: no answer from fal (${errorKind(error)})`))
    return { kind: 'in-doubt', response: submitInDoubt(s.jobId) }
  }
  if (response.status === 422) {
    await settleQuietly(deps, () => charge.keep('fal answered 422, which it may bill'))
    return { kind: 'answered', response }
  }
  if (IN_DOUBT_STATUSES.has(response.status)) {
    // A gateway's error can come after fal queued the job, and @fal-ai/client would resend it (it retries
    // 502 and 504, node_modules/@fal-ai/client/src/retry.js): so it is a lost answer, not a refusal.
    deps.log(`submit to ${s.endpoint} is in doubt (fal's gateway answered ${response.status}, which can come after the job was queued); kept charged`)
    await settleQuietly(deps, () => charge.keep(`in doubt: fal answered ${response.status} (a gateway error)`))
    return { kind: 'in-doubt', response: submitInDoubt(s.jobId, `fal's gateway answered ${response.status}, which can come after fal queued the job`) }
  }
  if (!response.ok) {
    await settleQuietly(deps, () => charge.release(`fal answered ${response.status}`))
    return { kind: 'released', response }
  }
  // Read once and answered from the text: a clone would tee the body, and would turn the adapter's light
  // string answer into a stream it then writes chunk by chunk (both seen in a CPU profile of submits).
  // (statusText is not copied: reading it would do the same, and the Node adapter never sends it.)
  const body = await response.text()
  response = new Response(body, { status: response.status, headers: response.headers })
  let requestId: string | undefined
  try {
    const parsed = JSON.parse(body) as { request_id?: unknown }
    if (typeof parsed?.request_id === 'string') requestId = parsed.request_id
  } catch {
    // Unreadable: in doubt, below.
  }
  if (requestId === undefined) {
    await settleQuietly(deps, () => charge.keep('in doubt: fal answered without a readable request id'))
    return { kind: 'in-doubt', response: submitInDoubt(s.jobId) }
  }
  // The booking's commit, the request's binding and the job's answer, in one store step (one round trip on
  // PostgreSQL), all safe to repeat. Without its binding, the paid job's status and result would be refused
  // to its own designer (404), and the keeper would not follow it: worth a few tries before it is only logged.
  // Should it fail for good, the job stays sent: a resend is refused as in doubt, never forwarded again.
  const accepted = { booking: charge.booking, requestId, token: s.tokenHash, endpoint: s.endpoint }
  const job = s.jobId === undefined ? undefined : { jobId: s.jobId, answer: { status: response.status, body, requestId } }
  await settleQuietly(deps, () => charge.commitWith(() => retryWrite(() => deps.accepts.accept(job ? { ...accepted, job } : accepted))))
  return { kind: 'answered', response, requestId, recorded: true }
}

/** A short, fixed-vocabulary name for a failure (ECONNRESET, TimeoutError…): safe to keep on disk. */
function errorKind(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause?.code
  if (typeof cause === 'string' && /^[A-Z_]+$/.test(cause)) return cause
  const code = (error as { code?: unknown })?.code
  if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code
  return error instanceof Error && /^\w+$/.test(error.name) ? error.name : 'unknown error'
}

/** After fal answered, a record that cannot be written must not hide fal's answer: /healthz reports it. */
async function settleQuietly(deps: FalRouteDeps, write: () => Promise<void>): Promise<void> {
  try {
    await write()
  } catch (error) {
    deps.log(`storage: ${operatorMessage(error)}`)
  }
}
