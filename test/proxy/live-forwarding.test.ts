// Live mode against a fake fal: what reaches fal (host, path, the server's key, never the caller's token),
// what is refused before anything is forwarded, CORS, body size, and the key never leaking.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { startProxy } from '../../src/proxy/server'
import { createFakeFal, type FakeFal } from './fake-fal'
import { callProxy, falClientFor, O3_T2I, QUEUE, startTestProxy, type TestProxy, V3_T2I, testToken } from './helpers'

const FAL_KEY = 'test-only-fal-key-forwarding'
const TOKEN = testToken('alice-forwarding')
const OTHER_TOKEN = testToken('bob-forwarding')

let proxy: TestProxy
let fal: FakeFal

beforeAll(async () => {
  fal = createFakeFal()
  proxy = await startTestProxy({ falKey: FAL_KEY, tokens: [TOKEN, OTHER_TOKEN], upstreamFetch: (i, init) => fal.fetch(i, init) })
})
afterAll(() => proxy.stop())
beforeEach(() => {
  fal.calls.length = 0
  fal.submitAnswer = undefined
  fal.delayMs = 0
})

describe('live forwarding', () => {
  it('answers /healthz as live', async () => {
    expect(await (await fetch(`${proxy.url}/healthz`)).json()).toEqual({ ok: true, mode: 'live' })
  })

  it('subscribe: fal gets the right hosts and paths with the server key, never the caller\'s token', async () => {
    const client = falClientFor(proxy.proxyUrl, TOKEN)
    const result = await client.subscribe(O3_T2I, { input: { prompt: 'live check' }, pollInterval: 10, priority: 'low' })
    const id = result.requestId
    expect(id).toMatch(/^req-\d+$/)
    expect((result.data as { images: unknown[] }).images).toHaveLength(1)

    expect(fal.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `POST ${QUEUE}/${O3_T2I}`,
      `GET ${QUEUE}/fal-ai/kling-image/requests/${id}/status?logs=0`,
      `GET ${QUEUE}/fal-ai/kling-image/requests/${id}`
    ])
    for (const call of fal.calls) {
      expect(call.headers.authorization).toBe(`Key ${FAL_KEY}`)
      expect(JSON.stringify(call)).not.toContain(TOKEN)
    }
    expect(JSON.parse(fal.calls[0]!.body!)).toEqual({ prompt: 'live check' })
    // The client's own x-fal-* header goes through (server-proxy's hono adapter would drop it).
    expect(fal.calls[0]!.headers['x-fal-queue-priority']).toBe('low')
  })

  it('cancel (a PUT with no body) is forwarded', async () => {
    const client = falClientFor(proxy.proxyUrl, TOKEN)
    // Only the token that submitted a request may cancel it, so submit one first.
    const { request_id } = await client.queue.submit(O3_T2I, { input: { prompt: 'to cancel' } })
    fal.calls.length = 0
    await client.queue.cancel(O3_T2I, { requestId: request_id })
    expect(fal.calls.map((c) => `${c.method} ${c.url}`)).toEqual([`PUT ${QUEUE}/fal-ai/kling-image/requests/${request_id}/cancel`])
  })

  it('storage initiate goes to rest.fal.ai with the server key', async () => {
    const res = await callProxy(proxy.proxyUrl, {
      token: TOKEN,
      target: 'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3',
      body: { content_type: 'image/png', file_name: 'ref.png' }
    })
    expect(res.status).toBe(200)
    // The upload URL fal gave stays on the proxy; the client is sent to the proxy's upload route instead.
    const body = (await res.json()) as { upload_url: string; file_url: string }
    expect(body.upload_url).toMatch(new RegExp(`^${proxy.url}/api/fal/upload/[A-Za-z0-9_-]{43}$`))
    expect(body.file_url).toMatch(/^https:\/\/v3\.fal\.media\/files\/obj-\d+\/ref\.png$/)
    expect(fal.calls).toHaveLength(1)
    expect(fal.calls[0]!.headers.authorization).toBe(`Key ${FAL_KEY}`)
  })

  it('headers the client does not send, cookies from fal and fal\'s own CORS do not pass', async () => {
    const res = await callProxy(proxy.proxyUrl, {
      token: TOKEN,
      target: `${QUEUE}/${V3_T2I}`,
      body: { prompt: 'headers' },
      headers: { 'x-fal-smuggle': `Bearer ${TOKEN}`, cookie: 'a=b', 'x-forwarded-for': '1.2.3.4' }
    })
    expect(res.status).toBe(200)
    const sent = fal.calls[0]!.headers
    expect(Object.keys(sent).filter((h) => h.startsWith('x-fal-')).sort()).toEqual(['x-fal-client-proxy', 'x-fal-target-url'])
    expect(sent.cookie).toBeUndefined()
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const body = (await res.json()) as { request_id: string }
    expect(res.headers.get('x-fal-request-id')).toBe(body.request_id)
  })

  it("a status poll's answer carries fal's passed headers and CORS, and none of fal's others", async () => {
    const submitted = await callProxy(proxy.proxyUrl, { token: TOKEN, target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'poll headers' } })
    const { request_id } = (await submitted.json()) as { request_id: string }
    const res = await callProxy(proxy.proxyUrl, { method: 'GET', token: TOKEN, target: `${QUEUE}/fal-ai/kling-image/requests/${request_id}/status` })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-expose-headers')).toContain('retry-after')
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(((await res.json()) as { status: string }).status).toBeTypeOf('string')
  })

  describe('allowlist: refused before anything is forwarded', () => {
    const refused: [string, string][] = [
      ['POST', `${QUEUE}/fal-ai/flux/dev`],
      ['POST', `${QUEUE}/fal-ai/kling-image/v3/text-to-image/extra`],
      ['POST', `${QUEUE}/fal-ai/kling-image/o3/text-to-video`],
      ['POST', `${QUEUE}/${O3_T2I}?fal_webhook=https://evil.example/hook`],
      ['GET', `${QUEUE}/fal-ai/flux/requests/abc/status`],
      ['GET', `${QUEUE}/fal-ai/kling-image/requests/abc/status?logs=1&x=1`],
      ['DELETE', `${QUEUE}/fal-ai/kling-image/requests/abc`],
      ['POST', `https://fal.run/${O3_T2I}`],
      ['POST', `https://evil.example/${O3_T2I}`],
      ['POST', `https://queue.fal.run.evil.example/${O3_T2I}`],
      ['POST', `https://evil.example/?u=queue.fal.run/${O3_T2I}`],
      ['POST', `http://queue.fal.run/${O3_T2I}`],
      ['POST', `https://queue.fal.run:8443/${O3_T2I}`],
      ['POST', `https://queue.fal.run./${O3_T2I}`],
      ['POST', `HTTPS://QUEUE.FAL.RUN/${O3_T2I}`],
      ['POST', `http://127.0.0.1:8787/${O3_T2I}`],
      ['POST', `https://localhost/${O3_T2I}`],
      ['POST', `https://[::1]/${O3_T2I}`],
      ['POST', `https://10.0.0.8/${O3_T2I}`],
      ['POST', `https://192.168.1.10/${O3_T2I}`],
      ['GET', 'http://169.254.169.254/latest/meta-data/'],
      ['POST', `https://queue.fal.run@evil.example/${O3_T2I}`],
      ['POST', `https://user:pass@queue.fal.run/${O3_T2I}`],
      ['POST', `https://queue.fal.run/fal-ai/kling-image/o3/../../flux/dev`],
      ['POST', `https://queue.fal.run/fal-ai/kling-image/o3/%2e%2e/%2e%2e/flux/dev`],
      ['POST', `https://queue.fal.run/fal-ai%2fkling-image/o3/text-to-image`],
      ['POST', `https://queue.fal.run\\@evil.example/${O3_T2I}`],
      ['POST', `https://queue.fal.run/${O3_T2I}\t/../../flux/dev`],
      ['POST', 'not a url'],
      ['POST', 'https://rest.fal.ai/storage/upload/initiate-multipart?storage_type=fal-cdn-v3'],
      ['POST', 'https://rest.fal.ai/tokens/']
    ]
    for (const [method, target] of refused) {
      it(`${method} ${target}`, async () => {
        const res = await callProxy(proxy.proxyUrl, { method, token: TOKEN, target, body: method === 'GET' ? undefined : { prompt: 'x' } })
        expect(res.status).toBe(403)
        expect(typeof ((await res.json()) as { message: unknown }).message).toBe('string')
        expect(fal.calls).toHaveLength(0)
      })
    }

    it('no x-fal-target-url at all is a 400', async () => {
      const res = await callProxy(proxy.proxyUrl, { token: TOKEN, body: { prompt: 'x' } })
      expect(res.status).toBe(400)
      expect(fal.calls).toHaveLength(0)
    })
  })

  describe('tokens', () => {
    const target = `${QUEUE}/${O3_T2I}`
    const cases: [string, Record<string, string>][] = [
      ['missing', {}],
      ['wrong', { authorization: 'Bearer not-a-token' }],
      ['a prefix of a real token', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
      ['in the wrong scheme', { authorization: `Key ${TOKEN}` }],
      ['in the wrong header', { 'x-fal-authorization': `Bearer ${TOKEN}` }],
      ['as an api-key header', { 'x-api-key': TOKEN }],
      ['two tokens in one header', { authorization: `Bearer ${TOKEN} ${OTHER_TOKEN}` }]
    ]
    for (const [name, headers] of cases) {
      it(`401 with a message when the token is ${name}; nothing forwarded`, async () => {
        const res = await callProxy(proxy.proxyUrl, { target, body: { prompt: 'x' }, headers })
        expect(res.status).toBe(401)
        expect(res.headers.get('access-control-allow-origin')).toBe('*')
        const body = (await res.json()) as { message: string }
        expect(body.message).toMatch(/token/i)
        expect(fal.calls).toHaveLength(0)
      })
    }

    it('the real client without a token gets an ApiError whose message the plugin can show', async () => {
      const client = falClientFor(proxy.proxyUrl)
      await expect(client.queue.submit(O3_T2I, { input: { prompt: 'x' } })).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/access token/) })
      await expect(client.queue.status(O3_T2I, { requestId: 'req-1', logs: false })).rejects.toMatchObject({ status: 401 })
      await expect(client.storage.upload(new Blob(['x']))).rejects.toMatchObject({ status: 401 })
      expect(fal.calls).toHaveLength(0)
    })

    it('a token in the query string is not accepted', async () => {
      const res = await fetch(`${proxy.proxyUrl}?token=${TOKEN}`, { method: 'POST', headers: { 'x-fal-target-url': target }, body: '{"prompt":"x"}' })
      expect(res.status).toBe(401)
    })
  })

  it('validation happens before forwarding (422), as in offline mode', async () => {
    const client = falClientFor(proxy.proxyUrl, TOKEN)
    await expect(client.queue.submit(V3_T2I, { input: { prompt: 'x', resolution: '4K' } as never })).rejects.toMatchObject({ status: 422 })
    expect(fal.calls).toHaveLength(0)
  })

  it('an oversized JSON body is 413 and never forwarded', async () => {
    const res = await callProxy(proxy.proxyUrl, { token: TOKEN, target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'p', pad: 'x'.repeat(1_100_000) } })
    expect(res.status).toBe(413)
    expect(fal.calls).toHaveLength(0)
  })

  it('CORS preflight from Figma\'s null origin allows the client\'s headers', async () => {
    const res = await fetch(proxy.proxyUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'null',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-fal-target-url,x-fal-queue-priority,x-fal-object-lifecycle-preference'
      }
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').split(',').map((h) => h.trim())
    for (const h of ['authorization', 'content-type', 'x-fal-target-url', 'x-fal-queue-priority', 'x-fal-object-lifecycle-preference']) {
      expect(allowed).toContain(h)
    }
    expect(res.headers.get('access-control-allow-methods')).toMatch(/PUT/)
    expect(res.headers.get('access-control-allow-credentials')).toBeNull()
    expect(fal.calls).toHaveLength(0)
  })
})

