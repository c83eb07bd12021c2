// Settings from the environment, and the CLI's one-line answers to bad ones.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { optionsFromEnv, resolveOptions } from '../../src/proxy/config'
import { testToken } from './helpers'

const [A, B, C] = ['a', 'b', 'c'].map(testToken) as [string, string, string]
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function runCli(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(FAL_KEY|PROXY_TOKENS|HOST|PORT|PUBLIC_URL|BUDGET_USD_PER_DAY|OFFLINE_)/.test(k)))
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/proxy/cli.ts'], { cwd: ROOT, env: { ...clean, ...env }, encoding: 'utf8', timeout: 15_000 })
}

describe('configuration', () => {
  it('reads the documented variables', () => {
    const o = optionsFromEnv({
      FAL_KEY: ' k ',
      PROXY_TOKENS: `${A}, ${B},,${C}`,
      BUDGET_USD_PER_DAY: '2.5',
      PORT: '9000',
      HOST: '0.0.0.0',
      PUBLIC_URL: ' https://keyframe-proxy.example.com/ ',
      DATA_DIR: '/tmp/x',
      OFFLINE_LATENCY_MS: '10',
      OFFLINE_FAULTS: '{"slowMs":5}'
    })
    expect(o).toMatchObject({ falKey: 'k', tokens: [A, B, C], budgetUsdPerDay: 2.5, port: 9000, host: '0.0.0.0', dataDir: '/tmp/x', offlineLatencyMs: 10, offlineFaults: { slowMs: 5 } })
    expect(resolveOptions(o).mode).toBe('live')
    // Upload URLs are appended to it, so a trailing slash is dropped; a path prefix is kept.
    expect(resolveOptions(o).publicUrl).toBe('https://keyframe-proxy.example.com')
    expect(resolveOptions({ publicUrl: 'https://team.example.com/keyframe/' }).publicUrl).toBe('https://team.example.com/keyframe')
    expect(resolveOptions(optionsFromEnv({})).publicUrl).toBeUndefined()
    expect(resolveOptions(optionsFromEnv({})).maxUploadBytes).toBe(10 * 1024 * 1024)
    expect(resolveOptions(optionsFromEnv({})).mode).toBe('offline')
    expect(resolveOptions(optionsFromEnv({})).host).toBe('127.0.0.1')
    expect(resolveOptions(optionsFromEnv({})).shutdownGraceMs).toBe(8_000)
    expect(resolveOptions(optionsFromEnv({ SHUTDOWN_GRACE_MS: '2500' })).shutdownGraceMs).toBe(2500)
  })

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ BUDGET_USD_PER_DAY: 'lots' }, /BUDGET_USD_PER_DAY/],
    [{ OFFLINE_FAULTS: '{not json' }, /OFFLINE_FAULTS must be JSON/],
    [{ OFFLINE_FAULTS: '{"submit":{"status":200}}' }, /Invalid fault plan/],
    [{ FAL_KEY: 'k', HOST: '0.0.0.0' }, /PROXY_TOKENS/],
    [{ FAL_KEY: 'k', HOST: '0.0.0.0', PROXY_TOKENS: A }, /PUBLIC_URL is empty/],
    [{ PUBLIC_URL: 'keyframe-proxy.example.com' }, /PUBLIC_URL must be the proxy's address/],
    [{ PUBLIC_URL: 'ftp://keyframe-proxy.example.com' }, /PUBLIC_URL must be a plain http\(s\) address/],
    [{ PUBLIC_URL: 'https://user:pw@keyframe-proxy.example.com' }, /PUBLIC_URL must be a plain http\(s\) address/],
    [{ PUBLIC_URL: 'https://keyframe-proxy.example.com/?x=1' }, /PUBLIC_URL must be a plain http\(s\) address/],
    [{ PUBLIC_URL: 'http://keyframe-proxy.example.com' }, /PUBLIC_URL must use https/],
    [{ SHUTDOWN_GRACE_MS: 'soon' }, /SHUTDOWN_GRACE_MS must be a whole number, got "soon"/]
  ])('refuses %j', (env, message) => {
    expect(() => resolveOptions(optionsFromEnv(env))).toThrow(message)
  })

  it('the CLI ends with one clear line on bad config, and never prints the key', () => {
    const run = runCli({ FAL_KEY: 'test-only-fal-key-cli', HOST: '0.0.0.0', PORT: '0' })
    expect(run.status).toBe(1)
    const lines = run.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^Keyframe proxy did not start: Refusing to start: FAL_KEY is set/)
    expect(run.stdout + run.stderr).not.toContain('test-only-fal-key-cli')
  })
})
