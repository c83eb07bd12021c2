// Shots on beats, end to end in Chromium: three beats (one "Wide:", one "Close-up:" with a lens, one without)
// and the Style line selected as a series; the Establishing → medium → close-up pattern gives the plain beat
// its shot in the prompt; the placed panels show each shot on its own line, the provenance records it, and
// the copied shot list has it in its Shot column.
import { expect, it } from 'vitest'

import { STYLE } from '../../src/playground/page/starter-document'
import { expectFilled, panels, sections } from './canvas'
import { describeE2e, useE2e } from './harness'
import { choose, copyShotList, generate, select, waitForStatus } from './plugin-ui'

const shot = (name: string) => `test-results/e2e-shots-on-beats-${name}.png`

describeE2e('shots on beats', () => {
  const e2e = useE2e('shots-on-beats')

  it('beats with and without shots, a pattern, a series: shot lines, provenance and the Shot column', async () => {
    const { page, ui, requests } = e2e()
    const below = Math.max(...(await page.evaluate(() => window.playground.snapshot())).children.map((n) => n.absoluteY + n.height)) + 200
    await page.evaluate((y) => window.playground.addText('Shot A', 'Wide: Mara steps off the ferry onto the quay', 0, y), below)
    await page.evaluate((y) => window.playground.addText('Shot B', 'The ferry pulls away into the fog', 400, y), below)
    await page.evaluate((y) => window.playground.addText('Shot C', 'Close-up: her hand on the cold rail, 85mm', 800, y), below)
    await select(page, ['Shot A', 'Shot B', 'Shot C', 'Style'])
    await choose(ui, 'Output', 'Series')
    await expect.poll(() => ui.getByLabel('Cost').textContent()).toMatch(/for 3 images/)

    // The Shots list reads each beat's shot; the plain beat has none until a pattern gives it one.
    const shotFor = (n: number) => ui.getByRole('combobox', { name: `Shot for panel ${n}` })
    expect(await Promise.all([1, 2, 3].map((n) => shotFor(n).inputValue()))).toEqual(['Wide', '', 'Close-up'])
    await ui.getByRole('combobox', { name: 'Shots' }).selectOption({ label: 'Establishing → medium → close-up' })
    const prompt = ui.getByRole('textbox', { name: 'Prompt', exact: true })
    const expected = `${STYLE} Panel 1: Wide: Mara steps off the ferry onto the quay. Panel 2: Medium shot, the ferry pulls away into the fog. Panel 3: Close-up: her hand on the cold rail, 85mm.`
    await expect.poll(() => prompt.inputValue()).toBe(expected)
    expect(await shotFor(2).inputValue()).toBe('Medium')
    await page.screenshot({ path: shot('1-pattern-applied') })
    await page.locator('iframe[title="Plugin UI"]').screenshot({ path: shot('2-panel') })

    await generate(ui)
    await waitForStatus(ui, /^Done$/)
    const [request] = await requests()
    expect(request!.input.prompt).toBe(expected)

    const [section] = sections(await page.evaluate(() => window.playground.snapshot()))
    const list = panels(section!)
    expectFilled(list, 16 / 9)
    expect(list.map((p) => p.caption)).toEqual(['Mara steps off the ferry onto the quay.', 'The ferry pulls away into the fog.', 'Her hand on the cold rail, 85mm.'])
    expect(list.map((p) => p.shot)).toEqual(['Wide', 'Medium', 'Close-up · 85 mm'])
    // The shot line sits under the caption, inside its panel; rows stay one height.
    for (const p of list) {
      const caption = p.node.children!.find((c) => c.name === 'Caption')!
      const line = p.node.children!.find((c) => c.name === 'Shot')!
      expect(line.y).toBeGreaterThanOrEqual(caption.y + caption.height)
      expect(line.y + line.height).toBeLessThanOrEqual(p.node.height)
      expect(line.fontSize).toBeLessThan(caption.fontSize!)
    }
    expect(new Set(list.map((p) => p.node.height)).size).toBe(1)
    const provenance = JSON.parse((await page.evaluate((id) => window.playground.pluginData(id), list[2]!.node.id))['keyframe.provenance']!)
    expect(provenance.shot).toEqual({ type: 'Close-up', lens: '85 mm' })
    await page.evaluate((id) => window.playground.select([id]), section!.id)
    await page.screenshot({ path: shot('3-canvas') })

    // The copied shot list: a Shot column after Caption.
    const exportArea = ui.getByRole('region', { name: 'Export' })
    await exportArea.getByRole('button', { name: 'Copy shot list' }).waitFor()
    const rows = await copyShotList(page, exportArea, /^Copied 3 rows/)
    expect(rows[0]!.slice(0, 4)).toEqual(['Panel', 'Caption', 'Shot', 'Prompt'])
    expect(rows.slice(1).map((r) => r[2])).toEqual(['Wide', 'Medium', 'Close-up · 85 mm'])
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
  }, 60_000)
})
