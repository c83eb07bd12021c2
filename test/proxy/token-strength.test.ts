// Weak access tokens are refused at start-up, with a message that says what is wrong and how to make a
// good one, and never repeats the token. `npm run token` makes tokens that pass.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { startProxy } from '../../src/proxy/server'
import { assertStrongTokens, newToken, tokenWeakness } from '../../src/proxy/token-strength'
import { testToken } from './helpers'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const GOOD = testToken('strength')

function run(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(FAL_KEY|PROXY_TOKENS|HOST|PORT|PUBLIC_URL|PLAYGROUND)/.test(k)))
  return spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...clean, ...env }, encoding: 'utf8', timeout: 15_000 })
}

describe('token strength', () => {
  it.each([
    ['a short token', 'alice-token-5f1c2e', /it is 18 characters long, and tokens need at least 32/],
    ['one character repeated', 'x'.repeat(40), /it uses only 1 different characters/],
    ['a few characters', 'abababababcdcdcdcdcdabababababcdcdcdcd', /it uses only 4 different characters/],
    ['a short pattern repeated', 'password1234password1234password', /it repeats the same 12 characters over and over/],
    ['consecutive characters', 'abcdefghijklmnopqrstuvwxyz0123456789', /mostly a run of consecutive characters/]
  ])('refuses %s', (_what, token, reason) => {
    expect(tokenWeakness(token)).toMatch(reason)
    const error = (() => {
      try {
        assertStrongTokens('PROXY_TOKENS', [GOOD, token])
      } catch (e) {
        return e as Error
      }
      return undefined
    })()
    expect(error?.message).toMatch(/^Refusing to start: entry 2 of 2 in PROXY_TOKENS is too weak to guard the proxy: /)
    expect(error?.message).toMatch(reason)
    expect(error?.message).toContain('`openssl rand -hex 32` or `npm run token`')
    expect(error?.message).not.toContain(token)
  })

  it('names the variable it checks, so ADMIN_TOKENS can use the same check', () => {
    expect(() => assertStrongTokens('ADMIN_TOKENS', ['short'])).toThrow(/^Refusing to start: entry 1 of 1 in ADMIN_TOKENS is too weak/)
    expect(() => assertStrongTokens('ADMIN_TOKENS', [GOOD, testToken('other')])).not.toThrow()
  })

  it('accepts what openssl rand -hex and newToken make', () => {
    for (let i = 0; i < 2000; i++) expect(tokenWeakness(newToken())).toBeUndefined()
    expect(newToken()).toMatch(/^[0-9a-f]{64}$/)
  })

  it('the proxy does not start with a weak token, in offline mode too', async () => {
    await expect(startProxy({ port: 0, tokens: [GOOD, 'team-token'], log: () => undefined })).rejects.toThrow(
      /entry 2 of 2 in PROXY_TOKENS is too weak to guard the proxy: it is 10 characters long/
    )
  })

  it('the CLI ends with one line that names the problem and not the token', () => {
    const weak = 'correct-horse1correct-horse1correct-h'
    const cli = run(['src/proxy/cli.ts'], { PROXY_TOKENS: `${GOOD},${weak}`, PORT: '0' })
    expect(cli.status).toBe(1)
    const lines = cli.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^Keyframe proxy did not start: Refusing to start: entry 2 of 2 in PROXY_TOKENS .* it repeats the same 14 characters/)
    expect(cli.stdout + cli.stderr).not.toContain(weak)
  })

  it('npm run token prints one new strong token each time', () => {
    const script = JSON.parse(spawnSync('node', ['-p', 'JSON.stringify(require("./package.json").scripts.token)'], { cwd: ROOT, encoding: 'utf8' }).stdout) as string
    expect(script).toBe('node --import tsx src/proxy/token-cli.ts')
    const [a, b] = [run(['src/proxy/token-cli.ts']), run(['src/proxy/token-cli.ts'])]
    expect(a.status).toBe(0)
    expect(a.stdout).toMatch(/^[0-9a-f]{64}\n$/)
    expect(b.stdout).not.toBe(a.stdout)
    expect(tokenWeakness(a.stdout.trim())).toBeUndefined()
  })
})
