// Live mode always has a ceiling unless an admin turns it off explicitly: a default per-token daily budget
// ($25), BUDGET_USD_PER_DAY to change it ("off" for none), and an optional team-wide budget across all
// tokens (TEAM_BUDGET_USD_PER_DAY). Each 402 names the budget that was hit.
import { afterEach, describe, expect, it } from 'vitest'

import { DEFAULTS, optionsFromEnv, resolveOptions } from '../../src/proxy/config'
import { createFakeFal } from './fake-fal'
import { callProxy, O3_T2I, QUEUE, startTestProxy, type TestProxy, testToken } from './helpers'

const FAL_KEY = 'test-only-fal-key-ceilings'
const ALICE = testToken('alice-ceiling-token')
const BOB = testToken('bob-ceiling-token')
const SUBMIT = `${QUEUE}/${O3_T2I}`
// The dearest single request: a 9-image series at 4K, 9 × $0.056.
const DEAREST = { prompt: 'p', result_type: 'series', series_amount: 9, resolution: '4K' }

const running: TestProxy[] = []
afterEach(async () => {
  while (running.length) await running.pop()!.stop()
})

async function liveProxy(options: Parameters<typeof startTestProxy>[0] = {}) {
  const fal = createFakeFal()
  const proxy = await startTestProxy({ falKey: FAL_KEY, tokens: [ALICE, BOB], upstreamFetch: (i, init) => fal.fetch(i, init), ...options })
  running.push(proxy)
  return { proxy, fal }
}

const submit = (proxy: TestProxy, token: string, body: object = { prompt: 'p' }) => callProxy(proxy.proxyUrl, { token, target: SUBMIT, body })

describe('budget ceilings', () => {
  it('live mode without BUDGET_USD_PER_DAY has a $25 per-token daily budget', async () => {
    expect(DEFAULTS.liveBudgetUsdPerDay).toBe(25)
    const { proxy } = await liveProxy()
    for (let i = 0; i < 49; i++) expect((await submit(proxy, ALICE, DEAREST)).status).toBe(200) // $24.696
    const refused = await submit(proxy, ALICE, DEAREST)
    expect(refused.status).toBe(402)
    expect(await refused.json()).toMatchObject({
      code: 'budget_exceeded',
      budget: 'token',
      message: expect.stringMatching(/^Daily budget of \$25\.000 reached for this token: \$24\.696 spent today.*BUDGET_USD_PER_DAY/)
    })
    // Another teammate has a budget of their own.
    expect((await submit(proxy, BOB, DEAREST)).status).toBe(200)
  })

  it('BUDGET_USD_PER_DAY=off turns the per-token budget off, explicitly', async () => {
    expect(optionsFromEnv({ BUDGET_USD_PER_DAY: 'off' }).budgetUsdPerDay).toBe('off')
    expect(optionsFromEnv({ BUDGET_USD_PER_DAY: ' OFF ' }).budgetUsdPerDay).toBe('off')
    expect(resolveOptions({ falKey: 'k', tokens: [ALICE], budgetUsdPerDay: 'off' }).budgetUsdPerDay).toBeUndefined()
    expect(resolveOptions({ falKey: 'k', tokens: [ALICE] }).budgetUsdPerDay).toBe(25)
    // Offline keeps its play ledger with no budget unless one is set.
    expect(resolveOptions({}).budgetUsdPerDay).toBeUndefined()
    const { proxy } = await liveProxy({ budgetUsdPerDay: 'off' })
    for (let i = 0; i < 51; i++) expect((await submit(proxy, ALICE, DEAREST)).status).toBe(200) // $25.704
  })

  it('a team budget caps all tokens together, and its 402 names it', async () => {
    const { proxy, fal } = await liveProxy({ budgetUsdPerDay: 1, teamBudgetUsdPerDay: 0.05 })
    expect((await submit(proxy, ALICE)).status).toBe(200)
    const refused = await submit(proxy, BOB)
    expect(refused.status).toBe(402)
    expect(await refused.json()).toMatchObject({
      code: 'budget_exceeded',
      budget: 'team',
      budget_usd: 0.05,
      spent_usd: 0.028,
      message:
        "The team's daily budget of $0.050 is reached: $0.028 spent today by everyone on this proxy, this request costs $0.028. " +
        'The budget resets at 00:00 UTC; ask your admin to raise TEAM_BUDGET_USD_PER_DAY.'
    })
    expect(fal.calls.filter((c) => c.method === 'POST')).toHaveLength(1)
  })

  it('the team budget survives a restart (it is summed from the day\'s ledger)', async () => {
    const { proxy } = await liveProxy({ teamBudgetUsdPerDay: 0.05 })
    expect((await submit(proxy, ALICE)).status).toBe(200)
    const dataDir = proxy.dataDir
    await proxy.stop(true)
    running.pop()
    // Stopped (and its DATA_DIR removed) by afterEach.
    const again = await startTestProxy({ falKey: FAL_KEY, tokens: [ALICE, BOB], teamBudgetUsdPerDay: 0.05, dataDir, upstreamFetch: createFakeFal().fetch })
    running.push(again)
    expect(await (await submit(again, BOB)).json()).toMatchObject({ budget: 'team' })
  })

  it.each([
    [{ BUDGET_USD_PER_DAY: 'lots' }, /BUDGET_USD_PER_DAY must be a dollar amount \(such as 25\), or "off" for no per-token budget, got "lots"/],
    [{ TEAM_BUDGET_USD_PER_DAY: 'off' }, /TEAM_BUDGET_USD_PER_DAY must be a dollar amount \(such as 100\), got "off"/],
    [{ TEAM_BUDGET_USD_PER_DAY: '-1' }, /TEAM_BUDGET_USD_PER_DAY must be a dollar amount/]
  ])('refuses %j with a message naming the setting', (env, message) => {
    expect(() => resolveOptions(optionsFromEnv(env))).toThrow(message)
  })

  it('reads TEAM_BUDGET_USD_PER_DAY and ADMIN_TOKENS; admin tokens are accepted tokens too', () => {
    const [boss1, boss2, team] = [testToken('boss-1'), testToken('boss-2'), testToken('team')]
    const o = optionsFromEnv({ TEAM_BUDGET_USD_PER_DAY: '100', ADMIN_TOKENS: ` ${boss1} ,, ${boss2} `, PROXY_TOKENS: team })
    expect(o).toMatchObject({ teamBudgetUsdPerDay: 100, adminTokens: [boss1, boss2] })
    const r = resolveOptions(o)
    expect(r.adminTokens).toEqual([boss1, boss2])
    expect(r.tokens).toEqual([team, boss1, boss2])
  })

  it('ADMIN_TOKENS are held to the same strength rule as PROXY_TOKENS, and the error never echoes one', () => {
    const weak = 'boss-1'
    expect(() => resolveOptions(optionsFromEnv({ ADMIN_TOKENS: weak, PROXY_TOKENS: testToken('team') }))).toThrow(/^Refusing to start: entry 1 of 1 in ADMIN_TOKENS is too weak/)
    expect(() => resolveOptions(optionsFromEnv({ ADMIN_TOKENS: weak, PROXY_TOKENS: testToken('team') }))).not.toThrow(new RegExp(weak))
  })
})
