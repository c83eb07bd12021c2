// The playground belongs to offline mode. A live proxy serves it only with PLAYGROUND=1, and then bundles
// its page at start-up: a first request from whoever reaches the proxy never sets a build going.
import { afterEach, describe, expect, it } from 'vitest'

import { playgroundInLiveMode, playgroundMount } from '../../src/playground/server'
import { createFakeFal } from './fake-fal'
import { startTestProxy, type TestProxy, testToken } from './helpers'

const running: TestProxy[] = []
afterEach(async () => {
  while (running.length) await running.pop()!.stop()
})

function countingBundle(result: () => Promise<string>) {
  const bundle = Object.assign(() => (bundle.calls++, result()), { calls: 0 })
  return bundle
}

async function start(live: boolean, mount: ReturnType<typeof playgroundMount>) {
  const fal = createFakeFal()
  const proxy = await startTestProxy(live ? { falKey: 'test-only-fal-key-playground', tokens: [testToken('playground')], upstreamFetch: (i, init) => fal.fetch(i, init), mount } : { mount })
  running.push(proxy)
  return proxy
}

describe('the playground', () => {
  it('is not served in live mode without PLAYGROUND=1, and nothing is bundled', async () => {
    const bundle = countingBundle(async () => 'console.log("page")')
    const proxy = await start(true, playgroundMount(false, { bundle }))
    for (const path of ['/playground', '/playground/app.js', '/playground/plugin/ui.js']) {
      expect((await fetch(`${proxy.url}${path}`)).status, path).toBe(404)
    }
    expect(bundle.calls).toBe(0)
  })

  it('with PLAYGROUND=1 in live mode it is bundled once at start-up, before any request', async () => {
    const bundle = countingBundle(async () => 'console.log("page")')
    const proxy = await start(true, playgroundMount(true, { bundle }))
    expect(bundle.calls).toBe(1)
    expect((await fetch(`${proxy.url}/playground`)).status).toBe(200)
    for (let i = 0; i < 3; i++) expect(await (await fetch(`${proxy.url}/playground/app.js`)).text()).toBe('console.log("page")')
    expect(bundle.calls).toBe(1)
  })

  it('in live mode a failed start-up bundle is reported, and requests do not build it again', async () => {
    const bundle = countingBundle(async () => {
      throw new Error('page/main.ts: syntax error')
    })
    const proxy = await start(true, playgroundMount(true, { bundle }))
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${proxy.url}/playground/app.js`)
      expect(res.status).toBe(500)
      expect(await res.text()).toBe('The playground page did not bundle:\npage/main.ts: syntax error')
    }
    expect(bundle.calls).toBe(1)
  })

  it('in offline mode it is served, and bundled when first asked for', async () => {
    const bundle = countingBundle(async () => 'console.log("offline page")')
    const proxy = await start(false, playgroundMount(false, { bundle }))
    expect(bundle.calls).toBe(0)
    expect(await (await fetch(`${proxy.url}/playground/app.js`)).text()).toBe('console.log("offline page")')
    expect(bundle.calls).toBe(1)
  })

  it('PLAYGROUND is 1 or 0', () => {
    expect(playgroundInLiveMode({})).toBe(false)
    expect(playgroundInLiveMode({ PLAYGROUND: '0' })).toBe(false)
    expect(playgroundInLiveMode({ PLAYGROUND: '1' })).toBe(true)
    expect(() => playgroundInLiveMode({ PLAYGROUND: 'yes' })).toThrow('PLAYGROUND must be 1 (serve the playground in live mode too) or 0, got "yes"')
  })
})
