// Starting points from the model guide, end to end in Chromium: one sets the prompt (its placeholder
// given the selected `@Mara`) and the settings it names, with a cost; with no frame selected the
// placeholder is named in a message that says what to select; Undo brings back what was typed.
import { expect, it } from 'vitest'
import type { FrameLocator, Page } from 'playwright-core'

import { describeE2e, useE2e } from './harness'
import { select } from './plugin-ui'

const RESULTS = 'test-results'

async function shot(page: Page, step: string): Promise<void> {
  await page.screenshot({ path: `${RESULTS}/e2e-starting-points-${step}.png` })
}

async function startFrom(ui: FrameLocator, name: string): Promise<void> {
  await ui.getByRole('combobox', { name: 'Start from' }).click()
  await ui.getByText(name, { exact: true }).last().click()
  await expect.poll(() => ui.getByRole('status', { name: 'Starting point' }).textContent()).toContain(`${name}:`)
}

async function checked(ui: FrameLocator, group: string): Promise<string> {
  const radios = ui.getByRole('radiogroup', { name: group, exact: true }).getByRole('radio')
  for (let i = 0; i < (await radios.count()); i++) {
    if (await radios.nth(i).isChecked()) return (await radios.nth(i).getAttribute('value')) ?? ''
  }
  return ''
}

const prompt = (ui: FrameLocator) => ui.getByRole('textbox', { name: 'Prompt', exact: true })
const generateButton = (ui: FrameLocator) => ui.getByRole('button', { name: 'Generate', exact: true })

describeE2e('starting points', () => {
  const e2e = useE2e('starting-points')

  it('"Storyboard series" with @Mara selected: her name in the prompt, O3 Series of 4 at 16:9 2K, and a cost', async () => {
    const { page, ui } = e2e()
    await select(page, ['@Mara'])
    await expect.poll(() => ui.getByRole('list', { name: 'References' }).getByRole('listitem').count()).toBe(1)
    await startFrom(ui, 'Storyboard series')

    const text = await prompt(ui).inputValue()
    expect(text).toContain('Panel 1: Wide shot, @Mara sprints')
    expect(text).toContain('Panel 4: Medium shot, @Mara lands')
    expect(text).not.toContain('@Character')
    expect(await checked(ui, 'Model')).toBe('o3')
    expect(await checked(ui, 'Output')).toBe('series')
    expect(await checked(ui, 'Resolution')).toBe('2K')
    expect(await ui.getByRole('textbox', { name: 'Count' }).inputValue()).toBe('4')
    expect(await ui.getByRole('combobox', { name: 'Aspect ratio' }).textContent()).toContain('16:9')
    await expect.poll(() => ui.getByLabel('Cost').textContent()).toMatch(/^Cost: .*\$\d+\.\d\d.* for 4 images$/)
    expect(await generateButton(ui).isEnabled()).toBe(true)
    // It is an edited prompt: the drafted one (none, with no text layer selected) is one click away.
    expect(await ui.getByRole('button', { name: 'Use the text layers again' }).count()).toBe(1)
    await shot(page, 'storyboard-with-mara')

    // Undo: the prompt and settings from before the starting point.
    await ui.getByRole('button', { name: 'Undo', exact: true }).click()
    await expect.poll(() => prompt(ui).inputValue()).toBe('')
    expect(await checked(ui, 'Output')).toBe('single')
    expect(await checked(ui, 'Resolution')).toBe('1K')
  }, 60_000)

  it('with no frame selected, the placeholder is named with the frame it wants; choosing again after selecting fills it', async () => {
    const { page, ui } = e2e()
    // The empty panel mentions the control; opened, it lists the guide's seven examples.
    await expect.poll(() => ui.getByRole('note', { name: 'Getting started' }).textContent()).toContain('Start from')
    await ui.getByRole('combobox', { name: 'Start from' }).click()
    await ui.getByText('Style transfer', { exact: true }).waitFor()
    await shot(page, 'empty-with-list-open')
    await ui.getByRole('combobox', { name: 'Start from' }).press('Escape')
    await startFrom(ui, 'Sci-fi concept art')
    expect(await prompt(ui).inputValue()).toContain('@Character as the captain')
    const alerts = ui.getByRole('alert')
    await expect.poll(() => alerts.allTextContents().then((t) => t.join(' '))).toContain(
      '@Character is a placeholder for the person to cast as the captain. Select their frame, its name starting with @ (such as @Mara), and choose the starting point again'
    )
    expect(await generateButton(ui).isDisabled()).toBe(true)
    expect(await ui.getByRole('combobox', { name: 'Aspect ratio' }).textContent()).toContain('21:9')
    await shot(page, 'placeholder-named')

    await select(page, ['@Mara'])
    await expect.poll(() => ui.getByRole('list', { name: 'References' }).getByRole('listitem').count()).toBe(1)
    await startFrom(ui, 'Sci-fi concept art')
    await expect.poll(() => prompt(ui).inputValue()).toContain('@Mara as the captain')
    await expect.poll(() => generateButton(ui).isEnabled()).toBe(true)

    // Back to the text layers: the starting point's line goes, and a prompt typed later is not taken for it.
    await ui.getByRole('button', { name: 'Use the text layers again' }).click()
    await expect.poll(() => ui.getByRole('status', { name: 'Starting point' }).count()).toBe(0)
    await prompt(ui).fill('@Character walks in')
    await expect.poll(() => ui.getByRole('alert').allTextContents().then((t) => t.join(' '))).toContain('no selected frame is called that')
    expect(await ui.getByRole('status', { name: 'Starting point' }).count()).toBe(0)
  }, 60_000)

  it('a prompt the designer typed is replaced only with Undo at hand, and Undo brings it back', async () => {
    const { page, ui } = e2e()
    await select(page, ['@Mara'])
    await prompt(ui).fill('@Mara on the night ferry, my own words')
    await startFrom(ui, 'Horror key art')
    expect(await prompt(ui).inputValue()).toContain("The title 'HOLLOW HOUSE'")
    expect(await checked(ui, 'Resolution')).toBe('2K')
    await shot(page, 'replaced-with-undo')
    await ui.getByRole('button', { name: 'Undo', exact: true }).click()
    await expect.poll(() => prompt(ui).inputValue()).toBe('@Mara on the night ferry, my own words')

    // Once the designer types into the new prompt, Undo is gone: it would throw away what was typed since.
    await startFrom(ui, 'Horror key art')
    await prompt(ui).fill("Key art. The title 'HOLLOW HOUSE' at the top, and more of my words")
    await expect.poll(() => ui.getByRole('button', { name: 'Undo', exact: true }).count()).toBe(0)
  }, 60_000)
})
