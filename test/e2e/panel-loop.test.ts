// The designer's loop on a placed storyboard, in Chromium: a series of four, then panel 3 regenerated on
// its own (its old image kept as v1 and brought back), variations kept as its versions, and an edited
// prompt making one more. Screenshots at each step.
import { join } from 'node:path'

import { expect, it } from 'vitest'

import { panelPrompt } from '../../src/kling/prompt-draft'
import { panels, sections } from './canvas'
import { describeE2e, useE2e } from './harness'
import { choose, generate, generateStarterSeries, jobCard, select } from './plugin-ui'

const shot = (name: string) => join('test-results', `e2e-panel-loop-${name}.png`)

describeE2e('the panel loop', () => {
  const e2e = useE2e('panel-loop')

  it('regenerate panel 3, switch back, variations, then an edited prompt, all as versions of that panel', async () => {
    const { page, ui, requests } = e2e()
    // A series of four from the starter scene.
    await generateStarterSeries(page, ui)
    await expect.poll(() => jobCard(ui).first().textContent(), { timeout: 20_000 }).toMatch(/Placed 4 images/)
    const [series] = await requests()
    expect(series!.input).toMatchObject({ result_type: 'series', series_amount: 4 })

    const snapshot = await page.evaluate(() => window.playground.snapshot())
    const [section] = sections(snapshot)
    const list = panels(section!)
    const imagesBefore = list.map((p) => p.image.images!.map((i) => i.hash))
    const panel3 = list[2]!.node.id
    await page.screenshot({ path: shot('1-series') })

    // Panel 3 alone: the card shows it, priced before the click.
    await select(page, [panel3])
    const card = ui.getByRole('region', { name: 'Selected panels' })
    await expect.poll(() => card.textContent()).toMatch(/Panel 3/)
    expect(await card.textContent()).toMatch(/Kling Image O3 · would cost \$0\.028 live so far/)
    expect(await card.textContent()).toContain('$0.028')
    await ui.getByRole('button', { name: 'Regenerate', exact: true }).click()
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toMatch(/v2 of 2/)
    await page.screenshot({ path: shot('2-regenerated') })

    const all = await requests()
    expect(all).toHaveLength(2)
    const regen = all[1]!
    expect(regen.endpoint).toBe(series!.endpoint)
    expect(regen.input.num_images).toBe(1)
    expect(regen.input.result_type).not.toBe('series')
    expect(regen.input.series_amount).toBeUndefined()
    expect(regen.input.elements).toEqual(series!.input.elements)
    expect(regen.input.aspect_ratio).toBe(series!.input.aspect_ratio)
    // Style and beat 3, as the series sent them.
    const prompt = series!.input.prompt as string
    const style = prompt.slice(0, prompt.indexOf('Panel 1:')).trim()
    const beat3 = prompt.slice(prompt.indexOf('Panel 3:') + 'Panel 3:'.length, prompt.indexOf('Panel 4:')).trim()
    expect(regen.input.prompt).toBe(`${style} ${beat3}`)
    expect(regen.input.prompt).toBe(panelPrompt(series!.input, 3))

    // The other panels are untouched; panel 3 holds both images, the new one shown.
    const after = panels(sections(await page.evaluate(() => window.playground.snapshot()))[0]!)
    after.forEach((p, i) => {
      if (i !== 2) expect(p.image.images!.map((x) => x.hash)).toEqual(imagesBefore[i])
    })
    expect(after[2]!.image.images).toHaveLength(2)
    expect(after[2]!.image.images![0]!.hash).toBe(imagesBefore[2]![0])
    const badge = () => page.evaluate(() => window.playground.snapshot()).then((s) => {
      const p = panels(sections(s)[0]!)[2]!.node
      return p.children?.find((c) => c.name === 'Version')?.children?.[0]?.characters
    })
    expect(await badge()).toBe('v2 of 2')
    const shownRequest = async () => JSON.parse((await page.evaluate((id) => window.playground.pluginData(id), panel3))['keyframe.provenance']!).requestId
    expect(await shownRequest()).toBe(regen.request_id)

    // Previous version brings v1 back.
    await ui.getByRole('button', { name: 'Previous version' }).click()
    await expect.poll(() => card.textContent()).toMatch(/v1 of 2/)
    expect(await shownRequest()).toBe(series!.request_id)
    expect(await badge()).toBe('v1 of 2')
    await page.screenshot({ path: shot('3-previous') })

    // Variations, count 3: three more versions, the first new one shown.
    const count = card.getByRole('textbox', { name: 'Count' })
    await count.fill('3')
    await count.press('Tab')
    await expect.poll(() => card.textContent()).toContain('$0.084')
    await ui.getByRole('button', { name: 'Variations', exact: true }).click()
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toMatch(/v3 of 5/)
    const vars = (await requests())[2]!
    expect(vars.input).toMatchObject({ num_images: 3, prompt: regen.input.prompt })
    expect(await badge()).toBe('v3 of 5')
    expect(sections(await page.evaluate(() => window.playground.snapshot()))).toHaveLength(1)
    await page.screenshot({ path: shot('4-variations') })

    // Edit prompt: the panel's prompt in Prompt; Generate makes a new version with the edit.
    await ui.getByRole('button', { name: 'Edit prompt' }).click()
    const field = ui.getByRole('textbox', { name: 'Prompt' })
    // Read with the name the designer gave the element, not the token fal was sent.
    const asWritten = (regen.input.prompt as string).replaceAll('@Element1', '@Mara')
    expect(asWritten).toContain('@Mara')
    await expect.poll(() => field.inputValue()).toBe(asWritten)
    expect(await ui.getByText('Generate makes a new version of Panel 3, with its own model, settings and references.').count()).toBe(1)
    await field.fill(`${asWritten} Rain streaks across the lens.`)
    // Sent with the token again, bound to the same element.
    const edited = `${regen.input.prompt as string} Rain streaks across the lens.`
    await expect.poll(() => ui.getByLabel('Cost').textContent()).toMatch(/for 1 image/)
    await page.screenshot({ path: shot('5-edit-prompt') })
    await generate(ui)
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toMatch(/v6 of 6/)
    const last = (await requests())[3]!
    expect(last.input).toMatchObject({ prompt: edited, num_images: 1 })
    expect(last.input.elements).toEqual(series!.input.elements)
    expect(await shownRequest()).toBe(last.request_id)
    expect(sections(await page.evaluate(() => window.playground.snapshot()))).toHaveLength(1)
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
    await page.screenshot({ path: shot('6-edited') })

    // Two panels selected: Regenerate is one job each, each with its own beat, priced together first.
    await select(page, [list[0]!.node.id, list[1]!.node.id])
    await expect.poll(() => card.getByRole('listitem').count()).toBe(2)
    expect(await card.textContent()).toContain('$0.056')
    await ui.getByRole('button', { name: 'Regenerate', exact: true }).click()
    await expect.poll(async () => (await card.textContent())?.match(/v2 of 2/g)?.length ?? 0, { timeout: 20_000 }).toBe(2)
    const pair = (await requests()).slice(4)
    expect(pair.map((r) => r.input.prompt).sort()).toEqual([panelPrompt(series!.input, 1), panelPrompt(series!.input, 2)].sort())
    expect(pair.every((r) => r.input.num_images === 1)).toBe(true)
    await page.screenshot({ path: shot('7-two-panels') })
  })
})
