// A locally made Ed25519 key set standing in for fal's JWKS, and deliveries signed with it the way fal signs
// them (src/proxy/results/webhook-signature.ts says what that is and where it is documented).
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto'

import { FAL_JWKS_URL } from '../../../src/proxy/results/jwks'
import { signedMessage, WEBHOOK_HEADERS } from '../../../src/proxy/results/webhook-signature'

export interface SigningKey {
  privateKey: KeyObject
  jwk: Record<string, unknown>
}

export function makeSigningKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return { privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'EdDSA' } }
}

/** A fetch that serves `published()` as fal's JWKS and counts how often it was asked. */
export function jwksServer(published: () => SigningKey[]): { fetch: (input: string | URL | Request) => Promise<Response>; hits: number; status: number } {
  const server = {
    hits: 0,
    status: 200,
    fetch: async (input: string | URL | Request) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      if (url !== FAL_JWKS_URL) return new Response('not found', { status: 404 })
      server.hits++
      if (server.status !== 200) return new Response('unavailable', { status: server.status })
      return Response.json({ keys: published().map((k) => k.jwk) })
    }
  }
  return server
}

export interface Delivery {
  headers: Headers
  body: Buffer
}

export function signedDelivery(key: SigningKey, body: string | Buffer, opts: { requestId?: string; userId?: string; timestamp?: number } = {}): Delivery {
  const requestId = opts.requestId ?? 'req-hook-1'
  const userId = opts.userId ?? 'user-test-1'
  const timestamp = String(Math.floor(opts.timestamp ?? Date.now() / 1000))
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  const signature = sign(null, signedMessage(requestId, userId, timestamp, bytes), key.privateKey).toString('hex')
  return {
    body: bytes,
    headers: new Headers({
      'content-type': 'application/json',
      [WEBHOOK_HEADERS.requestId]: requestId,
      [WEBHOOK_HEADERS.userId]: userId,
      [WEBHOOK_HEADERS.timestamp]: timestamp,
      [WEBHOOK_HEADERS.signature]: signature
    })
  }
}
