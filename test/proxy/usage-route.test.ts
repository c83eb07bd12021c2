// GET /api/keyframe/usage through the real server: the mode, the proxy's name and today's spend for the
// caller's own token, behind the same gate as the fal route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { readFileSync } from 'node:fs'

import { hashToken } from '../../src/proxy/auth'
import { resolveOptions } from '../../src/proxy/config'
import { falClientFor, O3_T2I, rawHttp, startTestProxy, type TestProxy, testToken } from './helpers'

const ALICE = testToken('usage-alice')
const BOB = testToken('usage-bob')
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
let proxy: TestProxy
let usageUrl: string

function usage(token?: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(usageUrl, { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } })
}

beforeAll(async () => {
  proxy = await startTestProxy({ tokens: [ALICE, BOB], budgetUsdPerDay: 1, teamBudgetUsdPerDay: 3, name: 'Acme studio', offlineLatencyMs: 30 })
  usageUrl = `${proxy.url}/api/keyframe/usage`
})
afterAll(() => proxy.stop())

describe('usage endpoint', () => {
  it('answers the mode, the name, and zero spend before any job, with the day in UTC', async () => {
    const res = await usage(ALICE)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.json()).toEqual({
      mode: 'offline',
      name: 'Acme studio',
      version: VERSION,
      today: { spentUsd: 0, budgetUsd: 1, teamSpentUsd: 0, teamBudgetUsd: 3, remainingUsd: 1 },
      day: new Date().toISOString().slice(0, 10)
    })
  })

  it("shows the caller's own spend, and only the team's total of anyone else's", async () => {
    await falClientFor(proxy.proxyUrl, ALICE).subscribe(O3_T2I, { input: { prompt: 'one' }, pollInterval: 20 })
    const alice = (await (await usage(ALICE)).json()) as { today: Record<string, number> }
    const bob = (await (await usage(BOB)).json()) as { today: Record<string, number> }
    expect(alice.today).toEqual({ spentUsd: 0.028, budgetUsd: 1, teamSpentUsd: 0.028, teamBudgetUsd: 3, remainingUsd: 0.972 })
    expect(bob.today).toEqual({ spentUsd: 0, budgetUsd: 1, teamSpentUsd: 0.028, teamBudgetUsd: 3, remainingUsd: 1 })
  })

  it('its log line names the caller (by token hash), as the fal route\'s do, and never the token', async () => {
    const before = proxy.logs.length
    await usage(BOB)
    const lines = proxy.logs.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.path === '/api/keyframe/usage')
    expect(lines).toHaveLength(1)
    expect(typeof lines[0]!.token).toBe('string')
    expect(JSON.stringify(lines)).not.toContain(BOB)
  })

  it('401 with the fal route\'s message for no token or a wrong one, and nothing about spend', async () => {
    for (const token of [undefined, 'wrong-token']) {
      const res = await usage(token)
      expect(res.status).toBe(401)
      const body = (await res.json()) as Record<string, unknown>
      expect(body.message).toMatch(token ? /The access token was not accepted/ : /needs an access token/)
      expect(Object.keys(body)).toEqual(['message'])
    }
  })

  it('a Host that is not one of the proxy\'s names is refused before the token is looked at', async () => {
    const port = new URL(proxy.url).port
    const res = await rawHttp(usageUrl, { path: '/api/keyframe/usage', headers: { host: `rebind.evil.example:${port}`, authorization: `Bearer ${ALICE}` } })
    expect(res.status).toBe(421)
    expect(res.body).not.toContain('spentUsd')
  })

  it('is readable from the plugin iframe (Origin: null) with CORS', async () => {
    const res = await usage(ALICE, { origin: 'null' })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
  })
})

describe('usage without tokens or budgets', () => {
  it('says null for budgets that are not set and leaves the name out; a web page is refused (403)', async () => {
    const open = await startTestProxy()
    try {
      const url = `${open.url}/api/keyframe/usage`
      const body = (await (await fetch(url)).json()) as Record<string, unknown>
      // No team budget: the team's total is nobody's business here.
      expect(body).toEqual({ mode: 'offline', version: VERSION, today: { spentUsd: 0, budgetUsd: null, teamBudgetUsd: null, remainingUsd: null }, day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) })
      const page = await fetch(url, { headers: { origin: 'https://evil.example' } })
      expect(page.status).toBe(403)
      expect(((await page.json()) as { message: string }).message).toMatch(/a web page at "https:\/\/evil\.example" may not use it/)
    } finally {
      await open.stop()
    }
  })
})

