// The empty panel in Figma's light and dark themes: the calm start (no alert, the hint) in both, the
// hint drawn in each theme's own secondary text colour, the error once tried in dark's danger colour, and
// the toolbar's toggle switching a running plugin.
import { join } from 'node:path'

import type { FrameLocator, Page } from 'playwright-core'
import { expect, it } from 'vitest'

import { describeE2e, useE2e } from './harness'

const shot = (name: string) => join('test-results', `e2e-themes-${name}.png`)

interface Look {
  htmlClass: string | null
  hintColour: string
  background: string
}

async function emptyPanel(page: Page, ui: FrameLocator, name: string): Promise<Look> {
  const hint = ui.getByRole('note', { name: 'Getting started' })
  await expect.poll(() => hint.textContent()).toMatch(/^Select text layers with your prompt.*E\.g\. a text layer/)
  expect(await ui.getByRole('alert').count()).toBe(0)
  await page.screenshot({ path: shot(name) })
  await page.locator('#plugin').screenshot({ path: shot(`${name}-panel`) })
  return {
    htmlClass: await ui.locator('html').getAttribute('class'),
    hintColour: await hint.evaluate((el) => getComputedStyle(el).color),
    background: await ui.locator('body').evaluate((el) => getComputedStyle(el).backgroundColor)
  }
}

describeE2e("the empty panel in Figma's themes", () => {
  const e2e = useE2e('themes')

  it('is calm in light and in dark (?theme=dark), the hint in each theme’s secondary text colour', async () => {
    const { page, ui, proxy } = e2e()
    const light = await emptyPanel(page, ui, 'empty-light')
    expect(await page.evaluate(() => window.playground.theme)).toBe('light')

    await page.goto(`${proxy.url}/playground?theme=dark`)
    await page.evaluate(() => window.playground.ready)
    const dark = await emptyPanel(page, ui, 'empty-dark')
    expect(await page.evaluate(() => window.playground.theme)).toBe('dark')

    expect(light).toEqual({ htmlClass: 'figma-light', hintColour: 'rgba(0, 0, 0, 0.5)', background: 'rgb(255, 255, 255)' })
    expect(dark).toEqual({ htmlClass: 'figma-dark', hintColour: 'rgba(255, 255, 255, 0.7)', background: 'rgb(44, 44, 44)' })

    // Tried with nothing there: the error comes, in the dark theme's danger text colour (light red on grey).
    await ui.getByRole('textbox', { name: 'Prompt' }).press('Control+Enter')
    const alert = ui.getByRole('alert').first()
    await expect.poll(() => alert.textContent()).toMatch(/There is no prompt/)
    expect(await alert.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(252, 163, 151)')
    await page.locator('#plugin').screenshot({ path: shot('error-dark-panel') })
  }, 60_000)

  it("switches a running plugin to dark and back with the toolbar's toggle", async () => {
    const { page, ui } = e2e()
    const toggle = page.getByRole('button', { name: 'Dark theme' })
    expect(await toggle.getAttribute('aria-pressed')).toBe('false')

    await toggle.click()
    await page.evaluate(() => window.playground.ready)
    await expect.poll(() => ui.locator('html').getAttribute('class')).toBe('figma-dark')
    expect(await toggle.getAttribute('aria-pressed')).toBe('true')
    expect(new URL(page.url()).searchParams.get('theme')).toBe('dark')
    await expect.poll(() => ui.getByRole('note', { name: 'Getting started' }).count()).toBe(1)
    await page.screenshot({ path: shot('toggled-dark') })

    await toggle.click()
    await page.evaluate(() => window.playground.ready)
    await expect.poll(() => ui.locator('html').getAttribute('class')).toBe('figma-light')
    expect(await toggle.getAttribute('aria-pressed')).toBe('false')
  }, 60_000)

  it('refuses an unknown ?theme with a notice that names the two it knows, and shows light', async () => {
    const { page, ui, proxy } = e2e()
    await page.goto(`${proxy.url}/playground?theme=sepia`)
    await page.evaluate(() => window.playground.ready)
    await expect.poll(() => page.getByRole('log', { name: 'Notifications' }).textContent()).toContain('?theme must be "light" or "dark", got "sepia"')
    expect(await ui.locator('html').getAttribute('class')).toBe('figma-light')
  }, 60_000)
})