describe('the key never leaves the proxy', () => {
  it('not in error bodies fal sends back, not in errors when fal is unreachable, not in any log line', async () => {
    fal.submitAnswer = () => Response.json({ detail: `Invalid key ${FAL_KEY} for this app` }, { status: 401 })
    const res = await callProxy(proxy.proxyUrl, { token: TOKEN, target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'leak?' } })
    expect(res.status).toBe(401)
    const text = await res.text()
    expect(text).toContain('[redacted]')
    expect(text).not.toContain(FAL_KEY)
    expect([...res.headers].join('\n')).not.toContain(FAL_KEY)

    fal.submitAnswer = () => {
      throw new Error(`connect ECONNREFUSED while sending Key ${FAL_KEY}`)
    }
    const down = await callProxy(proxy.proxyUrl, { token: TOKEN, target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'down' } })
    // Sent with no answer: it may have reached fal, so it is kept charged and reported as in doubt.
    expect(down.status).toBe(409)
    const downText = await down.text()
    expect(downText).toMatch(/may have reached fal/)
    expect(downText).not.toContain(FAL_KEY)

    const all = proxy.logs.join('\n')
    expect(all).toContain('ECONNREFUSED') // the error was logged…
    expect(all).not.toContain(FAL_KEY) // …without the key
    expect(all).not.toContain(TOKEN)
  })

  it('refuses to start live on a non-loopback HOST without tokens', async () => {
    await expect(startProxy({ falKey: FAL_KEY, host: '0.0.0.0', port: 0, log: () => undefined })).rejects.toThrow(/PROXY_TOKENS/)
  })

  it('refuses to start live without tokens on loopback too, saying why and how to fix it', async () => {
    // Any page can send Origin: null from a sandboxed frame of its own, so loopback alone does not guard money.
    for (const host of ['127.0.0.1', 'localhost', '::1']) {
      const start = startProxy({ falKey: FAL_KEY, host, port: 0, log: () => undefined, upstreamFetch: (i, init) => fal.fetch(i, init) })
      await expect(start).rejects.toThrow(
        `Refusing to start: FAL_KEY is set but PROXY_TOKENS is empty, even on HOST=${host}: without a token, a web page you visit could spend through this proxy. ` +
          "Make a token with `npm run token`, start with PROXY_TOKENS=<token>, and paste the token in Keyframe's Settings."
      )
    }
    expect(fal.calls).toHaveLength(0)
  })
})
