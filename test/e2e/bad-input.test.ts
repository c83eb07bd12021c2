// Bad inputs are refused in the panel, with a message next to the field, before anything is sent or placed.
import { expect, it } from 'vitest'

import { solidImage } from '../../src/dev/solid-image'
import type { DocumentJson } from '../../src/host/figma'
import { CATALOG } from '../../src/kling/catalog'
import { describeE2e, useE2e } from './harness'
import { select } from './plugin-ui'

async function swatch(hue: number): Promise<string> {
  return (await solidImage(400, 400, { color: { r: hue, g: 120, b: 255 - hue } })).toString('base64')
}

describeE2e('bad input', () => {
  const e2e = useE2e('bad-input')

  async function expectNothingHappens(): Promise<void> {
    const { page, ui, requests } = e2e()
    const before = await page.evaluate(() => window.playground.snapshot())
    const button = ui.getByRole('button', { name: 'Generate', exact: true })
    expect(await button.isDisabled()).toBe(true)
    // The shortcut is refused too.
    await ui.getByRole('textbox', { name: 'Prompt' }).press('Control+Enter')
    await page.waitForTimeout(300)
    expect(await ui.getByRole('listitem', { name: /^Job: / }).count()).toBe(0)
    expect(await requests()).toEqual([])
    expect(await page.evaluate(() => window.playground.snapshot())).toEqual(before)
  }

  it('no prompt: says so under the prompt and creates nothing', async () => {
    const { page, ui } = e2e()
    await select(page, ['Harbour at dusk'])
    await expect.poll(() => ui.getByRole('list', { name: 'References' }).getByRole('listitem').count()).toBe(1)
    expect(await ui.getByRole('textbox', { name: 'Prompt' }).inputValue()).toBe('')
    const alerts = ui.getByRole('alert')
    await expect.poll(() => alerts.allTextContents().then((t) => t.join(' '))).toMatch(/prompt/i)
    await expectNothingHappens()
  })

  it('eleven references: says Kling takes at most 10 and creates nothing', async () => {
    const { page, ui } = e2e()
    const frames = await Promise.all(
      Array.from({ length: 11 }, async (_, i) => ({
        type: 'FRAME' as const,
        name: `Look ${i + 1}`,
        x: (i % 6) * 440,
        y: Math.floor(i / 6) * 440,
        width: 400,
        height: 400,
        fills: [{ type: 'IMAGE' as const, image: await swatch(i * 23) }]
      }))
    )
    const doc: DocumentJson = {
      children: [...frames, { type: 'TEXT', name: 'Prompt', characters: 'A market street in the rain, in the style of these looks.', x: 0, y: 900, width: 600, fontSize: 18 }]
    }
    await page.evaluate((d) => window.playground.load(d), doc)
    await select(page, [...frames.map((f) => f.name), 'Prompt'])
    await expect.poll(() => ui.getByRole('list', { name: 'References' }).getByRole('listitem').count()).toBe(11)
    const alerts = ui.getByRole('alert')
    await expect.poll(() => alerts.allTextContents().then((t) => t.join(' '))).toMatch(/\b10\b/)
    // One error for one problem: not also V3's one-image rule, which is not the model in use.
    expect((await alerts.allTextContents()).filter((t) => /takes one reference image/.test(t))).toEqual([])
    await expectNothingHappens()
    await alerts.first().scrollIntoViewIfNeeded()
  })

  it('a cast member with an angle too many: one message naming her angles and the one to hide, and nothing sent', async () => {
    const { page, ui } = e2e()
    const max = CATALOG.endpoints['fal-ai/kling-image/o3/text-to-image'].maxElementAngles
    const numbers = Array.from({ length: max + 1 }, (_, i) => i + 1)
    const names = numbers.map((n) => `angle ${n}`)
    const angle = async (n: number) => ({ type: 'FRAME' as const, name: `angle ${n}`, x: 440 * n, y: 0, width: 400, height: 400, fills: [{ type: 'IMAGE' as const, image: await swatch(n * 40) }] })
    const doc: DocumentJson = {
      children: [
        { type: 'FRAME', name: '@Ines', x: 0, y: 0, width: 400, height: 400, clipsContent: true, fills: [{ type: 'IMAGE', image: await swatch(200) }], children: await Promise.all(numbers.map(angle)) },
        { type: 'TEXT', name: 'Beat', characters: '@Ines waits at the end of the pier.', x: 0, y: 600, width: 600, fontSize: 18 }
      ]
    }
    await page.evaluate((d) => window.playground.load(d), doc)
    // Opened on this file, as a designer would: the cast index is built when the plugin opens.
    await page.evaluate(() => window.playground.closePlugin())
    await page.evaluate(() => window.playground.openPlugin())
    await select(page, ['Beat'])
    const row = ui.getByRole('list', { name: 'References' }).getByRole('listitem').first()
    await expect.poll(() => row.textContent()).toContain(`from the Cast, ${max + 1} angles`)
    const alerts = ui.getByRole('alert')
    await expect.poll(() => alerts.allTextContents().then((t) => t.join(' '))).toMatch(/angles/)
    // One message for one problem, not also the row's own.
    expect((await alerts.allTextContents()).filter((t) => /angle/.test(t))).toEqual([
      `Cast member @Ines has ${max + 1} angles (${names.join(', ')}); Kling takes at most ${max} with an element. ` +
        `Hide or remove angle ${max + 1} in the @Ines frame to send ${names.slice(0, max - 1).join(', ')} and angle ${max}, or drop @Ines from this generation.`
    ])
    await alerts.first().scrollIntoViewIfNeeded()
    await page.screenshot({ path: 'test-results/e2e-cast-too-many-angles.png' })
    await expectNothingHappens()
  })
})
