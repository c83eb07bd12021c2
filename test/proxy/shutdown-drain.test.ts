// Clean shutdown (RunningProxy.close(), which SIGTERM runs): no new connections, a submit being forwarded
// to fal gets its answer and is recorded, idle and streaming connections are closed, and past the grace
// period whatever is still in flight is cut so a deploy never hangs.
import { request } from 'node:http'

import { afterEach, describe, expect, it } from 'vitest'

import { createFakeFal } from './fake-fal'
import { callProxy, JOB_HEADER, ledgerLines, O3_T2I, QUEUE, startTestProxy, type TestProxy, testToken } from './helpers'

const FAL_KEY = 'test-only-fal-key-shutdown'
const ALICE = testToken('alice-shutdown')
const SUBMIT = `${QUEUE}/${O3_T2I}`

const running: TestProxy[] = []
afterEach(async () => {
  while (running.length) await running.pop()!.stop()
})

/** A live proxy whose fake fal holds every submit until `release()`; `submitted` settles when one arrives. */
async function liveProxyWithHeldSubmits(options: Parameters<typeof startTestProxy>[0] = {}) {
  const fal = createFakeFal()
  let arrived!: () => void
  const submitted = new Promise<void>((r) => (arrived = r))
  let release!: () => void
  const released = new Promise<void>((r) => (release = r))
  const proxy = await startTestProxy({
    falKey: FAL_KEY,
    tokens: [`alice:${ALICE}`],
    upstreamFetch: async (input, init) => {
      if ((init?.method ?? 'GET') === 'POST' && String(input).startsWith(SUBMIT)) {
        arrived()
        await released
      }
      return fal.fetch(input, init)
    },
    ...options
  })
  return { proxy, fal, submitted, release }
}

const submit = (proxy: TestProxy, job: string) => callProxy(proxy.proxyUrl, { target: SUBMIT, body: { prompt: 'in flight at shutdown' }, token: ALICE, headers: { [JOB_HEADER]: job } })

/** One GET on a fresh connection: resolves with the status, rejects when the connection is refused. */
function freshGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

const records = (proxy: TestProxy) => proxy.logs.map((l) => JSON.parse(l) as Record<string, unknown>)

describe('shutdown', () => {
  it('a submit in flight when close() is called is answered and recorded; new connections are refused meanwhile', async () => {
    const { proxy, fal, submitted, release } = await liveProxyWithHeldSubmits()
    const answer = submit(proxy, 'job-at-shutdown')
    await submitted
    let closed = false
    const closing = proxy.close().then(() => (closed = true))
    // Stopped accepting: a new connection is refused while the submit is still held.
    await expect(freshGet(`${proxy.url}/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    expect(closed).toBe(false)
    release()
    const res = await answer
    expect(res.status).toBe(200)
    const { request_id } = (await res.json()) as { request_id: string }
    expect(request_id).toEqual(expect.any(String))
    await closing
    expect(fal.calls.filter((c) => c.method === 'POST')).toHaveLength(1)
    expect(ledgerLines(proxy.dataDir, 'ledger', 'reserve')).toHaveLength(1)
    expect(records(proxy)).toContainEqual(expect.objectContaining({ event: 'shutdown_drained' }))
    // The log names the token's label, never the token.
    expect(records(proxy)).toContainEqual(expect.objectContaining({ call: 'submit', status: 200, label: 'alice' }))
    expect(proxy.logs.join('\n')).not.toContain(ALICE)

    // Recorded: a proxy started on the same DATA_DIR answers the resend from memory, without forwarding it.
    const again = await startTestProxy({ dataDir: proxy.dataDir, falKey: FAL_KEY, tokens: [ALICE], upstreamFetch: (i, init) => fal.fetch(i, init) })
    running.push(again)
    const resent = await submit(again, 'job-at-shutdown')
    expect(resent.status).toBe(200)
    expect(((await resent.json()) as { request_id: string }).request_id).toBe(request_id)
    expect(fal.calls.filter((c) => c.method === 'POST')).toHaveLength(1)
  })

  it('past the grace period a request still in flight is cut and close() still ends', async () => {
    const { proxy, submitted, release } = await liveProxyWithHeldSubmits({ shutdownGraceMs: 100 })
    const answer = submit(proxy, 'job-cut-at-shutdown').then(
      (r) => r.status,
      (e: unknown) => e
    )
    await submitted
    await proxy.close()
    // The caller saw its connection cut rather than an answer: its resend (same job id) is how it recovers.
    expect(await answer).toBeInstanceOf(Error)
    expect(records(proxy)).toContainEqual(expect.objectContaining({ event: 'shutdown_grace_expired', cut: 1 }))
    release()
  })

  it('an idle keep-alive connection and an open status stream do not hold close() up', async () => {
    const proxy = await startTestProxy({ tokens: [ALICE], offlineLatencyMs: 60_000, shutdownGraceMs: 60_000 })
    const res = await callProxy(proxy.proxyUrl, { target: SUBMIT, body: { prompt: 'streamed' }, token: ALICE })
    const { request_id } = (await res.json()) as { request_id: string }
    const stream = await callProxy(proxy.proxyUrl, { method: 'GET', target: `${QUEUE}/fal-ai/kling-image/requests/${request_id}/status/stream`, token: ALICE })
    expect(stream.headers.get('content-type')).toContain('text/event-stream')
    const reading = stream.body!.getReader().read()
    // With a 60 s grace, only the drain closing these connections lets close() end within the test's timeout.
    await proxy.close()
    await reading.catch(() => undefined)
    expect(records(proxy)).toContainEqual(expect.objectContaining({ event: 'shutdown_drained' }))
  })
})
