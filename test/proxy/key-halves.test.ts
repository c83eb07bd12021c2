// A fal key is `id:secret`. When fal echoes only one half (in a body, a header or the status stream), that
// half must not reach the plugin either; and only the response headers the client needs are passed on.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { makeScrubber } from '../../src/proxy/scrub'
import { createFakeFal, type FakeFal } from './fake-fal'
import { callProxy, falClientFor, O3_T2I, QUEUE, startTestProxy, type TestProxy, testToken } from './helpers'

const KEY_ID = 'test-only-key-id-halves'
const KEY_SECRET = 'test-only-key-secret-halves'
const FAL_KEY = `${KEY_ID}:${KEY_SECRET}`
const TOKEN = testToken('key-halves')
const REQUEST = `${QUEUE}/fal-ai/kling-image/requests/req-9`

let proxy: TestProxy
let fal: FakeFal
beforeAll(async () => {
  fal = createFakeFal()
  proxy = await startTestProxy({ falKey: FAL_KEY, tokens: [TOKEN], upstreamFetch: (i, init) => fal.fetch(i, init) })
})
afterAll(() => proxy.stop())
beforeEach(() => {
  fal.answer = undefined
  fal.calls.length = 0
})

/** Has the proxy accept a submit fal answers with req-9, so req-9 is bound to TOKEN (status calls need that). */
async function bindRequest9(): Promise<void> {
  fal.answer = () => Response.json({ status: 'IN_QUEUE', request_id: 'req-9' }, { headers: { 'x-fal-request-id': 'req-9' } })
  const res = await callProxy(proxy.proxyUrl, { token: TOKEN, target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'bind req-9' } })
  expect(res.status).toBe(200)
  fal.answer = undefined
}

const leaky = (status: number) =>
  Response.json(
    { status: 'IN_QUEUE', request_id: 'req-9', note: `signed by ${KEY_SECRET}`, owner: `key ${KEY_ID}` },
    {
      status,
      headers: {
        'x-fal-request-id': 'req-9',
        'x-fal-debug-auth': `Key ${KEY_SECRET}`,
        'retry-after': '7',
        server: 'fal-gateway/1.2',
        'set-cookie': `fal_session=${KEY_SECRET}`,
        'access-control-allow-origin': 'https://fal.ai',
        'x-powered-by': KEY_ID
      }
    }
  )

describe('half a fal key', () => {
  it.each([
    ['an accepted submit', 200],
    ['a refused submit', 500]
  ])('in %s: neither half reaches the body or a header, and only the needed headers pass', async (_what, status) => {
    fal.answer = () => leaky(status)
    const res = await callProxy(proxy.proxyUrl, { token: TOKEN, target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'leak?' } })
    expect(res.status).toBe(status)
    const body = await res.text()
    expect(body).not.toContain(KEY_SECRET)
    expect(body).not.toContain(KEY_ID)
    expect(JSON.parse(body)).toMatchObject({ note: 'signed by [redacted]', owner: 'key [redacted]', request_id: 'req-9' })
    const headers = Object.fromEntries(res.headers)
    expect(JSON.stringify(headers)).not.toContain('test-only-key-')
    // fal's own headers that pass: what @fal-ai/client reads, and Retry-After. The rest are the proxy's own.
    expect(headers).toMatchObject({ 'content-type': 'application/json', 'x-fal-request-id': 'req-9', 'retry-after': '7', 'access-control-allow-origin': '*' })
    for (const name of ['x-fal-debug-auth', 'server', 'set-cookie', 'x-powered-by']) expect(headers[name], name).toBeUndefined()
    expect(Number(headers['content-length'])).toBe(Buffer.byteLength(body))
  })

  it('in the status stream, even split across chunks, while each event still arrives whole', async () => {
    await bindRequest9()
    const encoder = new TextEncoder()
    const half = Math.floor(KEY_SECRET.length / 2)
    // The secret is cut in two between chunks; the first event ends in the second chunk.
    const first = `data: {"status":"IN_PROGRESS","request_id":"req-9","logs":[{"message":"auth ${KEY_SECRET.slice(0, half)}`
    const second = `${KEY_SECRET.slice(half)} as ${KEY_ID}"}]}\n\n`
    const third = `data: {"status":"COMPLETED","request_id":"req-9","logs":[]}\n\n`
    fal.answer = (url) =>
      url.endsWith('/status/stream')
        ? new Response(
            new ReadableStream<Uint8Array>({
              start(controller) {
                for (const part of [first, second, third]) controller.enqueue(encoder.encode(part))
                controller.close()
              }
            }),
            { headers: { 'content-type': 'text/event-stream', 'x-fal-request-id': 'req-9' } }
          )
        : undefined
    const res = await callProxy(proxy.proxyUrl, { method: 'GET', token: TOKEN, target: `${REQUEST}/status/stream` })
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).not.toContain(KEY_SECRET.slice(0, half))
    expect(text).not.toContain(KEY_SECRET.slice(half))
    expect(text).not.toContain(KEY_ID)
    expect(text).toBe(`data: {"status":"IN_PROGRESS","request_id":"req-9","logs":[{"message":"auth [redacted] as [redacted]"}]}\n\n${third}`)
  })

  it('the real client still reads the request id and the result through the filtered headers', async () => {
    const client = falClientFor(proxy.proxyUrl, TOKEN)
    const submitted = await client.queue.submit(O3_T2I, { input: { prompt: 'still works' } })
    expect(submitted.request_id).toMatch(/^req-\d+$/)
    const result = await client.queue.result(O3_T2I, { requestId: submitted.request_id })
    expect(result.requestId).toBe(submitted.request_id)
  })

  it('scrubs each half long enough to be the key\'s, and not short pieces that would match ordinary text', () => {
    const scrub = makeScrubber([`${KEY_ID}:${KEY_SECRET}`, 'abc:def-too-short-x'])
    expect(scrub(`whole ${KEY_ID}:${KEY_SECRET} id ${KEY_ID} secret ${KEY_SECRET}`)).toBe('whole [redacted] id [redacted] secret [redacted]')
    // "abc" is under 8 characters: scrubbed only inside the whole.
    expect(scrub('abc and def-too-short-x, abc:def-too-short-x')).toBe('abc and [redacted], [redacted]')
  })
})
