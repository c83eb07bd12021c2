// What an answer to a submit says about money, so the plugin can tell "not charged" from "unknown". A 5xx
// alone cannot tell it: fal's refusal (released: fal does not bill it) looks the same as a 502/504 from a
// load balancer in front of the proxy (which may have forwarded). So the proxy marks what it knows in the
// JSON body, as `keyframe_charge`:
// - "none": the proxy answered without sending anything (token, limits, target, body, job id, schema,
//   budget, conflict, storage);
// - "released": the proxy sent it, fal refused, and the reservation was given back.
// An answer without the field is charged (accepted, a 422, a replay) or in doubt.
import { CHARGE_FIELD, type ChargeMark as MarkOnTheWire } from '../proxy-answers'

/** What the route knows of a submit's cost: a mark it writes on the answer, or `kept` (written as no mark). */
export type ChargeMark = MarkOnTheWire | 'kept'

/** Longest piece of a non-JSON refusal kept as `detail` (a gateway's HTML page, say). */
const DETAIL_MAX_CHARS = 500

/** The answer with `keyframe_charge` added to its JSON body (fal's own fields kept); a kept charge is left as is. */
export async function markCharge(response: Response, charge: ChargeMark): Promise<Response> {
  if (charge === 'kept') return response
  const text = await response.text()
  const parsed = parseObject(text)
  const body = parsed ? { ...parsed, [CHARGE_FIELD]: charge } : { detail: text.slice(0, DETAIL_MAX_CHARS), [CHARGE_FIELD]: charge }
  const headers = new Headers(response.headers)
  headers.set('content-type', 'application/json')
  // The body changed length: the server sets it again.
  headers.delete('content-length')
  return new Response(JSON.stringify(body), { status: response.status, statusText: response.statusText, headers })
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}
