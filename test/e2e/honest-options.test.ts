// Options that never change silently, and the prompt checks that teach `@` tokens, end to end in Chromium:
// V3 after Series and 4K shows what it lacks (disabled, with the reason) and what it changed (with the way
// back); a prompt naming @Mara in plain words gets a one-click "Use @Mara".
import { expect, it } from 'vitest'
import type { FrameLocator, Page } from 'playwright-core'

import { solidImage } from '../../src/dev/solid-image'
import type { DocumentJson } from '../../src/host/figma'

import { describeE2e, useE2e } from './harness'
import { choose, select } from './plugin-ui'

async function shot(page: Page, step: string): Promise<void> {
  await page.screenshot({ path: `test-results/e2e-honest-options-${step}.png` })
}

async function checked(ui: FrameLocator, group: string): Promise<string> {
  const radios = ui.getByRole('radiogroup', { name: group, exact: true }).getByRole('radio')
  for (let i = 0; i < (await radios.count()); i++) {
    if (await radios.nth(i).isChecked()) return (await radios.nth(i).getAttribute('value')) ?? ''
  }
  return ''
}

async function picture(width: number, height: number): Promise<string> {
  return (await solidImage(width, height, { color: { r: 40, g: 120, b: 200 } })).toString('base64')
}

const radio = (ui: FrameLocator, group: string, name: string) =>
  ui.getByRole('radiogroup', { name: group, exact: true }).getByRole('radio', { name, exact: true })

describeE2e('honest options', () => {
  const e2e = useE2e('honest-options')

  it('V3 chosen after Series and 4K: the choices it changed are named, Series and 4K stay visible but disabled, Back to O3 restores them', async () => {
    const { page, ui, requests } = e2e()
    await select(page, ['Beat 2', 'Style']) // no @Mara in them: V3 text-to-image can make them
    await choose(ui, 'Output', 'Series')
    await choose(ui, 'Resolution', '4K')
    await choose(ui, 'Model', 'V3')

    expect(await checked(ui, 'Output')).toBe('variations')
    expect(await checked(ui, 'Resolution')).toBe('2K')
    expect(await radio(ui, 'Output', 'Series').isDisabled()).toBe(true)
    expect(await radio(ui, 'Resolution', '4K').isDisabled()).toBe(true)
    const seriesNote = ui.getByText('V3 has no Series: changed to Variations ×4.')
    await seriesNote.scrollIntoViewIfNeeded()
    expect(await seriesNote.isVisible()).toBe(true)
    expect(await ui.getByText('V3 has no 4K: changed to 2K.').isVisible()).toBe(true)
    // The cost follows what will really be made: four 2K images.
    await expect.poll(() => ui.getByLabel('Cost').textContent()).toMatch(/for 4 images/)
    await shot(page, 'v3-after-series-4k')

    await ui.getByRole('button', { name: 'Back to O3' }).click()
    expect(await checked(ui, 'Model')).toBe('o3')
    expect(await checked(ui, 'Output')).toBe('series')
    expect(await checked(ui, 'Resolution')).toBe('4K')
    expect(await ui.getByText(/V3 has no/).count()).toBe(0)
    expect(await radio(ui, 'Output', 'Series').isDisabled()).toBe(false)

    // V3 chosen again, then a new resolution: its note goes, and the bare reason stays beside the disabled 4K.
    await choose(ui, 'Model', 'V3')
    await choose(ui, 'Resolution', '1K')
    const reason = ui.getByText('4K needs O3.')
    await reason.scrollIntoViewIfNeeded()
    expect(await reason.isVisible()).toBe(true)
    expect(await ui.getByText('V3 has no 4K: changed to 2K.').count()).toBe(0)
    expect(await ui.getByText('V3 has no Series: changed to Variations ×4.').isVisible()).toBe(true)
    await shot(page, 'v3-reasons')
    expect(await requests()).toEqual([]) // nothing was sent while choosing
  })

  it('a prompt naming @Mara without the @ offers "Use @Mara", and a trailing bare @ is flagged', async () => {
    const { page, ui } = e2e()
    await select(page, ['@Mara'])
    const prompt = ui.getByRole('textbox', { name: 'Prompt' })
    await prompt.fill('Close on Mara as the lighthouse beam sweeps across her face, eyes narrowing, rain.')
    await ui.getByRole('button', { name: 'Use @Mara' }).scrollIntoViewIfNeeded()
    await shot(page, 'use-mara')
    await ui.getByRole('button', { name: 'Use @Mara' }).click()
    expect(await prompt.inputValue()).toBe('Close on @Mara as the lighthouse beam sweeps across her face, eyes narrowing, rain.')
    expect(await ui.getByRole('button', { name: 'Use @Mara' }).count()).toBe(0)

    await prompt.press('End')
    await prompt.pressSequentially(' @')
    await prompt.press('Escape')
    const bare = ui.getByText(/The prompt ends with a bare "@"\./)
    await expect.poll(() => bare.count()).toBe(1)
    await shot(page, 'bare-at')
  })

  it('a 200×150 frame with an 800×600 image is a fine reference; one with only its own pixels gets one warning, no error', async () => {
    const { page, ui } = e2e()
    const doc: DocumentJson = {
      children: [
        { type: 'RECTANGLE', name: 'Sharp', x: 0, y: 0, width: 200, height: 150, fills: [{ type: 'IMAGE', image: await picture(800, 600) }] },
        { type: 'RECTANGLE', name: 'Soft', x: 260, y: 0, width: 200, height: 150, fills: [{ type: 'IMAGE', image: await picture(200, 150) }] },
        { type: 'TEXT', name: 'Prompt', characters: 'A market street in the rain at night, neon signs, wide shot, in the style of @Image1 and @Image2.', x: 0, y: 300, width: 600, fontSize: 18 }
      ]
    }
    await page.evaluate((d) => window.playground.load(d), doc)
    await select(page, ['Sharp', 'Soft', 'Prompt'])
    await expect.poll(() => ui.getByRole('list', { name: 'References' }).getByRole('listitem').count()).toBe(2)
    const warning = ui.getByText(/"Soft" is 200×150 px with no more pixels behind it: it will be upscaled to 400×300 px/)
    await expect.poll(() => warning.count()).toBe(1)
    expect(await ui.getByText(/"Sharp" is/).count()).toBe(0)
    expect(await ui.getByRole('alert').count()).toBe(0)
    expect(await ui.getByRole('button', { name: 'Generate', exact: true }).isEnabled()).toBe(true)
    await warning.scrollIntoViewIfNeeded()
    await shot(page, 'small-frames')
  })
})
