// fal's real client for tests and benchmarks in Node: configured as the plugin's UI does, through the proxy.
import { createFalClient, type FalClient } from '@fal-ai/client'

/** The real client, configured as the plugin UI does, plus `when: 'always'` because tests run in Node. */
export function falClientFor(proxyUrl: string, token?: string): FalClient {
  return createFalClient({
    proxyUrl: { url: proxyUrl, when: 'always' },
    requestMiddleware: async (request) =>
      token ? { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } } : request,
    // Keep client-side retries short so fault tests stay quick.
    retry: { maxRetries: 1, baseDelay: 50, maxDelay: 100 }
  })
}
