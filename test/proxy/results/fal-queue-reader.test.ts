// The follower's queue reader against the fake fal: the URLs and key it uses, and how each of fal's
// answers is read.
import { describe, expect, it } from 'vitest'

import { createLiveQueueReader, NO_ANSWER } from '../../../src/proxy/results/fal-queue-reader'
import { makeScrubber } from '../../../src/proxy/scrub'
import { createFakeFal } from '../fake-fal'
import { QUEUE } from '../helpers'

const FAL_KEY = 'test-only-fal-key-reader:test-only-secret-half'
const BASE = `${QUEUE}/fal-ai/kling-image/requests`

function setup(answer?: (url: string) => Response | undefined, timeoutMs?: number) {
  const fal = createFakeFal()
  fal.answer = answer ? (url) => answer(url) : undefined
  const reader = createLiveQueueReader({ falKey: FAL_KEY, scrub: makeScrubber([FAL_KEY]), fetch: (i, init) => fal.fetch(i, init), timeoutMs })
  return { fal, reader }
}

describe('fal queue reader (live)', () => {
  it('reads status and result at fal-ai/kling-image/requests/{id}, with the server key', async () => {
    const { fal, reader } = setup()
    expect(await reader.status('req-7')).toEqual({ kind: 'completed' })
    const result = await reader.result('req-7')
    expect(result.kind).toBe('result')
    expect(result.kind === 'result' && JSON.parse(result.body).images[0].url).toBe('https://v3.fal.media/files/out.png')
    expect(fal.calls.map((c) => `${c.method} ${c.url}`)).toEqual([`GET ${BASE}/req-7/status`, `GET ${BASE}/req-7`])
    for (const call of fal.calls) expect(call.headers.authorization).toBe(`Key ${FAL_KEY}`)
  })

  it('reads 202 IN_QUEUE and IN_PROGRESS as running', async () => {
    for (const state of ['IN_QUEUE', 'IN_PROGRESS'] as const) {
      const { reader } = setup(() => Response.json({ status: state, request_id: 'req-1', queue_position: 0 }, { status: 202 }))
      expect(await reader.status('req-1')).toEqual({ kind: 'running', state })
    }
  })

  it("reads a completed request's error", async () => {
    const { reader } = setup(() => Response.json({ status: 'COMPLETED', error: 'Runner disconnected', error_type: 'runner_disconnected' }))
    expect(await reader.status('req-1')).toEqual({ kind: 'completed', error: 'Runner disconnected', errorType: 'runner_disconnected' })
  })

  it('reads 404 as gone, for status and result', async () => {
    const { reader } = setup(() => Response.json({ detail: 'Request not found' }, { status: 404 }))
    expect(await reader.status('req-1')).toEqual({ kind: 'gone' })
    expect(await reader.result('req-1')).toEqual({ kind: 'gone' })
  })

  it('reads 5xx, 429, 401 and unreadable bodies as unavailable, with the status', async () => {
    for (const status of [500, 503, 429, 401]) {
      const { reader } = setup(() => Response.json({ detail: 'nope' }, { status }))
      expect(await reader.status('req-1')).toEqual({ kind: 'unavailable', status })
      expect(await reader.result('req-1')).toEqual({ kind: 'unavailable', status })
    }
    const { reader } = setup(() => new Response('<html>gateway</html>', { status: 200 }))
    expect(await reader.status('req-1')).toEqual({ kind: 'unavailable', status: 200 })
  })

  it("keeps a 422 result (the request's own failure) as its result", async () => {
    const body = JSON.stringify({ detail: [{ loc: ['body', 'prompt'], msg: 'too long', type: 'value_error' }] })
    const { reader } = setup(() => new Response(body, { status: 422 }))
    expect(await reader.result('req-1')).toEqual({ kind: 'result', status: 422, body })
  })

  it('answers unavailable (no answer) on a network error or when fal does not answer in time', async () => {
    const { reader } = setup(() => {
      throw new TypeError('fetch failed')
    })
    expect(await reader.status('req-1')).toEqual({ kind: 'unavailable', status: NO_ANSWER })
    const hanging = createLiveQueueReader({
      falKey: FAL_KEY,
      scrub: (t) => t,
      timeoutMs: 20,
      fetch: (_i, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))
    })
    expect(await hanging.result('req-1')).toEqual({ kind: 'unavailable', status: NO_ANSWER })
  })

  it('scrubs the key, whole or either half, from a result body fal echoes it in', async () => {
    const { reader } = setup(() => Response.json({ images: [], note: `key ${FAL_KEY} and half test-only-secret-half` }))
    const result = await reader.result('req-1')
    expect(result.kind === 'result' && result.body).not.toContain('test-only-secret-half')
    expect(result.kind === 'result' && result.body).toContain('[redacted]')
  })

  it('refuses a request id that is not one, before calling fal', async () => {
    const { fal, reader } = setup()
    await expect(reader.status('../../other-app/requests/x')).rejects.toThrow('is not a fal request id')
    expect(fal.calls).toHaveLength(0)
  })
})
