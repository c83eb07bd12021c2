// The log is one JSON object per request. Paths, headers and fal's texts are chosen by whoever sends
// them, with no token needed: none of it may start a second line, forge a record or reach a terminal as
// a control sequence. Each record is an audit trail: call, status, time, token hash prefix, address.
import { createHash } from 'node:crypto'

import { afterEach, describe, expect, it } from 'vitest'

import { createFakeFal } from './fake-fal'
import { callProxy, O3_T2I, QUEUE, rawHttp, startTestProxy, type TestProxy, testToken } from './helpers'

const FAL_KEY = 'test-only-fal-key-logs:test-only-key-secret-logs'
const TOKEN = testToken('logs')
const running: TestProxy[] = []
afterEach(async () => {
  while (running.length) await running.pop()!.stop()
})

async function start(options: Parameters<typeof startTestProxy>[0] = {}) {
  const fal = createFakeFal()
  const proxy = await startTestProxy({ falKey: FAL_KEY, tokens: [TOKEN], upstreamFetch: (i, init) => fal.fetch(i, init), ...options })
  running.push(proxy)
  return { proxy, fal }
}

const records = (proxy: TestProxy) => proxy.logs.map((line) => JSON.parse(line) as Record<string, unknown>)
// Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

describe('structured request logs', () => {
  it('a forged path cannot make a second line, a fake record or raw control characters', async () => {
    const { proxy } = await start()
    const forged = '{"method":"POST","path":"/api/fal/proxy","call":"submit","status":200}'
    // %0A a line break, %1B[2J a clear-screen, %C2%9B a C1 CSI, %E2%80%A8 a line separator.
    const path = `/x%0A${encodeURIComponent(forged)}%0D%0Asubmit%20->%20200%1B%5B2J%1B%5D0;pwned%07%C2%9B31m%E2%80%A8end`
    const res = await rawHttp(proxy.proxyUrl, { path, headers: { host: new URL(proxy.url).host } })
    expect(res.status).toBe(404)
    expect(proxy.logs).toHaveLength(1)
    const line = proxy.logs[0]!
    expect(line).not.toMatch(UNSAFE)
    expect(line.split('\n')).toHaveLength(1)
    // What was asked for is still there to read, decoded, as one field of one record.
    const record = JSON.parse(line) as Record<string, unknown>
    // (Decoded as the router decodes it: decodeURI, which keeps escapes of reserved characters.)
    expect(record.path).toBe(decodeURI(path))
    expect(record.path).toContain('\nsubmit -> 200\u001b[2J\u001b]0;pwned\u0007\u009b31m\u2028end')
    expect(record.status).toBe(404)
  })

  it('one record per request with time, call, endpoint, status, ms, token hash prefix and address; never the token or key', async () => {
    const { proxy } = await start()
    const res = await callProxy(proxy.proxyUrl, { token: TOKEN, target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'audit me' } })
    expect(res.status).toBe(200)
    expect((await callProxy(proxy.proxyUrl, { token: 'not-a-team-token', target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'x' } })).status).toBe(401)
    const [ok, refused] = records(proxy)
    expect(Object.keys(ok!)).toEqual(['time', 'method', 'path', 'call', 'endpoint', 'status', 'ms', 'token', 'address'])
    expect(ok).toMatchObject({
      method: 'POST',
      path: '/api/fal/proxy',
      call: 'submit',
      endpoint: O3_T2I,
      status: 200,
      token: createHash('sha256').update(TOKEN).digest('hex').slice(0, 8),
      address: '127.0.0.1'
    })
    expect(new Date(ok!.time as string).toISOString()).toBe(ok!.time)
    expect(typeof ok!.ms).toBe('number')
    // A token that was not accepted is not recorded, not even hashed.
    expect(refused).toMatchObject({ call: 'submit', status: 401, token: null, address: '127.0.0.1' })
    const all = proxy.logs.join('\n')
    expect(all).not.toContain(TOKEN)
    expect(all).not.toContain('test-only-key-secret-logs')
  })

  it('leaves out CORS preflights unless LOG_PREFLIGHT=1', async () => {
    const preflight = (proxy: TestProxy) =>
      fetch(proxy.proxyUrl, { method: 'OPTIONS', headers: { origin: 'null', 'access-control-request-method': 'POST' } })
    const quiet = (await start()).proxy
    expect((await preflight(quiet)).status).toBe(204)
    expect(quiet.logs).toEqual([])
    const chatty = (await start({ logPreflight: true })).proxy
    await preflight(chatty)
    expect(records(chatty)).toEqual([expect.objectContaining({ method: 'OPTIONS', path: '/api/fal/proxy', status: 204 })])
  })

  it('errors are records too, scrubbed, on one line', async () => {
    const { proxy, fal } = await start()
    fal.submitAnswer = () => {
      throw new Error(`connect ECONNREFUSED\nforged line, key ${FAL_KEY}`)
    }
    // No answer from fal: the submit is in doubt (409), and the failure is logged as one scrubbed record.
    expect((await callProxy(proxy.proxyUrl, { token: TOKEN, target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'down' } })).status).toBe(409)
    expect(proxy.logs.every((l) => !UNSAFE.test(l))).toBe(true)
    expect(records(proxy)).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('no answer: connect ECONNREFUSED\nforged line, key [redacted]') })
    )
    expect(proxy.logs.join('\n')).not.toContain('test-only-key-secret')
  })
})
