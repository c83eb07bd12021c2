// The fal route's JSON body limit through the real server, where the body is read straight from the Node
// request (read-body.ts): a chunked body with no length is cut at the limit (413, nothing forwarded, nothing
// charged), and one within it arrives whole, byte for byte, across many chunks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createFakeFal, type FakeFal } from './fake-fal'
import { O3_T2I, QUEUE, startTestProxy, type TestProxy, testToken } from './helpers'

const FAL_KEY = 'test-only-fal-key-json-body-limit'
const TOKEN = testToken('dana-token-7b3f1e')
const MAX_JSON_BYTES = 16 * 1024

let proxy: TestProxy
let fal: FakeFal

beforeAll(async () => {
  fal = createFakeFal()
  proxy = await startTestProxy({ falKey: FAL_KEY, tokens: [TOKEN], maxJsonBytes: MAX_JSON_BYTES, upstreamFetch: (i, init) => fal.fetch(i, init) })
})
afterAll(async () => {
  await proxy.stop()
})

/** `text` sent in chunks of `size` bytes, as a stream, so the request has no Content-Length. */
function chunked(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text)
  let at = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(at, at + size))
      at += size
    }
  })
}

function submit(body: ReadableStream<Uint8Array>, job: string): Promise<Response> {
  return fetch(proxy.proxyUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'x-fal-target-url': `${QUEUE}/${O3_T2I}`, 'x-keyframe-job': job },
    body,
    duplex: 'half'
  } as RequestInit)
}

describe('a submit body sent in chunks, with no length', () => {
  it('over the limit: 413 naming it, not charged, and fal is never called', async () => {
    const before = fal.calls.length
    const res = await submit(chunked(JSON.stringify({ prompt: 'x'.repeat(4 * MAX_JSON_BYTES) }), 1024), 'too-large-1')
    expect(res.status).toBe(413)
    const body = (await res.json()) as { message: string; keyframe_charge: string }
    expect(body.message).toBe(`The request body is larger than this proxy accepts (${MAX_JSON_BYTES} bytes).`)
    expect(body.keyframe_charge).toBe('none')
    expect(fal.calls.length).toBe(before)
  })

  it('within the limit: forwarded whole, with every chunk in order', async () => {
    const prompt = Array.from({ length: 120 }, (_, i) => `shot ${i};`).join(' ')
    const res = await submit(chunked(JSON.stringify({ prompt }), 97), 'within-limit-1')
    expect(res.status).toBe(200)
    const forwarded = fal.calls.at(-1)
    expect(JSON.parse(String(forwarded?.body)).prompt).toBe(prompt)
  })
})
