// The main thread runs with Figma's sandbox globals and nothing else (src/host/node-sandbox.ts), so a
// browser or Node API that Figma lacks fails here as it would in Figma, and Settings works there.
import { describe, expect, test } from 'vitest'

import { ECMASCRIPT_GLOBALS, FIGMA_GLOBALS, SANDBOX_GLOBALS } from '../../src/host/figma/sandbox-globals'
import { runInSandbox } from '../../src/host/node-sandbox'
import { makeHost } from './helpers'
import { runMain } from './run-main'

// APIs Figma's sandbox does not have (issue #10; DESIGN.md "Facts that bite"): the code must not find them.
const ABSENT = ['URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'structuredClone', 'crypto', 'atob', 'btoa', 'window', 'self', 'document', 'process', 'Buffer', 'require', 'global', 'queueMicrotask', 'setImmediate', 'Intl', 'WebAssembly']

describe('the main-thread sandbox', () => {
  test('the plugin\'s global scope holds Figma\'s globals and ECMAScript built-ins, and nothing else', async () => {
    const run = await runMain()
    const globals = run.sandbox.globals
    expect(globals.filter((name) => !SANDBOX_GLOBALS.has(name))).toEqual([])
    expect(FIGMA_GLOBALS.filter((name) => !globals.includes(name))).toEqual([])
    // Every ECMAScript built-in this Node knows is kept (Iterator is newer than Node 20's V8).
    expect(ECMASCRIPT_GLOBALS.filter((name) => !globals.includes(name) && name !== 'Iterator')).toEqual([])
    for (const name of ABSENT) expect(globals).not.toContain(name)
    run.sandbox.dispose()
  })

  test('code that reaches for a browser or Node API fails as in Figma', () => {
    const host = makeHost()
    for (const [code, error] of [
      ['new URL("https://example.com")', /URL is not defined/],
      ['new TextEncoder()', /TextEncoder is not defined/],
      ['structuredClone({})', /structuredClone is not defined/],
      ['Buffer.from("x")', /Buffer is not defined/],
      ['process.env', /process is not defined/],
      ['atob("eA==")', /atob is not defined/]
    ] as const) {
      expect(() => runInSandbox(code, host), code).toThrow(error)
    }
  })

  test('timers return numbers, as Figma\'s do, and fire', async () => {
    const host = makeHost()
    const sandbox = runInSandbox('figma.notify(typeof setTimeout(() => figma.notify("fired"), 1))', host)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(host.notifications).toEqual(['number', 'fired'])
    sandbox.dispose()
  })

  test('main-thread fetch is refused with a message saying the UI does the network', async () => {
    const host = makeHost()
    runInSandbox('fetch("https://example.com").catch((e) => figma.notify(e.message))', host)
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(host.notifications[0]).toMatch(/^fetch from the main thread is not implemented in the Keyframe host/)
  })
})

describe('Settings on the main thread (no URL class there)', () => {
  const team = 'https://keyframe.example.com'

  test('a team build saves its team proxy\'s URL, normalised, and loads it back', async () => {
    const run = await runMain({ buildEnv: { KEYFRAME_PROXY_ORIGIN: team } })
    const saved = await run.main.saveSettings({ proxyUrl: '  HTTPS://Keyframe.Example.com:443/api/fal/proxy ', token: ' t0k3n ' })
    expect(saved).toEqual({ proxyUrl: `${team}/api/fal/proxy`, token: 't0k3n', isDefault: false })
    expect(run.host.clientStorage.get('keyframe.settings')).toEqual({ proxyUrl: `${team}/api/fal/proxy`, token: 't0k3n' })
    expect(await run.main.loadSettings()).toEqual(saved)
  })

  test('a team build starts on its team\'s proxy, not the local one', async () => {
    const run = await runMain({ buildEnv: { KEYFRAME_PROXY_ORIGIN: `${team},https://keyframe-staging.example.com` } })
    expect(await run.main.loadSettings()).toEqual({ proxyUrl: `${team}/api/fal/proxy`, token: '', isDefault: true })
  })

  test('an origin the build does not allow is refused, naming the build setting that allows it', async () => {
    const run = await runMain({ buildEnv: { KEYFRAME_PROXY_ORIGIN: team } })
    await expect(run.main.saveSettings({ proxyUrl: 'https://other.example.com/api/fal/proxy', token: '' })).rejects.toThrow(
      "This build of Keyframe can't reach https://other.example.com: Figma only lets a plugin talk to the hosts its manifest lists " +
        '(https://keyframe.example.com, http://localhost:8787). Ask whoever builds Keyframe for your team for a build made with ' +
        'KEYFRAME_PROXY_ORIGIN=https://other.example.com.'
    )
    expect(run.host.clientStorage.has('keyframe.settings')).toBe(false)
  })

  test('text that is not an address, and plain http off localhost, are refused before anything is saved', async () => {
    const run = await runMain()
    await expect(run.main.saveSettings({ proxyUrl: 'keyframe proxy', token: '' })).rejects.toThrow(/^"keyframe proxy" is not a proxy address/)
    await expect(run.main.saveSettings({ proxyUrl: 'http://keyframe.example.com/api/fal/proxy', token: '' })).rejects.toThrow(
      'The proxy must use https:// (plain http only works for localhost).'
    )
    expect(run.host.clientStorage.has('keyframe.settings')).toBe(false)
  })

  test('a proxy saved under a build that allowed it is loaded with the reason this build cannot reach it', async () => {
    const run = await runMain()
    run.host.clientStorage.set('keyframe.settings', { proxyUrl: `${team}/api/fal/proxy`, token: '' })
    const loaded = await run.main.loadSettings()
    expect(loaded.proxyUrl).toBe(`${team}/api/fal/proxy`)
    expect(loaded.problem).toMatch(/^This build of Keyframe can't reach https:\/\/keyframe\.example\.com/)
  })
})
