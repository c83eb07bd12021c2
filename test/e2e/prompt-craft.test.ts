// Prompt craft in the built plugin: the five-layer line under the prompt and the positive-framing fix,
// both help only (Generate stays on throughout), looked at in light and dark.
import { join } from 'node:path'

import type { FrameLocator } from 'playwright-core'
import { expect, it } from 'vitest'

import { describeE2e, useE2e } from './harness'
import { choose } from './plugin-ui'

const shot = (name: string) => join('test-results', `e2e-prompt-craft-${name}.png`)

async function generateIsOn(ui: FrameLocator): Promise<void> {
  expect(await ui.getByRole('button', { name: 'Generate', exact: true }).isEnabled()).toBe(true)
}

describeE2e('prompt craft', () => {
  const e2e = useE2e('prompt-craft')

  it('offers a missing layer, inserts it, and replaces "no blur" with a positive phrasing', async () => {
    const { page, ui, proxy } = e2e()
    const box = ui.getByRole('textbox', { name: 'Prompt', exact: true })
    const layers = ui.getByRole('group', { name: 'Prompt layers' })
    expect(await layers.count()).toBe(0)

    await box.click()
    await box.pressSequentially('Low angle, 35mm lens. A sailor kneeling on a harbour wall')
    await expect.poll(() => layers.count()).toBe(1)
    expect(await ui.getByText('Shot and lens: in the prompt').count()).toBe(1)
    await generateIsOn(ui)

    await ui.getByRole('button', { name: 'Add lighting and mood' }).click()
    await expect.poll(() => ui.getByRole('list', { name: 'Phrasings for lighting and mood' }).getByRole('button').count()).toBe(3)
    await page.locator('#plugin').screenshot({ path: shot('phrasings-light') })
    await ui.getByRole('button', { name: 'Golden hour sidelight, calm and warm' }).click()
    // The prompt had focus: the phrasing goes in at the caret (its end), joined with a comma.
    await expect.poll(() => box.inputValue()).toBe('Low angle, 35mm lens. A sailor kneeling on a harbour wall, golden hour sidelight, calm and warm')
    expect(await ui.getByText('Lighting and mood: in the prompt').count()).toBe(1)
    await generateIsOn(ui)

    await box.press('End')
    await box.pressSequentially(', no blur')
    const replace = ui.getByRole('button', { name: 'Replace with "crystal sharp focus"' })
    await expect.poll(() => replace.count()).toBe(1)
    await generateIsOn(ui)
    await page.locator('#plugin').screenshot({ path: shot('replace-light') })
    await replace.click()
    await expect.poll(() => box.inputValue()).toBe('Low angle, 35mm lens. A sailor kneeling on a harbour wall, golden hour sidelight, calm and warm, crystal sharp focus')
    expect(await replace.count()).toBe(0)
    await generateIsOn(ui)

    // The same line in the dark theme, to look at.
    await page.goto(`${proxy.url}/playground?theme=dark`)
    await page.evaluate(() => window.playground.ready)
    await box.click()
    await box.pressSequentially('A sailor on a harbour wall, no blur')
    await expect.poll(() => replace.count()).toBe(1)
    await page.locator('#plugin').screenshot({ path: shot('replace-dark') })
  }, 60_000)

  it('moves a negative prompt\'s known terms into the prompt and leaves the rest named in the field', async () => {
    const { ui } = e2e()
    const box = ui.getByRole('textbox', { name: 'Prompt', exact: true })
    await box.click()
    await box.pressSequentially('Low angle, 35mm lens. A sailor kneeling on a harbour wall at dusk')
    // The negative prompt is offered where the catalog says a model takes one (V3 text-to-image).
    await choose(ui, 'Model', 'V3')
    const negative = ui.getByRole('textbox', { name: 'Negative prompt' })
    await negative.fill('blurry, watermark, seagulls')
    const move = ui.getByRole('button', { name: 'Move into prompt' })
    await expect.poll(() => move.count()).toBe(1)
    expect(await ui.getByText(/"seagulls" stays here/).count()).toBe(1)
    await move.click()
    await expect.poll(() => box.inputValue()).toBe(
      'Low angle, 35mm lens. A sailor kneeling on a harbour wall at dusk. Crystal sharp focus, a clean frame free of marks.'
    )
    expect(await negative.inputValue()).toBe('seagulls')
    // What could not move is still named, with what to do about it.
    await expect.poll(() => ui.getByText(/instead of "seagulls", then clear this field/).count()).toBe(1)
    await generateIsOn(ui)
  }, 60_000)
})
