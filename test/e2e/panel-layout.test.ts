// The panel's layout in Chromium: a calm start, Generate in view under a long prompt, a job's one status
// line in the footer and on its card, and past jobs listed after a reopen, a click selecting their section.
import { join } from 'node:path'

import { expect, it } from 'vitest'

import { sections } from './canvas'
import { describeE2e, useE2e } from './harness'
import { generate, jobCard, select } from './plugin-ui'

const shot = (name: string) => join('test-results', `e2e-panel-layout-${name}.png`)

describeE2e('the panel layout', () => {
  const e2e = useE2e('panel-layout')

  it('starts calm, keeps Generate in view under a long prompt, and lists a finished job again after a reopen', async () => {
    const { page, ui } = e2e()
    // Nothing selected: what to select and an example, no error.
    await expect.poll(() => ui.getByRole('note', { name: 'Getting started' }).textContent()).toMatch(/^Select text layers with your prompt/)
    expect(await ui.getByRole('alert').count()).toBe(0)
    await page.screenshot({ path: shot('1-empty-light') })

    // Trying to generate with nothing there: now the error says why.
    await ui.getByRole('textbox', { name: 'Prompt' }).press('Control+Enter')
    await expect.poll(() => ui.getByRole('alert').allTextContents().then((t) => t.join(' '))).toMatch(/There is no prompt/)

    // A long prompt: the field stops growing and Generate stays inside the 640 px window.
    const prompt = ui.getByRole('textbox', { name: 'Prompt' })
    await prompt.fill(Array.from({ length: 40 }, (_, i) => `Line ${i + 1}: Mara on the night ferry, rain, neon.`).join('\n'))
    const box = await prompt.boundingBox()
    expect(box!.height).toBeLessThanOrEqual(162)
    const frame = await page.locator('iframe[title="Plugin UI"]').boundingBox()
    const button = await ui.getByRole('button', { name: 'Generate', exact: true }).boundingBox()
    expect(button!.y + button!.height).toBeLessThanOrEqual(frame!.y + frame!.height)
    expect(button!.y).toBeGreaterThanOrEqual(frame!.y)
    await page.screenshot({ path: shot('2-long-prompt') })

    // A job: its one status line in the footer while it runs, and on its card.
    await prompt.fill('Harbour at dusk, lighthouse, boats')
    await generate(ui)
    const running = ui.getByRole('status', { name: 'Running job' })
    // The offline job may finish before a look: what is read is whatever line was shown, never a doubled word.
    const line = await running.textContent({ timeout: 2000 }).catch(() => '')
    expect(line).not.toMatch(/Queued · Queued|Queued, Queued/)
    await page.screenshot({ path: shot('3-running') })
    await expect.poll(() => jobCard(ui).first().textContent(), { timeout: 20_000 }).toMatch(/Placed 1 image/)
    await expect.poll(() => running.count()).toBe(0)
    expect(await jobCard(ui).first().getByRole('status').textContent()).toBe('Done')
    const [section] = sections(await page.evaluate(() => window.playground.snapshot()))

    // Closed and opened again: the job is listed, folded to one line; a click selects its section.
    await page.evaluate(() => window.playground.closePlugin())
    await page.evaluate(() => window.playground.openPlugin())
    const folded = jobCard(ui).first().getByRole('button', { expanded: false })
    await expect.poll(() => folded.textContent(), { timeout: 10_000 }).toMatch(/^Image · Harbour at dusk.* · Done/)
    await page.screenshot({ path: shot('4-reopened') })
    await folded.click({ timeout: 5000 })
    await expect.poll(() => page.evaluate(() => window.playground.snapshot().selection)).toEqual([section!.id])
    await page.screenshot({ path: shot('5-selected') })
  }, 60_000)
})
