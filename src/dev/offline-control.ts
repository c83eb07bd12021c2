// The offline fal's control routes as tests and benchmarks call them: the submits it received, and its
// fault plan. `adminToken` is needed once the proxy has tokens (the routes are admin-only then).

/** One submit the offline fal received, as GET /__offline/requests lists it. */
export interface OfflineRequest {
  request_id: string
  endpoint: string
  input: Record<string, unknown>
  received_at: string
  /** When the model was done, as a client could first learn it (COMPLETED jobs only). */
  completed_at?: string
  state: string
}

function authorised(adminToken?: string): Record<string, string> {
  return adminToken ? { authorization: `Bearer ${adminToken}` } : {}
}

/** Every submit the offline fal at `origin` received (each one a queued, billed job), oldest first. */
export async function offlineRequests(origin: string, adminToken?: string): Promise<OfflineRequest[]> {
  const res = await fetch(`${origin}/__offline/requests`, { headers: authorised(adminToken) })
  if (!res.ok) throw new Error(`GET /__offline/requests answered ${res.status}: ${await res.text()}`)
  return ((await res.json()) as { requests: OfflineRequest[] }).requests
}

/** Sets the offline fal's fault plan; the answer is returned as is, so a caller can check a refused plan. */
export function setOfflineFaults(origin: string, plan: unknown, adminToken?: string): Promise<Response> {
  return fetch(`${origin}/__offline/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authorised(adminToken) },
    body: JSON.stringify(plan)
  })
}
