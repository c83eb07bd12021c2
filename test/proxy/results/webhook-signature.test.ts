// Webhook deliveries checked against a locally generated Ed25519 key set served as fal's JWKS: a good one
// passes, and each way of getting it wrong is refused with its own reason.
import { describe, expect, it } from 'vitest'

import { createJwksSource, JWKS_CACHE_MS, JWKS_MIN_REFRESH_MS } from '../../../src/proxy/results/jwks'
import { createWebhookVerifier, WEBHOOK_HEADERS, WEBHOOK_TOLERANCE_SECONDS } from '../../../src/proxy/results/webhook-signature'
import { jwksServer, makeSigningKey, signedDelivery } from './webhook-keys'

const BODY = '{"request_id":"req-hook-1","status":"OK","payload":{"images":[],"seed":196619188014358660}}'

function setup(now = () => Date.now()) {
  const fal = makeSigningKey('fal-1')
  let published = [fal]
  const server = jwksServer(() => published)
  const jwks = createJwksSource({ fetch: server.fetch, now })
  const verify = createWebhookVerifier(jwks, now)
  return { fal, server, verify, publish: (keys: typeof published) => (published = keys) }
}

describe('webhook signature', () => {
  it('accepts a delivery signed with a published key, and names its request', async () => {
    const { fal, verify } = setup()
    const d = signedDelivery(fal, BODY)
    const verdict = await verify(d.headers, d.body)
    expect(verdict).toMatchObject({ ok: true, requestId: 'req-hook-1', userId: 'user-test-1' })
  })

  it('refuses a body changed by one byte (signature_mismatch)', async () => {
    const { fal, verify } = setup()
    const d = signedDelivery(fal, BODY)
    const tampered = Buffer.from(BODY.replace('"OK"', '"ok"'))
    expect(await verify(d.headers, tampered)).toMatchObject({ ok: false, reason: 'signature_mismatch' })
  })

  it('refuses a changed signed header (the request id is part of the message)', async () => {
    const { fal, verify } = setup()
    const d = signedDelivery(fal, BODY)
    d.headers.set(WEBHOOK_HEADERS.requestId, 'req-someone-else')
    expect(await verify(d.headers, d.body)).toMatchObject({ ok: false, reason: 'signature_mismatch' })
  })

  it('refuses a delivery signed with a key fal does not publish, after asking for the set once more', async () => {
    let clock = 1_800_000_000_000
    const { fal, server, verify } = setup(() => clock)
    const good = signedDelivery(fal, BODY, { timestamp: clock / 1000 })
    expect((await verify(good.headers, good.body)).ok).toBe(true)
    clock += JWKS_MIN_REFRESH_MS + 1
    const d = signedDelivery(makeSigningKey('not-fal'), BODY, { timestamp: clock / 1000 })
    expect(await verify(d.headers, d.body)).toMatchObject({ ok: false, reason: 'signature_mismatch' })
    expect(server.hits).toBe(2)
  })

  it('accepts a key fal rotated in after the set was cached, by fetching it again once', async () => {
    let clock = 1_800_000_000_000
    const { fal, server, verify, publish } = setup(() => clock)
    const first = signedDelivery(fal, BODY, { timestamp: clock / 1000 })
    expect((await verify(first.headers, first.body)).ok).toBe(true)
    const rotated = makeSigningKey('fal-2')
    publish([rotated])
    clock += JWKS_MIN_REFRESH_MS + 1
    const d = signedDelivery(rotated, BODY, { timestamp: clock / 1000 })
    expect((await verify(d.headers, d.body)).ok).toBe(true)
    expect(server.hits).toBe(2)
  })

  it('does not let forged deliveries make it fetch the set again and again', async () => {
    let clock = 1_800_000_000_000
    const { fal, server, verify } = setup(() => clock)
    const good = signedDelivery(fal, BODY, { timestamp: clock / 1000 })
    expect((await verify(good.headers, good.body)).ok).toBe(true)
    // Past the refresh pause, a failed signature may refetch; before it, it may not.
    clock += JWKS_MIN_REFRESH_MS + 1
    const stranger = makeSigningKey('forger')
    for (let i = 0; i < 5; i++) {
      const d = signedDelivery(stranger, BODY, { timestamp: clock / 1000 })
      expect(await verify(d.headers, d.body)).toMatchObject({ ok: false, reason: 'signature_mismatch' })
    }
    expect(server.hits).toBe(2)
  })

  it('keeps the set for a day, then fetches it again', async () => {
    let clock = 1_800_000_000_000
    const { fal, server, verify } = setup(() => clock)
    for (const step of [0, JWKS_CACHE_MS - 1, 2]) {
      clock += step
      const d = signedDelivery(fal, BODY, { timestamp: clock / 1000 })
      expect((await verify(d.headers, d.body)).ok).toBe(true)
    }
    expect(server.hits).toBe(2)
  })

  it('refuses a timestamp older or newer than fal\'s tolerance (timestamp_out_of_range)', async () => {
    const clock = 1_800_000_000_000
    const { fal, verify } = setup(() => clock)
    for (const offset of [-(WEBHOOK_TOLERANCE_SECONDS + 1), WEBHOOK_TOLERANCE_SECONDS + 1]) {
      const d = signedDelivery(fal, BODY, { timestamp: clock / 1000 + offset })
      expect(await verify(d.headers, d.body)).toMatchObject({ ok: false, reason: 'timestamp_out_of_range' })
    }
    const edge = signedDelivery(fal, BODY, { timestamp: clock / 1000 - WEBHOOK_TOLERANCE_SECONDS })
    expect((await verify(edge.headers, edge.body)).ok).toBe(true)
  })

  it('refuses a timestamp that is not Unix seconds (malformed_timestamp)', async () => {
    const { fal, verify } = setup()
    const d = signedDelivery(fal, BODY)
    d.headers.set(WEBHOOK_HEADERS.timestamp, '2026-01-01T00:00:00Z')
    expect(await verify(d.headers, d.body)).toMatchObject({ ok: false, reason: 'malformed_timestamp' })
  })

  it('refuses a delivery missing any of the four headers, naming it (missing_header)', async () => {
    const { fal, verify } = setup()
    for (const name of Object.values(WEBHOOK_HEADERS)) {
      const d = signedDelivery(fal, BODY)
      d.headers.delete(name)
      const verdict = await verify(d.headers, d.body)
      expect(verdict).toMatchObject({ ok: false, reason: 'missing_header' })
      expect(verdict.ok === false && verdict.detail).toContain(name)
    }
  })

  it('refuses a signature that is not 64 bytes of hex (malformed_signature)', async () => {
    const { fal, verify } = setup()
    const d = signedDelivery(fal, BODY)
    const good = d.headers.get(WEBHOOK_HEADERS.signature)!
    for (const bad of [good.slice(2), `${good}00`, `zz${good.slice(2)}`, Buffer.from(good, 'hex').toString('base64')]) {
      d.headers.set(WEBHOOK_HEADERS.signature, bad)
      expect(await verify(d.headers, d.body)).toMatchObject({ ok: false, reason: 'malformed_signature' })
    }
  })

  it('says the keys are unavailable when fal\'s JWKS cannot be fetched, and never accepts then', async () => {
    const { fal, server, verify } = setup()
    server.status = 503
    const d = signedDelivery(fal, BODY)
    const verdict = await verify(d.headers, d.body)
    expect(verdict).toMatchObject({ ok: false, reason: 'keys_unavailable' })
    expect(verdict.ok === false && verdict.detail).toContain('503')
  })

  it('while the JWKS fetch fails, 50 forged deliveries (one after another, then all at once) ask fal once per pause', async () => {
    let clock = 1_800_000_000_000
    const { server, verify } = setup(() => clock)
    server.status = 503
    const forger = makeSigningKey('forger')
    for (let i = 0; i < 25; i++) {
      const d = signedDelivery(forger, BODY, { timestamp: clock / 1000 })
      expect(await verify(d.headers, d.body)).toMatchObject({ ok: false, reason: 'keys_unavailable' })
    }
    expect(server.hits).toBe(1)
    // Past the pause: one more attempt, shared by deliveries arriving together.
    clock += JWKS_MIN_REFRESH_MS + 1
    const together = Array.from({ length: 25 }, () => signedDelivery(forger, BODY, { timestamp: clock / 1000 }))
    const verdicts = await Promise.all(together.map((d) => verify(d.headers, d.body)))
    expect(verdicts.every((v) => !v.ok && v.reason === 'keys_unavailable')).toBe(true)
    expect(server.hits).toBe(2)
  })

  it('with a stale cache and a failing refresh, a delivery signed by a cached key passes and forgeries are 401s, not 503s', async () => {
    let clock = 1_800_000_000_000
    const { fal, server, verify } = setup(() => clock)
    const first = signedDelivery(fal, BODY, { timestamp: clock / 1000 })
    expect((await verify(first.headers, first.body)).ok).toBe(true)
    clock += JWKS_CACHE_MS + 1
    server.status = 502
    const genuine = signedDelivery(fal, BODY, { timestamp: clock / 1000 })
    expect((await verify(genuine.headers, genuine.body)).ok).toBe(true)
    expect(server.hits).toBe(2)
    const forger = makeSigningKey('forger')
    for (let i = 0; i < 50; i++) {
      const d = signedDelivery(forger, BODY, { timestamp: clock / 1000 })
      expect(await verify(d.headers, d.body)).toMatchObject({ ok: false, reason: 'signature_mismatch' })
    }
    expect(server.hits).toBe(2)
    // Once fal answers again (after the pause), the set is fetched and cached anew.
    server.status = 200
    clock += JWKS_MIN_REFRESH_MS + 1
    const later = signedDelivery(fal, BODY, { timestamp: clock / 1000 })
    expect((await verify(later.headers, later.body)).ok).toBe(true)
    expect(server.hits).toBe(3)
    expect((await verify(later.headers, later.body)).ok).toBe(true)
    expect(server.hits).toBe(3)
  })

  it('gives up on a JWKS fetch that does not answer within its timeout', async () => {
    const hanging = (_input: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))
    const verify = createWebhookVerifier(createJwksSource({ fetch: hanging, timeoutMs: 20 }))
    const d = signedDelivery(makeSigningKey('fal-1'), BODY)
    const verdict = await verify(d.headers, d.body)
    expect(verdict).toMatchObject({ ok: false, reason: 'keys_unavailable' })
    expect(verdict.ok === false && verdict.detail).toContain('no answer within 20 ms')
  })

  it('skips entries of the set that are not Ed25519 keys and still verifies with the one that is', async () => {
    const fal = makeSigningKey('fal-1')
    const fetchSet = async () => Response.json({ keys: [{ kty: 'RSA', n: 'abc', e: 'AQAB' }, { kty: 'OKP', crv: 'X25519', x: 'abc' }, fal.jwk] })
    const verify = createWebhookVerifier(createJwksSource({ fetch: fetchSet }))
    const d = signedDelivery(fal, BODY)
    expect((await verify(d.headers, d.body)).ok).toBe(true)
  })
})
