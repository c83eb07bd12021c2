// DNS rebinding and cross-site pages. A request must name one of the proxy's own hosts (else 421, in
// every mode and on every route), and a proxy without tokens (offline only: live mode refuses to start
// without them) answers only callers that send no Origin or Figma's `null` one (else 403, preflight
// included). With tokens, the token decides and CORS stays `*`.
import { networkInterfaces } from 'node:os'

import { afterEach, describe, expect, it } from 'vitest'

import { createFakeFal } from './fake-fal'
import { O3_T2I, offlineRequests, QUEUE, rawHttp, startTestProxy, type TestProxy, testToken } from './helpers'

const FAL_KEY = 'test-only-fal-key-host-origin'
const TOKEN = testToken('host-origin')
const SUBMIT = `${QUEUE}/${O3_T2I}`
const JOB = JSON.stringify({ prompt: 'nine posters', result_type: 'series', series_amount: 9, resolution: '4K' })

const running: TestProxy[] = []
afterEach(async () => {
  while (running.length) await running.pop()!.stop()
})

async function start(options: Parameters<typeof startTestProxy>[0] = {}) {
  const fal = createFakeFal()
  const proxy = await startTestProxy({ upstreamFetch: (i, init) => fal.fetch(i, init), ...options })
  running.push(proxy)
  return { proxy, fal, port: new URL(proxy.url).port }
}

const submitAs = (proxy: TestProxy, headers: Record<string, string>, body = JOB) =>
  rawHttp(proxy.proxyUrl, { method: 'POST', path: '/api/fal/proxy', headers: { 'content-type': 'application/json', 'x-fal-target-url': SUBMIT, ...headers }, body })
/** A small job for the offline proxy, which renders what it is sent. */
const SMALL_JOB = JSON.stringify({ prompt: 'one poster' })

describe('Host must be one of the proxy\'s names', () => {
  it('a rebinding page on a live proxy is refused with 421 before anything reaches fal, even with a right token', async () => {
    const { proxy, fal, port } = await start({ falKey: FAL_KEY, tokens: [TOKEN] })
    const authorization = `Bearer ${TOKEN}`
    const res = await submitAs(proxy, { host: `rebind.evil.example:${port}`, authorization })
    expect(res.status).toBe(421)
    expect(JSON.parse(res.body)).toEqual({
      message:
        `This proxy was reached as rebind.evil.example:${port}, which is not one of its names (localhost:${port}). ` +
        'Use the address printed at start-up, or set PUBLIC_URL to the address the plugin uses.'
    })
    expect(fal.calls).toHaveLength(0)
    // The same request under the proxy's own name goes through.
    expect((await submitAs(proxy, { host: `localhost:${port}`, authorization })).status).toBe(200)
    expect(fal.calls).toHaveLength(1)
  })

  it('every route checks it, offline too', async () => {
    const { proxy, port } = await start()
    for (const [method, path] of [
      ['GET', '/healthz'],
      ['GET', '/__offline/requests'],
      ['POST', '/__offline/reset'],
      ['PUT', `/api/fal/upload/${'a'.repeat(43)}`],
      ['GET', '/no-such-route']
    ] as const) {
      const res = await rawHttp(proxy.proxyUrl, { method, path, headers: { host: `rebind.evil.example:${port}` } })
      expect(res.status, path).toBe(421)
    }
    expect((await rawHttp(proxy.proxyUrl, { path: '/healthz', headers: { host: `localhost:${port}` } })).status).toBe(200)
  })

  // A Host with userinfo or a path never reaches our code: the Node adapter cannot build a URL from it (400).
  it.each([
    ['another port', (port: string) => `localhost:${Number(port) + 1}`, 421],
    ['no port', () => 'localhost', 421],
    ['userinfo', (port: string) => `evil.example@localhost:${port}`, 400],
    ['a path', (port: string) => `localhost:${port}/x`, 400],
    ['a trailing dot', (port: string) => `localhost.:${port}`, 421],
    ['an address of this machine (bound to loopback only)', (port: string) => `${lanAddress() ?? '192.0.2.7'}:${port}`, 421]
  ])('refuses a loopback proxy reached with %s', async (_what, host, status) => {
    const { proxy, port } = await start()
    expect((await rawHttp(proxy.proxyUrl, { path: '/healthz', headers: { host: host(port) } })).status).toBe(status)
  })

  it.each([['localhost'], ['127.0.0.1'], ['[::1]'], ['LOCALHOST']])('accepts %s with its port', async (name) => {
    const { proxy, port } = await start()
    expect((await rawHttp(proxy.proxyUrl, { path: '/healthz', headers: { host: `${name}:${port}` } })).status).toBe(200)
  })

  it('accepts PUBLIC_URL\'s host (with or without its port), and only that besides loopback', async () => {
    const { proxy } = await start({ falKey: FAL_KEY, tokens: [TOKEN], publicUrl: 'https://keyframe-proxy.example.com' })
    const health = (host: string) => rawHttp(proxy.proxyUrl, { path: '/healthz', headers: { host } }).then((r) => r.status)
    expect(await health('keyframe-proxy.example.com')).toBe(200)
    expect(await health('keyframe-proxy.example.com:443')).toBe(200)
    expect(await health('keyframe-proxy.example.com:8443')).toBe(421)
    expect(await health('keyframe-proxy.example.com.evil.example')).toBe(421)
  })

  it('bound to every interface, accepts this machine\'s own addresses with the port', async () => {
    // Reachable from other machines, so it needs tokens (offline too); /healthz asks for none.
    const { proxy, port } = await start({ host: '0.0.0.0', tokens: [testToken('lan')] })
    const health = (host: string) => rawHttp(proxy.proxyUrl, { path: '/healthz', headers: { host } }).then((r) => r.status)
    const lan = lanAddress()
    if (lan) expect(await health(`${lan}:${port}`)).toBe(200)
    expect(await health(`localhost:${port}`)).toBe(200)
    expect(await health(`rebind.evil.example:${port}`)).toBe(421)
  })
})

