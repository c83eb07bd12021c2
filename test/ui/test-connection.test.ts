// Settings' Test connection and the header's usage read, against the real proxy (offline mode, with and
// without tokens), an address nothing listens on, and an origin this build may not reach.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { readUsage, UsageError, proxyRouteUrl } from '../../src/ui/usage/read-usage'
import { testConnection } from '../../src/ui/usage/test-connection'
import { startTestProxy, type TestProxy, testToken } from '../proxy/helpers'

const TOKEN = testToken('connection-test')
let open: TestProxy
let guarded: TestProxy
const allowedFor = (p: TestProxy) => [p.origin]

beforeAll(async () => {
  open = await startTestProxy({ name: 'Studio offline' })
  guarded = await startTestProxy({ tokens: [TOKEN], budgetUsdPerDay: 20 })
})
afterAll(async () => {
  await open.stop()
  await guarded.stop()
})

describe('testConnection', () => {
  it('an offline proxy: placeholder images, nothing billed, with its name', async () => {
    const result = await testConnection({ proxyUrl: open.proxyUrl, token: '' }, allowedFor(open))
    expect(result).toMatchObject({ ok: true, message: 'Offline proxy to Studio offline: placeholder images, nothing billed.', spend: 'Today: nothing yet.' })
  })

  it('the right token on a proxy with tokens', async () => {
    const result = await testConnection({ proxyUrl: guarded.proxyUrl, token: TOKEN }, allowedFor(guarded))
    expect(result).toMatchObject({ ok: true, message: 'Offline proxy: placeholder images, nothing billed.' })
  })

  it('a wrong token: 401 and the proxy\'s own advice', async () => {
    const result = await testConnection({ proxyUrl: guarded.proxyUrl, token: 'not-the-token' }, allowedFor(guarded))
    expect(result).toEqual({ ok: false, message: 'Token not accepted (401): The access token was not accepted. Check the token in the plugin settings, or ask your admin for a new one.' })
  })

  it('an origin this build may not reach: the origin check\'s message, and nothing is fetched', async () => {
    let fetched = 0
    const result = await testConnection({ proxyUrl: open.proxyUrl, token: '' }, ['https://proxy.example.com'], (async () => (fetched++, new Response())) as typeof fetch)
    expect(result.ok).toBe(false)
    expect(result.message).toMatch(/^This build of Keyframe can't reach http:\/\/localhost:\d+: Figma only lets a plugin talk to the hosts its manifest lists \(https:\/\/proxy\.example\.com\)/)
    expect(fetched).toBe(0)
  })

  it('nothing listening: not reachable', async () => {
    const result = await testConnection({ proxyUrl: 'http://localhost:9/api/fal/proxy', token: '' }, ['http://localhost:9'])
    expect(result).toEqual({ ok: false, message: "Can't reach the proxy at http://localhost:9. Is it running (npm start for the local one), and is the URL right?" })
  })
})

describe('readUsage', () => {
  it('reads mode and spend; refuses an answer that is not a Keyframe usage answer', async () => {
    expect(await readUsage({ proxyUrl: open.proxyUrl, token: '' })).toMatchObject({ mode: 'offline', name: 'Studio offline', today: { spentUsd: 0, budgetUsd: null } })
    const notKeyframe = (async () => Response.json({ hello: 'world' })) as typeof fetch
    await expect(readUsage({ proxyUrl: open.proxyUrl, token: '' }, notKeyframe)).rejects.toThrow(new UsageError('answer', "The proxy's usage answer could not be read: is this URL a Keyframe proxy?"))
    const old = (async () => Response.json({ message: 'Not found' }, { status: 404 })) as typeof fetch
    await expect(readUsage({ proxyUrl: open.proxyUrl, token: '' }, old)).rejects.toThrow(/no usage route \(404\): it is older than this plugin/)
  })

  it('keeps a path prefix in front of the fal route', () => {
    expect(proxyRouteUrl('https://tools.example.com/keyframe/api/fal/proxy', '/api/keyframe/usage')).toBe('https://tools.example.com/keyframe/api/keyframe/usage')
    expect(proxyRouteUrl('http://localhost:8787/api/fal/proxy', '/healthz')).toBe('http://localhost:8787/healthz')
    expect(() => proxyRouteUrl('ftp://x', '/healthz')).toThrow(/is not a proxy address/)
  })
})
