// The one place @fal-ai/client is configured. Every call goes to the team's proxy, which holds the fal
// key; the plugin only ever carries the proxy token, sent as a bearer header to the proxy alone (fal's
// direct upload PUT does not pass through request middleware, so the token never reaches the CDN).
import { createFalClient, type FalClient } from '@fal-ai/client'

export interface ProxyConnection {
  proxyUrl: string
  token: string
}

export function connectToProxy({ proxyUrl, token }: ProxyConnection): FalClient {
  return createFalClient({
    // The plugin UI always runs in a browser iframe, where a string proxyUrl applies.
    proxyUrl,
    requestMiddleware: async (request) =>
      token === '' ? request : { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } }
  })
}
