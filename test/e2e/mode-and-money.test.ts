// Mode and money in view, end to end in Chromium against the offline proxy: the header says Offline and
// that nothing is billed, the cost line and the job card say what a job would cost live, and Settings'
// Test connection says what the proxy is, or that this build may not reach another one. (A wrong token is
// covered in test/ui/test-connection.test.ts against a proxy with tokens: this build reaches only the
// e2e proxy, which has none.)
import { expect, it } from 'vitest'
import type { Page } from 'playwright-core'

import { startTestProxy, testToken } from '../proxy/helpers'
import { describeE2e, useE2e } from './harness'
import { generate, jobCard, select, waitForStatus } from './plugin-ui'

async function shot(page: Page, step: string): Promise<void> {
  await page.screenshot({ path: `test-results/e2e-mode-and-money-${step}.png` })
}

describeE2e('mode and money', () => {
  const e2e = useE2e('mode-and-money')

  it('offline: the header says so, and the cost line and the job card say what it would cost live', async () => {
    const { page, ui, proxy } = e2e()
    const header = ui.getByRole('status', { name: 'Proxy' })
    await expect.poll(() => header.textContent(), { timeout: 10_000 }).toBe(`Offline · ${new URL(proxy.url).host} · placeholders, nothing billed`)
    await select(page, ['Beat 2'])
    const cost = ui.getByLabel('Cost', { exact: true })
    await expect.poll(() => cost.textContent()).toMatch(/^Cost: would be \$0\.\d{3} live for 1 image$/)
    await shot(page, 'header')
    await generate(ui)
    await waitForStatus(ui, /^Done$/)
    const card = jobCard(ui)
    expect(await card.textContent()).toMatch(/would cost \$0\.\d{3} live/)
    expect(await card.textContent()).toMatch(/Placed 1 image · would cost \$0\.\d{3} live\./)
    expect(await card.textContent()).not.toMatch(/(^|[^t] )\$0\.\d{3}(?! live)/)
    await shot(page, 'job-card')
  }, 60_000)

  it("Test connection: offline proxy, and a proxy this build can't reach", async () => {
    const { page, ui } = e2e()
    await ui.getByRole('button', { name: 'Settings' }).click()
    await ui.getByRole('button', { name: 'Test connection' }).click()
    const result = ui.getByRole('status', { name: 'Connection' })
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toMatch(/^Offline proxy: placeholder images, nothing billed\.Today: (nothing yet|would cost \$\d+\.\d{3} live)\.$/)
    expect(await ui.getByText(/^This build of Keyframe may reach: /).textContent()).toContain('http://localhost:8787')
    await shot(page, 'settings-offline')

    await ui.getByLabel('Proxy URL').fill('https://other-proxy.example.com/api/fal/proxy')
    await ui.getByRole('button', { name: 'Test connection' }).click()
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toMatch(/^This build of Keyframe can't reach https:\/\/other-proxy\.example\.com: Figma only lets a plugin talk to the hosts its manifest lists/)
    await shot(page, 'settings-not-allowed')
  }, 60_000)

  it('nothing answers at the saved proxy: Generate is off with the reason and a Check again, nothing is placed; a working proxy brings it back', async () => {
    const { page, ui } = e2e()
    // The build allows http://localhost:8787 (the local default); this test needs nothing to answer there.
    const busy = await fetch('http://localhost:8787/healthz').then(() => true, () => false)
    expect(busy, 'something answers at localhost:8787: stop it (npm start) to run this test').toBe(false)
    await ui.getByRole('button', { name: 'Settings' }).click()
    const url = ui.getByLabel('Proxy URL')
    const working = await url.inputValue()
    await url.fill('http://localhost:8787/api/fal/proxy')
    await ui.getByRole('button', { name: 'Save' }).click()
    await select(page, ['Beat 2'])
    const alert = ui.getByRole('alert').filter({ hasText: "Nothing answers at the proxy's address" })
    await expect.poll(() => alert.count(), { timeout: 10_000 }).toBe(1)
    expect(await ui.getByRole('button', { name: 'Generate', exact: true }).isEnabled()).toBe(false)
    expect(await alert.getByRole('button', { name: 'Check again' }).count()).toBe(1)
    await shot(page, 'unreachable')
    // Ctrl/Cmd+Enter does not get past it either: nothing placed.
    await page.keyboard.press('Control+Enter')
    expect((await page.evaluate(() => window.playground.snapshot())).children.filter((n) => n.type === 'SECTION')).toEqual([])

    // The working proxy back in Settings: saving reads it again.
    await ui.getByRole('button', { name: 'Settings' }).click()
    await ui.getByLabel('Proxy URL').fill(working)
    await ui.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => alert.count(), { timeout: 10_000 }).toBe(0)
    await expect.poll(() => ui.getByRole('button', { name: 'Generate', exact: true }).isEnabled(), { timeout: 10_000 }).toBe(true)
  }, 60_000)

  it('Test connection with a token the proxy does not know: says the token was not accepted', async () => {
    const { page, ui } = e2e()
    // A second proxy with tokens, at the one other address this build allows (the local default).
    const busy = await fetch('http://localhost:8787/healthz').then(() => true, () => false)
    expect(busy, 'something answers at localhost:8787: stop it (npm start) to run this test').toBe(false)
    const guarded = await startTestProxy({ port: 8787, tokens: [testToken('alice')] })
    try {
      await ui.getByRole('button', { name: 'Settings' }).click()
      await ui.getByLabel('Proxy URL').fill('http://localhost:8787/api/fal/proxy')
      await ui.getByLabel('Token').fill(testToken('mallory'))
      await ui.getByRole('button', { name: 'Test connection' }).click()
      const result = ui.getByRole('status', { name: 'Connection' })
      await expect.poll(() => result.textContent(), { timeout: 10_000 }).toMatch(/token/i)
      expect(await result.textContent()).not.toContain(testToken('mallory'))
      await shot(page, 'settings-wrong-token')
    } finally {
      await guarded.stop()
    }
  }, 60_000)
})
