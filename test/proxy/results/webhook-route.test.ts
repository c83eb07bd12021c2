// The webhook route on a small Hono app of its own, verifying with a local key set served as fal's JWKS.
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'

import { rawJsonField } from '../../../src/proxy/results/raw-json-field'
import { createJwksSource } from '../../../src/proxy/results/jwks'
import { FAL_WEBHOOK_PATH, falWebhookHandler, type WebhookDelivery } from '../../../src/proxy/results/webhook-route'
import { createWebhookVerifier, WEBHOOK_HEADERS } from '../../../src/proxy/results/webhook-signature'
import { type Delivery, jwksServer, makeSigningKey, signedDelivery } from './webhook-keys'

// fal's example delivery (docs.fal.ai/model-endpoints/webhooks), whose seed is past 2^53.
const OK_BODY =
  '{"request_id": "req-hook-1", "gateway_request_id": "req-hook-1", "status": "OK", "payload": {"images": [{"url": "https://v3.fal.media/files/out.png", "width": 1024, "height": 1024}], "seed": 196619188014358660}}'
const ERROR_BODY =
  '{"request_id": "req-hook-1", "gateway_request_id": "req-hook-1", "status": "ERROR", "error": "Invalid status code: 422", "payload": {"detail": [{"loc": ["body", "prompt"], "msg": "field required", "type": "value_error.missing"}]}}'

function setup(opts: { failDelivery?: boolean; jwksStatus?: number; maxBytes?: number } = {}) {
  const fal = makeSigningKey('fal-1')
  const server = jwksServer(() => [fal])
  if (opts.jwksStatus) server.status = opts.jwksStatus
  const delivered: WebhookDelivery[] = []
  const logs: string[] = []
  const app = new Hono()
  app.post(
    FAL_WEBHOOK_PATH,
    falWebhookHandler({
      verify: createWebhookVerifier(createJwksSource({ fetch: server.fetch })),
      onDelivery: async (d) => {
        if (opts.failDelivery) throw new Error('storage is down (test)')
        delivered.push(d)
      },
      log: (line) => logs.push(line),
      ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {})
    })
  )
  const post = (d: Delivery) => app.request(FAL_WEBHOOK_PATH, { method: 'POST', headers: d.headers, body: new Uint8Array(d.body) })
  return { fal, delivered, logs, post, app }
}

