// A request as Keyframe carries it from the composer to provenance and back: an endpoint and an input
// that endpoint's schema accepted. This is the one place an unchecked input becomes a typed request.
import type * as z from 'zod/mini'

import { ENDPOINTS, isEndpointId, type KlingRequest } from './endpoints'
import { issueField } from '../stored-json'

export type RequestCheck = { ok: true; request: KlingRequest } | { ok: false; issues: z.core.$ZodIssue[] }

/**
 * Checks `input` against `endpoint`'s schema. On success the request holds the input exactly as given:
 * defaults are not filled in, so what is sent and stored stays as it was written.
 */
export function checkRequest(endpoint: KlingRequest['endpoint'], input: unknown): RequestCheck {
  const parsed = ENDPOINTS[endpoint].input.safeParse(input)
  if (!parsed.success) return { ok: false, issues: parsed.error.issues }
  // The schema of this very endpoint accepted `input`, so the pair is a KlingRequest. TypeScript cannot tie
  // a union of schemas to the key that picked one (a correlated union), hence the assertion.
  return { ok: true, request: { endpoint, input } as KlingRequest }
}

/**
 * A request read back from storage (plugin data anyone can edit, or a record from an older version):
 * the typed request, or what is wrong with it in words that fit after "its request ".
 */
export function readStoredRequest(endpoint: unknown, input: unknown): { ok: true; request: KlingRequest } | { ok: false; problem: string } {
  if (typeof endpoint !== 'string' || !isEndpointId(endpoint)) return { ok: false, problem: `names no Kling endpoint (${JSON.stringify(endpoint) ?? 'none'})` }
  const check = checkRequest(endpoint, input)
  if (check.ok) return check
  const issue = check.issues[0]
  const where = issueField(issue) ?? 'its input'
  return { ok: false, problem: `is not one ${endpoint} takes: ${where} ${issue?.message ?? 'is invalid'}` }
}
