// The request alone (endpoint and input) of a job, plan or provenance that carries one. Free of the zod
// catalog: a type-only import, so whatever imports this bundles nothing more.
import type { KlingRequest } from './endpoints'

/** Copies only the request, so what is stored or sent holds none of the carrier's other fields. */
export function requestOf(carrier: KlingRequest): KlingRequest {
  // Taken from one KlingRequest, so the two still belong together; TypeScript loses that once they are read apart.
  return { endpoint: carrier.endpoint, input: carrier.input } as KlingRequest
}