describe('fal webhook route', () => {
  it('takes a verified OK delivery and hands on the payload exactly as sent (big seed intact)', async () => {
    const { fal, delivered, post } = setup()
    const res = await post(signedDelivery(fal, OK_BODY))
    expect(res.status).toBe(200)
    expect(delivered).toHaveLength(1)
    expect(delivered[0]).toMatchObject({ requestId: 'req-hook-1', ok: true })
    expect(delivered[0]!.error).toBeUndefined()
    expect(delivered[0]!.payloadText).toContain('"seed": 196619188014358660')
    expect(JSON.parse(delivered[0]!.payloadText!).images[0].url).toBe('https://v3.fal.media/files/out.png')
  })

  it('takes a verified ERROR delivery with fal\'s error message and details', async () => {
    const { fal, delivered, post } = setup()
    expect((await post(signedDelivery(fal, ERROR_BODY))).status).toBe(200)
    expect(delivered[0]).toMatchObject({ requestId: 'req-hook-1', ok: false, error: 'Invalid status code: 422' })
    expect(JSON.parse(delivered[0]!.payloadText!).detail[0].type).toBe('value_error.missing')
  })

  it('passes on payload_error when fal could not send the payload', async () => {
    const { fal, delivered, post } = setup()
    const body = '{"request_id": "req-hook-1", "status": "OK", "payload": null, "payload_error": "Response payload is not JSON serializable"}'
    expect((await post(signedDelivery(fal, body))).status).toBe(200)
    expect(delivered[0]).toEqual({ requestId: 'req-hook-1', ok: true, payloadText: null, error: 'Response payload is not JSON serializable' })
  })

  it('answers 401 with nothing that helps a forger, and delivers nothing, for an unverified delivery', async () => {
    const { fal, delivered, logs, post } = setup()
    const bodies: string[] = []
    const forged = signedDelivery(makeSigningKey('forger'), OK_BODY)
    const tampered = signedDelivery(fal, OK_BODY)
    tampered.body = Buffer.from(OK_BODY.replace('out.png', 'evil.png'))
    const stale = signedDelivery(fal, OK_BODY, { timestamp: Date.now() / 1000 - 3600 })
    const unsigned = signedDelivery(fal, OK_BODY)
    unsigned.headers.delete(WEBHOOK_HEADERS.signature)
    for (const d of [forged, tampered, stale, unsigned]) {
      const res = await post(d)
      expect(res.status).toBe(401)
      bodies.push(await res.text())
    }
    // One answer for every reason: which check failed is in our log only.
    expect(new Set(bodies).size).toBe(1)
    expect(bodies[0]).not.toMatch(/signature_mismatch|timestamp|missing/)
    expect(logs.join('\n')).toMatch(/signature_mismatch[\s\S]*timestamp_out_of_range[\s\S]*missing_header/)
    expect(delivered).toHaveLength(0)
  })

  it('answers 400 for a verified body that is not fal\'s delivery', async () => {
    const { fal, delivered, post } = setup()
    for (const body of ['not json', '{"request_id": "req-hook-1", "status": "DONE", "payload": {}}', '{"status": "OK", "payload": {}}', '[]']) {
      const res = await post(signedDelivery(fal, body))
      expect(res.status, body).toBe(400)
    }
    expect(delivered).toHaveLength(0)
  })

  it('answers 400 when the body names another request than the signed header', async () => {
    const { fal, delivered, post } = setup()
    const res = await post(signedDelivery(fal, OK_BODY, { requestId: 'req-other' }))
    expect(res.status).toBe(400)
    expect(delivered).toHaveLength(0)
  })

  it('refuses missing or malformed signature headers and an out-of-window timestamp with the same 401, without reading the body', async () => {
    const { fal, delivered, logs, post, app } = setup()
    const unsigned = signedDelivery(fal, OK_BODY)
    unsigned.headers.delete(WEBHOOK_HEADERS.signature)
    const shortSig = signedDelivery(fal, OK_BODY)
    shortSig.headers.set(WEBHOOK_HEADERS.signature, 'ab')
    const stale = signedDelivery(fal, OK_BODY, { timestamp: Date.now() / 1000 - 3600 })
    const badClock = signedDelivery(fal, OK_BODY)
    badClock.headers.set(WEBHOOK_HEADERS.timestamp, 'yesterday')
    // A body that counts how often it is read; no high-water mark, so nothing is pulled until someone reads.
    const send = async (d: Delivery) => {
      const reads = { count: 0 }
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            reads.count++
            controller.enqueue(new Uint8Array(d.body))
            controller.close()
          }
        },
        { highWaterMark: 0 }
      )
      const res = await app.request(FAL_WEBHOOK_PATH, { method: 'POST', headers: d.headers, body, duplex: 'half' } as RequestInit)
      return { res, reads: reads.count }
    }
    const bodies = new Set<string>()
    for (const d of [unsigned, shortSig, stale, badClock]) {
      const { res, reads } = await send(d)
      expect(res.status).toBe(401)
      bodies.add(await res.text())
      expect(reads).toBe(0)
    }
    expect(bodies.size).toBe(1)
    expect(logs.join('\n')).toMatch(/missing_header[\s\S]*malformed_signature[\s\S]*timestamp_out_of_range[\s\S]*malformed_timestamp/)
    expect(delivered).toHaveLength(0)
    // The same delivery with good headers, sent the same way, is read and taken: the counter does see reads.
    const good = await send(signedDelivery(fal, OK_BODY))
    expect(good.res.status).toBe(200)
    expect(good.reads).toBeGreaterThan(0)
    expect(delivered).toHaveLength(1)
  })

  it('answers 413 for a body over the cap, before verifying anything', async () => {
    const { fal, delivered, post } = setup({ maxBytes: 100 })
    expect((await post(signedDelivery(fal, OK_BODY))).status).toBe(413)
    expect(delivered).toHaveLength(0)
  })

  it('answers 503 (fal retries) when the delivery cannot be kept or the keys cannot be fetched', async () => {
    const storeDown = setup({ failDelivery: true })
    expect((await storeDown.post(signedDelivery(storeDown.fal, OK_BODY))).status).toBe(503)
    expect(storeDown.logs.join('\n')).toContain('could not be kept')
    const keysDown = setup({ jwksStatus: 502 })
    expect((await keysDown.post(signedDelivery(keysDown.fal, OK_BODY))).status).toBe(503)
    expect(keysDown.delivered).toHaveLength(0)
  })
})

describe('rawJsonField', () => {
  it('finds a top-level member\'s exact text among nested look-alikes, strings with braces and escapes', () => {
    const json = '{"a": {"payload": 1}, "s": "x\\"}{\\"payload\\": 2", "payload" : [1, {"b": "]"}, 12345678901234567890] , "z": null}'
    expect(rawJsonField(json, 'payload')).toBe('[1, {"b": "]"}, 12345678901234567890]')
    expect(rawJsonField(json, 'z')).toBe('null')
    expect(rawJsonField(json, 'missing')).toBeUndefined()
    expect(rawJsonField('[1]', 'payload')).toBeUndefined()
    expect(rawJsonField('{"payload": "a", "payload": true}', 'payload')).toBe('true')
  })
})
