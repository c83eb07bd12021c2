// The live forwarder's own allowlist (live-handler.ts), compiled once per kind of call, is a gate of its
// own: a URL the route's classifier let through but the kind's patterns refuse never reaches fal. Here the
// forwarder is called directly, with the route's context set by hand, so the classifier is not in the way.
import { type Context, Hono } from 'hono'
import { describe, expect, it } from 'vitest'

import { FAL_APP_ID } from '../../src/kling'
import { CALLER_KEY, FAL_CALL_KEY } from '../../src/proxy/fal-route'
import { createLiveForwarder } from '../../src/proxy/live-handler'
import type { FalCall } from '../../src/proxy/target-url'

const REQUESTS = `https://queue.fal.run/${FAL_APP_ID}/requests`

function forwarderWith(call: FalCall | undefined) {
  const fetched: string[] = []
  const forward = createLiveForwarder({
    falKey: 'test-key-id:test-key-secret',
    scrub: (text) => text,
    upstreamFetch: async (input) => {
      fetched.push(String(input))
      return Response.json({ status: 'IN_QUEUE' })
    }
  })
  const app = new Hono()
  app.all('*', (c: Context) => {
    c.set(CALLER_KEY, 'caller-hash')
    if (call) c.set(FAL_CALL_KEY, call)
    return forward(c, '')
  })
  const send = (target: string, method = 'GET') => app.request('/api/fal/proxy', { method, headers: { 'x-fal-target-url': target } })
  return { send, fetched }
}

describe('live forwarder allowlist', () => {
  it("forwards a status poll whose URL its kind's patterns allow", async () => {
    const url = `${REQUESTS}/req-1/status?logs=1`
    const { send, fetched } = forwarderWith({ kind: 'status', url, requestId: 'req-1', logs: true })
    const res = await send(url)
    expect(res.status).toBe(200)
    expect(fetched).toEqual([url])
  })

  it("refuses, without fetching, a URL outside its kind's patterns (another kind's, an extra query, another host)", async () => {
    const status = { kind: 'status', url: `${REQUESTS}/req-1/status`, requestId: 'req-1', logs: false } as const
    for (const target of [`${REQUESTS}/req-1/cancel`, `${REQUESTS}/req-1/status?logs=1&x=1`, 'https://fal.run/fal-ai/kling-image/requests/req-1/status', 'not a url']) {
      const { send, fetched } = forwarderWith(status)
      const res = await send(target)
      expect(res.status, target).toBe(400)
      expect(await res.json()).toEqual({ message: 'Invalid request' })
      expect(fetched, target).toEqual([])
    }
  })

  it('refuses, without fetching, a POST to a path that is not one of the endpoints, even where the URL list allows it', async () => {
    // No call on the context: the forwarder checks against the whole list, which allows this status URL.
    const target = `${REQUESTS}/req-1/status`
    const { send, fetched } = forwarderWith(undefined)
    expect((await send(target, 'POST')).status).toBe(400)
    expect(fetched).toEqual([])
    // The same URL as a GET passes both checks.
    expect((await send(target, 'GET')).status).toBe(200)
    expect(fetched).toEqual([target])
  })
})
