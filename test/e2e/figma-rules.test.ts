// The playground holds the plugin to Figma's rules in Chromium: main.js sees only the sandbox's globals,
// the UI iframe can reach only the hosts its manifest lists, and Settings refuses a proxy the build does
// not allow, saying how to get one that does.
import type { Frame } from 'playwright-core'
import { expect, it } from 'vitest'

import { FIGMA_GLOBALS, SANDBOX_GLOBALS } from '../../src/host/figma/sandbox-globals'
import { describeE2e, useE2e } from './harness'

describeE2e('Figma\'s rules in the playground', () => {
  const e2e = useE2e('figma-rules')

  async function uiFrame(): Promise<Frame> {
    const handle = await e2e().page.locator('iframe[title="Plugin UI"]').elementHandle()
    const frame = await handle?.contentFrame()
    if (!frame) throw new Error('The plugin UI iframe is not there')
    return frame
  }

  it('main.js runs with Figma\'s sandbox globals only: no window, document, URL or TextEncoder', async () => {
    const globals = await e2e().page.evaluate(() => window.playground.sandboxGlobals())
    expect(globals.filter((name) => !SANDBOX_GLOBALS.has(name))).toEqual([])
    expect(FIGMA_GLOBALS.filter((name) => !globals.includes(name))).toEqual([])
    const absent = ['window', 'document', 'location', 'top', 'self', 'URL', 'TextEncoder', 'structuredClone', 'crypto', 'atob', 'navigator', 'addEventListener', 'queueMicrotask', 'Intl']
    for (const name of absent) expect(globals).not.toContain(name)
    // Looked up by code running in the sandbox, as main.js looks names up, not read from the list above.
    const seen = await e2e().page.evaluate((names) => window.playground.sandboxTypeOf(names), [...absent, 'figma', 'setTimeout', 'Uint8Array', 'JSON'])
    expect(Object.entries(seen).filter(([, type]) => type !== 'undefined').map(([name]) => name)).toEqual(['figma', 'setTimeout', 'Uint8Array', 'JSON'])
  })

  it('the UI reaches the proxy its build allows, and a host the manifest does not list is refused', async () => {
    const { proxy } = e2e()
    const frame = await uiFrame()
    const allowed = `${proxy.origin}/healthz`
    // The same server under another name: only the policy can tell the two apart.
    const foreign = allowed.replace('//localhost:', '//127.0.0.1:')
    expect(foreign).not.toBe(allowed)
    const outcome = await frame.evaluate(async ([ok, blocked]) => {
      const violations: string[] = []
      document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`))
      const answer = await fetch(ok).then((r) => r.json() as Promise<unknown>)
      const refused = await fetch(blocked).then(
        (r) => `answered ${r.status}`,
        (error: unknown) => `refused: ${String(error)}`
      )
      await new Promise((resolve) => setTimeout(resolve, 50))
      return { answer, refused, violations }
    }, [allowed, foreign] as const)
    expect(outcome.answer).toEqual({ ok: true, mode: 'offline' })
    expect(outcome.refused).toBe('refused: TypeError: Failed to fetch')
    expect(outcome.violations).toEqual([`connect-src ${foreign}`])
  })

  it('Settings refuses an origin the build does not allow, says how to get one that does, and saves one it allows', async () => {
    const { ui, proxy } = e2e()
    await ui.getByRole('button', { name: 'Settings' }).click()
    const address = ui.getByRole('textbox', { name: 'Proxy URL' })
    await address.fill('https://keyframe-proxy.example.com/api/fal/proxy')
    await ui.getByRole('button', { name: 'Save' }).click()
    await expect
      .poll(() => ui.getByRole('alert').textContent())
      .toBe(
        "This build of Keyframe can't reach https://keyframe-proxy.example.com: Figma only lets a plugin talk to the hosts its manifest lists " +
          `(${proxy.origin}, http://localhost:8787). Ask whoever builds Keyframe for your team for a build made with ` +
          'KEYFRAME_PROXY_ORIGIN=https://keyframe-proxy.example.com.'
      )
    await e2e().page.screenshot({ path: 'test-results/e2e-figma-rules-settings-refused.png' })
    await address.fill(`${proxy.origin}/api/fal/proxy`)
    await ui.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => ui.getByRole('button', { name: 'Generate', exact: true }).count()).toBe(1)
  })
})
