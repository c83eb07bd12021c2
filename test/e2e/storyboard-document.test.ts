// The storyboard as a document, in Chromium: a series of 4 from the starter scene gets a name a designer can
// tell apart, its panels are rearranged on the canvas and renumbered in reading order, and two new beats
// selected with the section are appended to it as panels 5 and 6 with its element and Style line.
import { expect, it } from 'vitest'

import { readShot } from '../../src/kling/shots'
import { BEATS, STYLE } from '../../src/playground/page/starter-document'
import { expectFilled, expectNoOverlap, panels, sections } from './canvas'
import { describeE2e, useE2e } from './harness'
import { choose, generate, generateStarterSeries, jobCard, select, waitForStatus } from './plugin-ui'

const shot = (name: string) => `test-results/e2e-storyboard-document-${name}.png`

describeE2e('the storyboard as a document', () => {
  const e2e = useE2e('storyboard-document')

  it('series of 4, moved and renumbered, then two beats appended as panels 5 and 6', async () => {
    const { page, ui, requests } = e2e()
    await generateStarterSeries(page, ui)
    await waitForStatus(ui, /^Done$/)

    let snapshot = await page.evaluate(() => window.playground.snapshot())
    const [section] = sections(snapshot)
    // Named by its kind and first beat, the mention read as the name; never by the Style line.
    expect(section!.name).toBe('Storyboard · Mara steps off the night ferry onto the wet…')
    let list = panels(section!)
    expect(list.map((p) => p.number)).toEqual(['1', '2', '3', '4'])
    // A beat's shot ("Wide shot:") is the panel's shot line, not its caption's words.
    expect(list.map((p) => p.caption)).toEqual(BEATS.map((b) => readShot(b).text.replaceAll('@Mara', 'Mara')))
    expect(list.map((p) => p.shot)).toEqual([undefined, undefined, 'Close-up', 'Wide'])
    // Every row the same height.
    expect(new Set(list.map((p) => p.node.height)).size).toBe(1)
    await page.screenshot({ path: shot('1-series') })

    // The section selected: its card offers Renumber panels.
    await select(page, [section!.id])
    const card = ui.getByRole('listitem', { name: `Storyboard: ${section!.name}` })
    await expect.poll(() => card.count()).toBe(1)

    // The designer swaps panels 1 and 2 on the canvas (same row), and moves panel 4 to the front of row 2.
    const [p1, p2, p3, p4] = list.map((p) => p.node)
    await page.evaluate(
      ([a, b, c, d]) =>
        Promise.all([
          window.playground.move(a!.id, b!.x, b!.y),
          window.playground.move(b!.id, a!.x, a!.y),
          window.playground.move(d!.id, c!.x, c!.y),
          window.playground.move(c!.id, d!.x, d!.y)
        ]),
      [p1, p2, p3, p4]
    )
    await card.getByRole('button', { name: 'Renumber panels' }).click()
    await expect.poll(() => card.getByRole('status').filter({ hasText: /^Renumbered/ }).textContent()).toBe('Renumbered 4 panels in reading order.')
    snapshot = await page.evaluate(() => window.playground.snapshot())
    list = panels(sections(snapshot)[0]!)
    const byCaption = new Map(list.map((p) => [p.caption, p]))
    const caption = (i: number) => readShot(BEATS[i]!).text.replaceAll('@Mara', 'Mara')
    // Reading order now: beat 2, beat 1 / beat 4, beat 3. Number text, layer name and plugin data agree.
    const expected: [number, string][] = [
      [1, '1'],
      [0, '2'],
      [3, '3'],
      [2, '4']
    ]
    for (const [beat, n] of expected) {
      const p = byCaption.get(caption(beat))!
      expect([p.number, p.node.name]).toEqual([n, `Panel ${n}`])
      expect((await page.evaluate((id) => window.playground.pluginData(id), p.node.id))['keyframe.panel']).toBe(n)
    }
    await page.screenshot({ path: shot('2-renumbered') })

    // Two new beats typed below the scene, selected with the section: Generate appends them.
    const below = Math.max(...snapshot.children.map((n) => n.absoluteY + n.height)) + 200
    await page.evaluate((y) => window.playground.addText('Beat 5', '@Mara climbs the lighthouse stairs, lamp in hand.', 0, y), below)
    await page.evaluate((y) => window.playground.addText('Beat 6', 'At the top, @Mara looks back at the harbour lights.', 300, y), below)
    await jobCard(ui).getByRole('button', { name: /^Dismiss/ }).click()
    // A prompt typed earlier for something else is not what the new panels get (the designer found it sent).
    await select(page, ['Beat 5'])
    await ui.getByRole('textbox', { name: 'Prompt', exact: true }).fill('Key art: @Mara on the pier at night, a poster.')
    await select(page, [section!.id, 'Beat 5', 'Beat 6'])
    await expect.poll(() => ui.getByRole('textbox', { name: 'Prompt', exact: true }).inputValue()).toContain('Panel 2: At the top, @Mara looks back')
    const adds = ui.getByRole('status', { name: 'Adds to' })
    await expect.poll(() => adds.textContent()).toBe(`Generate will append panels 5–6 to "${section!.name}", with its references and settings.`)
    await expect.poll(() => ui.getByLabel('Cost').textContent()).toMatch(/for 2 images/)
    await page.screenshot({ path: shot('3-append-ready') })
    await generate(ui)
    await waitForStatus(ui, /^Done$/)

    const [first, appended, ...more] = await requests()
    expect(more).toEqual([])
    // The section's own element (already uploaded, not again) and its Style line, as a series of 2.
    expect(appended!.input.elements).toEqual(first!.input.elements)
    expect(appended!.input).toMatchObject({
      prompt: `${STYLE} Panel 1: @Element1 climbs the lighthouse stairs, lamp in hand. Panel 2: At the top, @Element1 looks back at the harbour lights.`,
      result_type: 'series',
      series_amount: 2,
      resolution: first!.input.resolution,
      aspect_ratio: first!.input.aspect_ratio
    })

    snapshot = await page.evaluate(() => window.playground.snapshot())
    const [same, ...others] = sections(snapshot)
    expect(others).toEqual([])
    expect(same!.id).toBe(section!.id)
    list = panels(same!)
    expect(list.map((p) => p.number).sort()).toEqual(['1', '2', '3', '4', '5', '6'])
    const added = list.filter((p) => p.number === '5' || p.number === '6')
    expect(added.map((p) => p.caption)).toEqual(['Mara climbs the lighthouse stairs, lamp in hand.', 'At the top, Mara looks back at the harbour lights.'])
    expectFilled(list, 16 / 9)
    expectNoOverlap(list.map((p) => p.node))
    expectNoOverlap(snapshot.children)
    const record = JSON.parse((await page.evaluate((id) => window.playground.pluginData(id), same!.id))['keyframe.jobHistory']!) as { requestId: string }[]
    expect(record.map((r) => r.requestId)).toEqual([first!.request_id])
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
    // The panel follows: the section now has 6 panels, and the same beats would go on as 7 and 8.
    await expect.poll(() => card.textContent()).toContain('6 panels')
    await expect.poll(() => adds.textContent()).toBe(`Generate will append panels 7–8 to "${section!.name}", with its references and settings.`)
    await page.screenshot({ path: shot('4-appended') })
  })
})
