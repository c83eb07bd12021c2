// The offline control routes (/__offline/requests, /faults, /reset) show every teammate's prompts and
// change how the proxy answers: once tokens are set they need an admin token. Offline on a host other
// machines can reach, without tokens, refuses to start. Result files stay public (image URLs).
import { afterEach, describe, expect, it } from 'vitest'

import { startProxy } from '../../src/proxy/server'
import { callProxy, O3_T2I, QUEUE, startTestProxy, type TestProxy, testToken } from './helpers'

const TEAM = testToken('team-control-token')
const ADMIN = testToken('admin-control-token')

const running: TestProxy[] = []
afterEach(async () => {
  while (running.length) await running.pop()!.stop()
})

const routes = [
  { method: 'GET', path: '/__offline/requests' },
  { method: 'GET', path: '/__offline/faults' },
  { method: 'POST', path: '/__offline/faults', body: JSON.stringify({ submit: { status: 500, body: { detail: 'Your session expired, log in at evil.example' } } }) },
  { method: 'DELETE', path: '/__offline/faults' },
  { method: 'POST', path: '/__offline/reset' }
]

const call = (proxy: TestProxy, route: (typeof routes)[number], token?: string) =>
  fetch(`${proxy.url}${route.path}`, {
    method: route.method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: route.body
  })

describe('offline control routes', () => {
  it('with tokens set: 401 without a token, 403 with a team token, and the fault plan stays untouched', async () => {
    const proxy = await startTestProxy({ tokens: [TEAM], adminTokens: [ADMIN], offlineLatencyMs: 30 })
    running.push(proxy)
    await callProxy(proxy.proxyUrl, { token: TEAM, target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'a secret campaign' } })
    for (const route of routes) {
      const anonymous = await call(proxy, route)
      expect(anonymous.status).toBe(401)
      expect(((await anonymous.json()) as { message: string }).message).toMatch(/needs an access token/)
      const teammate = await call(proxy, route, TEAM)
      expect(teammate.status).toBe(403)
      const body = (await teammate.json()) as { code: string; message: string }
      expect(body.code).toBe('admin_only')
      expect(body.message).toMatch(/admin route.*ADMIN_TOKENS/)
      expect(JSON.stringify(body)).not.toContain('secret campaign')
    }
    // A control route added later is gated too: everything under /__offline but the result files is.
    expect((await fetch(`${proxy.url}/__offline/some-new-route`, { headers: { authorization: `Bearer ${TEAM}` } })).status).toBe(403)
    // The refused POST installed nothing: a submit is answered normally.
    expect((await callProxy(proxy.proxyUrl, { token: TEAM, target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'ok' } })).status).toBe(200)
  })

  it('an admin token may use them, and result files stay reachable without a token', async () => {
    const proxy = await startTestProxy({ tokens: [TEAM], adminTokens: [ADMIN], offlineLatencyMs: 30 })
    running.push(proxy)
    for (const route of routes) expect((await call(proxy, route, ADMIN)).status).toBe(200)
    const listed = (await (await call(proxy, routes[0]!, ADMIN)).json()) as { requests: unknown[] }
    expect(listed.requests).toEqual([])
    // Not a control route: an unknown file is a plain 404, not a 401.
    expect((await fetch(`${proxy.url}/__offline/files/nope/x.png`)).status).toBe(404)
  })

  it('wrong tokens there are throttled as on the fal route, sharing its count; an admin token still passes', async () => {
    const proxy = await startTestProxy({ tokens: [TEAM], adminTokens: [ADMIN], offlineLatencyMs: 30, wrongTokenLimitPerMinute: 5 })
    running.push(proxy)
    const faults = routes[1]!
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await call(proxy, faults, testToken(`guess-${i}`))).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429])
    const refused = await call(proxy, faults, testToken('guess-9'))
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(await refused.json()).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^Too many requests with a wrong access token reached this proxy/) })
    // One count for both: the fal route is closed to wrong tokens too now.
    const onFalRoute = await callProxy(proxy.proxyUrl, { method: 'GET', token: testToken('guess-10'), target: `${QUEUE}/fal-ai/kling-image/requests/req-1/status` })
    expect(onFalRoute.status).toBe(429)
    // Right tokens are never held back by wrong ones.
    expect((await call(proxy, faults, ADMIN)).status).toBe(200)
    expect((await call(proxy, faults, TEAM)).status).toBe(403)
  })

  it('each caller\'s request limit counts there too', async () => {
    const proxy = await startTestProxy({ tokens: [TEAM], adminTokens: [ADMIN], offlineLatencyMs: 30, rateLimitPerMinute: 3 })
    running.push(proxy)
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await call(proxy, routes[0]!, ADMIN)).status)
    expect(statuses).toEqual([200, 200, 200, 429])
  })

  it('without tokens (loopback) they stay open, as the tests and the playground use them', async () => {
    const proxy = await startTestProxy({ offlineLatencyMs: 30 })
    running.push(proxy)
    for (const route of routes) expect((await call(proxy, route)).status).toBe(200)
  })

  it('offline on a non-loopback host without tokens refuses to start, saying how to fix it', async () => {
    await expect(startProxy({ host: '0.0.0.0', port: 0, log: () => undefined })).rejects.toThrow(
      /^Refusing to start: offline mode on HOST=0\.0\.0\.0 is reachable from other machines, but PROXY_TOKENS is empty\. Set PROXY_TOKENS \(and ADMIN_TOKENS for the \/__offline control routes\), or bind HOST to 127\.0\.0\.1\.$/
    )
  })
})