describe('Origin, when the (offline) proxy has no tokens', () => {
  it('a page on another site cannot submit, nor pass the preflight', async () => {
    const { proxy, port } = await start()
    const host = `localhost:${port}`
    const preflight = await rawHttp(proxy.proxyUrl, {
      method: 'OPTIONS',
      path: '/api/fal/proxy',
      headers: { host, origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-fal-target-url' }
    })
    expect(preflight.status).toBe(403)
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
    const res = await submitAs(proxy, { host, origin: 'https://evil.example' }, SMALL_JOB)
    expect(res.status).toBe(403)
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    expect((JSON.parse(res.body) as { message: string }).message).toBe(
      'This proxy has no access tokens, so it answers only the Keyframe plugin and tools that send no Origin; ' +
        'a web page at "https://evil.example" may not use it. To let pages in, set PROXY_TOKENS and have them send a token.'
    )
    // Even a page on another port of this machine.
    expect((await submitAs(proxy, { host, origin: 'http://localhost:3000' }, SMALL_JOB)).status).toBe(403)
    expect(await offlineRequests(proxy.url)).toHaveLength(0)
  })

  it("Figma's plugin iframe (Origin: null) and tools without an Origin are answered", async () => {
    const { proxy, port } = await start()
    const host = `localhost:${port}`
    const preflight = await rawHttp(proxy.proxyUrl, {
      method: 'OPTIONS',
      path: '/api/fal/proxy',
      headers: { host, origin: 'null', 'access-control-request-method': 'POST' }
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe('*')
    const fromPlugin = await submitAs(proxy, { host, origin: 'null' }, SMALL_JOB)
    expect(fromPlugin.status).toBe(200)
    expect(fromPlugin.headers['access-control-allow-origin']).toBe('*')
    expect((await submitAs(proxy, { host }, SMALL_JOB)).status).toBe(200)
    expect(await offlineRequests(proxy.url)).toHaveLength(2)
  })

  it('with tokens, any origin may call with a token, and CORS stays *', async () => {
    const { proxy, port } = await start({ falKey: FAL_KEY, tokens: [TOKEN] })
    const res = await submitAs(proxy, { host: `localhost:${port}`, origin: 'https://design-tools.example', authorization: `Bearer ${TOKEN}` })
    expect(res.status).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBe('*')
  })
})

/** A non-loopback IPv4 address of this machine, if it has one. */
function lanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) for (const net of list ?? []) if (net.family === 'IPv4' && !net.internal) return net.address
  return undefined
}
