// Formats in Chromium: a 1K image generated, its panel selected, Formats with the three default deliverables
// priced as one total before the click, then three O3 image-to-image requests with the panel's image as
// image_urls[0], placed as a labelled row of three panels beside the source, each at its own aspect.
// Screenshots of the card before and of the canvas after.
import { join } from 'node:path'

import { expect, it } from 'vitest'

import { setOfflineFaults } from '../../src/dev/offline-control'
import { KEEP_FOR_FORMATS } from '../../src/kling/formats'
import { expectFilled, expectNoOverlap, panels, sections } from './canvas'
import { describeE2e, useE2e } from './harness'
import { generate, select, waitForStatus } from './plugin-ui'

const shot = (name: string) => join('test-results', `e2e-formats-${name}.png`)

describeE2e('formats', () => {
  const e2e = useE2e('formats')

  it('makes a labelled row of three aspects from one panel, priced before anything runs', async () => {
    const { page, ui, requests } = e2e()
    await select(page, ['Style'])
    await generate(ui)
    await waitForStatus(ui, /^Done$/, 20_000)
    const [first] = await requests()
    expect(first!.input.resolution).toBe('1K')
    const [source] = sections(await page.evaluate(() => window.playground.snapshot()))
    const panel = panels(source!)[0]!.node
    const firstUrl = JSON.parse((await page.evaluate((id) => window.playground.pluginData(id), panel.id))['keyframe.provenance']!) as { imageUrl: string }

    await select(page, [panel.id])
    const card = ui.getByRole('region', { name: 'Selected panels' })
    const formats = card.getByRole('group', { name: 'Formats' })
    await expect.poll(() => formats.textContent()).toMatch(/3 formats · would cost \$0\.084 live/)
    // Every deliverable the catalog offers O3 image-to-image is listed; the poster, thumbnail and story checked.
    const boxes = formats.getByRole('checkbox')
    expect(await boxes.count()).toBe(5)
    expect(await boxes.evaluateAll((list) => list.map((b) => (b as HTMLInputElement).checked))).toEqual([true, true, true, false, false])
    // Nothing has run yet: one request (the 1K image), one section.
    expect(await requests()).toHaveLength(1)
    await formats.getByRole('button', { name: 'Formats' }).scrollIntoViewIfNeeded()
    await page.screenshot({ path: shot('1-card') })
    await formats.getByRole('button', { name: 'Formats' }).click()

    await expect.poll(async () => (await requests()).length, { timeout: 20_000 }).toBe(4)
    const sent = (await requests()).slice(1)
    expect(sent.map((r) => r.endpoint)).toEqual(Array(3).fill('fal-ai/kling-image/o3/image-to-image'))
    expect(sent.map((r) => r.input.aspect_ratio).sort()).toEqual(['16:9', '2:3', '9:16'])
    for (const r of sent) {
      expect(r.input).toMatchObject({ resolution: '1K', num_images: 1 })
      expect(r.input.prompt).toBe(`${KEEP_FOR_FORMATS} ${first!.input.prompt as string}`)
      const urls = r.input.image_urls as string[]
      expect(urls).toHaveLength(1)
      // The panel's image, uploaded (not the first result's URL sent back).
      expect(urls[0]).not.toBe(firstUrl.imageUrl)
    }

    // One section "Formats · …" of three panels captioned with their labels, unnumbered, each at its aspect.
    const row = async () => sections(await page.evaluate(() => window.playground.snapshot())).find((s) => s.name.startsWith('Formats · '))
    await expect.poll(async () => panels((await row())!).filter((p) => p.status === undefined).length, { timeout: 30_000 }).toBe(3)
    const section = (await row())!
    const placed = panels(section)
    expect(placed.map((p) => p.caption)).toEqual(['2:3 poster', '16:9 thumbnail', '9:16 story'])
    expect(placed.map((p) => p.number)).toEqual(['', '', ''])
    expectFilled([placed[0]!], 2 / 3)
    expectFilled([placed[1]!], 16 / 9)
    expectFilled([placed[2]!], 9 / 16)
    // A row: the three side by side, and the section beside the source, overlapping nothing.
    expect(new Set(placed.map((p) => p.node.y)).size).toBe(1)
    const all = sections(await page.evaluate(() => window.playground.snapshot()))
    expect(all).toHaveLength(2)
    expectNoOverlap(all)
    expect(section.absoluteX).toBeGreaterThan(source!.absoluteX + source!.width)
    // Each format's request is its panel's record.
    for (const p of placed) {
      const record = JSON.parse((await page.evaluate((id) => window.playground.pluginData(id), p.node.id))['keyframe.provenance']!) as { requestId: string }
      expect(sent.map((r) => r.request_id)).toContain(record.requestId)
    }
    // One notification for the click, once its last format has ended: not one per format.
    const notes = () => page.evaluate(() => window.playground.notifications())
    await expect.poll(notes, { timeout: 10_000 }).toContain('Placed 3 formats')
    await page.screenshot({ path: shot('2-canvas') })
    expect((await notes()).filter((n) => /^Placed/.test(n))).toEqual([expect.stringMatching(/^Placed 1 image/), 'Placed 3 formats'])
    // Selected whole, the row is its three panels (not a picture to use as a reference).
    await select(page, [section.id])
    await expect.poll(() => card.textContent()).toMatch(/2:3 poster.*16:9 thumbnail.*9:16 story/)
    await page.screenshot({ path: shot('3-row-selected') })
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
  }, 90_000)

  it('from a prompt: the checked aspects, one job each with the same element and prompt, into one labelled row', async () => {
    const { page, ui, proxy, requests } = e2e()
    await select(page, ['@Mara', 'Beat 1', 'Style'])
    const formats = ui.getByRole('group', { name: 'Formats' })
    await expect.poll(() => formats.textContent()).toMatch(/3 formats · would cost \$0\.084 live/)
    // Swap the story for the square: still three, in the row's own order.
    // The checkbox's input covers its label: a click on the label lands on it.
    await formats.getByRole('checkbox', { name: '9:16 story' }).click()
    await formats.getByRole('checkbox', { name: '1:1 square' }).click()
    await expect.poll(() => formats.textContent()).toMatch(/3 formats · would cost \$0\.084 live/)
    expect(await requests()).toHaveLength(0)
    await formats.getByRole('button', { name: 'Formats' }).scrollIntoViewIfNeeded()
    await page.screenshot({ path: shot('4-prompt-form') })
    await formats.getByRole('button', { name: 'Formats' }).click()

    await expect.poll(async () => (await requests()).length, { timeout: 20_000 }).toBe(3)
    const sent = await requests()
    expect(sent.map((r) => r.input.aspect_ratio).sort()).toEqual(['16:9', '1:1', '2:3'])
    const [one, ...rest] = sent
    // The jobs run at once and share one upload of @Mara, so each sends the same element.
    type Element = { frontal_image_url: string }
    const bytes = async (url: string) => Buffer.from(await (await fetch(url.startsWith('http') ? url : `${proxy.url}${url}`)).arrayBuffer())
    const frontal = await bytes((one!.input.elements as Element[])[0]!.frontal_image_url)
    for (const r of rest) {
      expect(r.endpoint).toBe(one!.endpoint)
      expect(r.input.prompt).toBe(one!.input.prompt)
      expect(r.input.resolution).toBe(one!.input.resolution)
      const elements = r.input.elements as Element[]
      expect(elements).toHaveLength(1)
      expect((await bytes(elements[0]!.frontal_image_url)).equals(frontal)).toBe(true)
    }
    // One upload: every format names the same file.
    expect(new Set(sent.map((r) => (r.input.elements as Element[])[0]!.frontal_image_url)).size).toBe(1)
    expect((one!.input.elements as unknown[]).length).toBe(1)
    expect(one!.input.prompt as string).toMatch(/@Element1/)

    const row = async () => sections(await page.evaluate(() => window.playground.snapshot())).find((s) => s.name.startsWith('Formats · '))
    await expect.poll(async () => panels((await row())!).filter((p) => p.status === undefined).length, { timeout: 30_000 }).toBe(3)
    const placed = panels((await row())!)
    expect(placed.map((p) => p.caption)).toEqual(['2:3 poster', '16:9 thumbnail', '1:1 square'])
    expectFilled([placed[0]!], 2 / 3)
    expectFilled([placed[1]!], 16 / 9)
    expectFilled([placed[2]!], 1)
    expect(sections(await page.evaluate(() => window.playground.snapshot()))).toHaveLength(1)
    await expect.poll(() => page.evaluate(() => window.playground.notifications()), { timeout: 10_000 }).toContain('Placed 3 formats')
    await page.screenshot({ path: shot('5-prompt-row') })
    expect((await page.evaluate(() => window.playground.notifications())).filter((n) => /^Placed/.test(n))).toEqual(['Placed 3 formats'])
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
  }, 90_000)

  it('one format cancelled while queued: its panel goes, the row closes up, and one notification names it', async () => {
    const { page, ui, proxy, requests } = e2e()
    // A busy fal: the formats wait in the queue long enough for one to be cancelled there.
    expect((await setOfflineFaults(proxy.url, { holdInQueueMs: 5_000 })).status).toBe(200)
    await select(page, ['@Mara', 'Beat 1', 'Style'])
    const formats = ui.getByRole('group', { name: 'Formats' })
    await expect.poll(() => formats.textContent()).toMatch(/3 formats/)
    await formats.getByRole('button', { name: 'Formats' }).click()
    await expect.poll(async () => (await requests()).length, { timeout: 20_000 }).toBe(3)
    const thumbnail = ui.getByRole('listitem', { name: /^Job: 16:9 thumbnail · Formats/ })
    await expect.poll(() => thumbnail.getByRole('status').textContent(), { timeout: 10_000 }).toMatch(/^Queued/)
    await thumbnail.getByRole('button', { name: 'Cancel' }).click()
    // Finished and not the newest, its card folds to one line.
    await expect.poll(() => thumbnail.textContent(), { timeout: 10_000 }).toMatch(/· Cancelled/)

    const notes = () => page.evaluate(() => window.playground.notifications())
    await expect.poll(notes, { timeout: 30_000 }).toContain('Placed 2 of 3 formats; 16:9 thumbnail cancelled')
    await page.screenshot({ path: shot('6-one-cancelled') })
    expect(await notes()).toEqual(['Placed 2 of 3 formats; 16:9 thumbnail cancelled'])
    const row = sections(await page.evaluate(() => window.playground.snapshot())).find((s) => s.name.startsWith('Formats · '))!
    const placed = panels(row)
    expect(placed.map((p) => p.caption)).toEqual(['2:3 poster', '9:16 story'])
    expect(placed.every((p) => p.status === undefined)).toBe(true)
    expect(placed[1]!.node.x).toBeGreaterThan(placed[0]!.node.x + placed[0]!.node.width)
    expect(row.width).toBeLessThan(placed[1]!.node.x + placed[1]!.node.width + 200)
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
    await fetch(`${proxy.url}/__offline/faults`, { method: 'DELETE' })
  }, 90_000)
})