describe('PROXY_NAME', () => {
  it('refuses a name too long for the header, or with control characters, naming the setting', () => {
    expect(() => resolveOptions({ name: 'x'.repeat(41) })).toThrow(/PROXY_NAME must be a short name for this proxy \(at most 40 characters/)
    expect(() => resolveOptions({ name: 'a\nb' })).toThrow(/PROXY_NAME must be a short name/)
    // A right-to-left override, a C1 control, and a name of nothing visible.
    for (const name of ['Acme \u202estudio', 'Acme\u0085', '\u200b']) expect(() => resolveOptions({ name })).toThrow(/PROXY_NAME must be a short name/)
    expect(resolveOptions({ name: '  Acme  ' }).name).toBe('Acme')
  })
})

describe("the admin's usage view (file store)", () => {
  const ADMIN = testToken('usage-admin')
  const CAROL = testToken('usage-carol')
  const DAVE = testToken('usage-dave')
  const today = new Date().toISOString().slice(0, 10)
  let team: TestProxy

  beforeAll(async () => {
    // Carol and the admin are labelled; Dave is not, so he is named by his hash prefix as in the logs.
    team = await startTestProxy({ tokens: [`carol:${CAROL}`, DAVE], adminTokens: [`boss:${ADMIN}`], budgetUsdPerDay: 1, offlineLatencyMs: 0 })
    await falClientFor(team.proxyUrl, CAROL).queue.submit(O3_T2I, { input: { prompt: 'c1' } })
    await falClientFor(team.proxyUrl, CAROL).queue.submit(O3_T2I, { input: { prompt: 'c2' } })
    await falClientFor(team.proxyUrl, DAVE).queue.submit(O3_T2I, { input: { prompt: 'd1', num_images: 2 } })
  })
  afterAll(() => team.stop())

  const ask = (token: string, query = '') => fetch(`${team.url}/api/keyframe/usage${query}`, { headers: { authorization: `Bearer ${token}` } })

  it('gives an admin every token\'s spend today, by label or hash prefix, never the token', async () => {
    const res = await ask(ADMIN)
    expect(res.status).toBe(200)
    const text = await res.text()
    const body = JSON.parse(text) as { version: string; spendByToken: { from: string; to: string; rows: Record<string, unknown>[] } }
    expect(body.version).toBe(VERSION)
    expect(body.spendByToken.from).toBe(today)
    expect(body.spendByToken.to).toBe(today)
    expect(body.spendByToken.rows).toHaveLength(2)
    expect(body.spendByToken.rows).toEqual(
      expect.arrayContaining([
        { day: today, token: 'carol', labelled: true, spentUsd: 0.056, jobs: 2 },
        { day: today, token: hashToken(DAVE).slice(0, 8), labelled: false, spentUsd: 0.056, jobs: 1 }
      ])
    )
    for (const secret of [CAROL, DAVE, ADMIN, hashToken(DAVE), hashToken(CAROL)]) expect(text).not.toContain(secret)
  })

  it('takes a range of days up to 31, and refuses a longer, reversed or malformed one (400, naming the fix)', async () => {
    const ranged = (await (await ask(ADMIN, `?from=2026-01-01&to=2026-01-31`)).json()) as { spendByToken: { from: string; to: string; rows: unknown[] } }
    expect(ranged.spendByToken).toEqual({ from: '2026-01-01', to: '2026-01-31', rows: [] })
    const cases: [string, RegExp][] = [
      ['?from=2026-01-01&to=2026-02-01', /is 32 days; ask for at most 31/],
      ['?from=2026-02-02&to=2026-02-01', /\?from= \(2026-02-02\) is after \?to= \(2026-02-01\)/],
      ['?from=2026-02-30', /\?from= must be a UTC day written YYYY-MM-DD/],
      ['?to=yesterday', /\?to= must be a UTC day written YYYY-MM-DD/]
    ]
    for (const [query, message] of cases) {
      const res = await ask(ADMIN, query)
      expect(res.status).toBe(400)
      const body = (await res.json()) as { message: string; code: string }
      expect(body.code).toBe('bad_usage_range')
      expect(body.message).toMatch(message)
    }
  })

  it("a teammate gets their own figures only, and a range from them is refused (403), not ignored", async () => {
    const own = (await (await ask(CAROL)).json()) as Record<string, unknown>
    expect(own.spendByToken).toBeUndefined()
    expect(own.today).toMatchObject({ spentUsd: 0.056 })
    for (const query of ['?from=2026-01-01', `?to=${today}`]) {
      const res = await ask(DAVE, query)
      expect(res.status).toBe(403)
      const body = (await res.json()) as { message: string; code: string }
      expect(body.code).toBe('admin_only')
      expect(body.message).toMatch(/Only an admin token \(listed in ADMIN_TOKENS\) may ask for a range of days/)
      expect(JSON.stringify(body)).not.toContain('spentUsd')
    }
  })
})
