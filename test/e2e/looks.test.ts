// Looks in Chromium: a generated panel selected, four looks chosen and their total cost shown before the click,
// then four O3 image-to-image requests with the panel's image as image_urls[0] and each treatment in its
// prompt, placed as a "Looks · …" contact sheet of four captioned panels; then one look used on the source
// panel, which shows it as its newest version. Screenshots of the card and the canvas.
import { join } from 'node:path'

import sharp from 'sharp'
import { expect, it } from 'vitest'

import { KEEP_FOR_LOOKS } from '../../src/kling/looks'
import { DEFAULT_TREATMENTS } from '../../src/kling/treatments'
import { expectNoOverlap, panels, sections } from './canvas'
import { describeE2e, useE2e } from './harness'
import { generate, select, waitForStatus } from './plugin-ui'

const shot = (name: string) => join('test-results', `e2e-looks-${name}.png`)
async function stats(bytes: Buffer): Promise<{ width: number; height: number; mean: number[] }> {
  const meta = await sharp(bytes).metadata()
  return { width: meta.width!, height: meta.height!, mean: (await sharp(bytes).stats()).channels.slice(0, 3).map((c) => c.mean) }
}
const phrase = (name: string) => DEFAULT_TREATMENTS.find((t) => t.name === name)!.phrase

describeE2e('looks', () => {
  const e2e = useE2e('looks')

  it('makes a contact sheet of 4 looks from a panel, and one click makes a look the panel\'s current version', async () => {
    const { page, ui, proxy, requests } = e2e()
    await select(page, ['Style'])
    await generate(ui)
    await waitForStatus(ui, /^Done$/, 20_000)
    const [first] = await requests()
    const [section] = sections(await page.evaluate(() => window.playground.snapshot()))
    const source = panels(section!)[0]!.node

    await select(page, [source.id])
    const card = ui.getByRole('region', { name: 'Selected panels' })
    await card.getByRole('button', { name: 'Looks' }).click()
    const looks = card.getByRole('group', { name: 'Looks' })
    // Four are ticked to start; the designer swaps Overcast for Noir.
    await looks.getByRole('checkbox', { name: 'Overcast' }).click({ force: true })
    await looks.getByRole('checkbox', { name: 'Noir' }).click({ force: true })
    const chosen = ['Golden hour', 'Neon night', 'Candlelit', 'Noir']
    for (const name of chosen) await expect.poll(() => looks.getByRole('checkbox', { name }).isChecked()).toBe(true)
    expect(await looks.getByRole('checkbox', { name: 'Overcast' }).isChecked()).toBe(false)
    // The total before the click: four 1K images.
    await expect.poll(() => looks.textContent()).toMatch(/\$0\.112.* in all/)
    await looks.getByRole('button', { name: 'Make 4 looks' }).scrollIntoViewIfNeeded()
    await page.screenshot({ path: shot('1-chooser') })
    await looks.getByRole('button', { name: 'Make 4 looks' }).click()

    await expect.poll(async () => (await requests()).length, { timeout: 30_000 }).toBe(5)
    const sent = (await requests()).slice(1)
    const imageUrls = new Set<string>()
    for (const request of sent) {
      expect(request.endpoint).toBe('fal-ai/kling-image/o3/image-to-image')
      expect(request.input).toMatchObject({ resolution: first!.input.resolution, aspect_ratio: first!.input.aspect_ratio })
      const urls = request.input.image_urls as string[]
      expect(urls).toHaveLength(1)
      imageUrls.add(urls[0]!)
      expect((request.input.prompt as string).startsWith(KEEP_FOR_LOOKS)).toBe(true)
    }
    // Every look starts from the same upload (sent once): the panel's own image, its pixels and size.
    expect(imageUrls.size).toBe(1)
    const fetchBytes = async (url: string) => Buffer.from(await (await fetch(url.startsWith('http') ? url : `${proxy.url}${url}`)).arrayBuffer())
    const data0 = await page.evaluate((id) => window.playground.pluginData(id), source.id)
    const shownUrl = (JSON.parse(data0['keyframe.provenance']!) as { imageUrl: string }).imageUrl
    const [upload, original] = await Promise.all([stats(await fetchBytes([...imageUrls][0]!)), stats(await fetchBytes(shownUrl))])
    expect([upload.width, upload.height]).toEqual([original.width, original.height])
    upload.mean.forEach((v, i) => expect(Math.abs(v - original.mean[i]!)).toBeLessThan(6))
    const prompts = sent.map((r) => r.input.prompt as string)
    for (const name of chosen) expect(prompts.filter((p) => p.includes(phrase(name))), name).toHaveLength(1)
    expect(prompts.some((p) => p.includes(phrase('Overcast')))).toBe(false)

    // The contact sheet: four captioned, unnumbered panels, each with its image, overlapping nothing.
    const sheetOf = async () => sections(await page.evaluate(() => window.playground.snapshot())).find((s) => s.name.startsWith('Looks · '))
    await expect.poll(async () => (await sheetOf()) && panels((await sheetOf())!).filter((p) => p.status === undefined && (p.image.images?.length ?? 0) > 0).length, { timeout: 30_000 }).toBe(4)
    const sheet = (await sheetOf())!
    // A single image's section and panel share their name: said once.
    expect(sheet.name).toBe(section!.name === source.name ? `Looks · ${source.name}` : `Looks · ${section!.name} · ${source.name}`)
    const lookPanels = panels(sheet)
    expect(lookPanels.map((p) => p.caption)).toEqual(chosen)
    expect(lookPanels.map((p) => p.number)).toEqual(['', '', '', ''])
    const page1 = await page.evaluate(() => window.playground.snapshot())
    expectNoOverlap(sections(page1))
    // One notification for the sheet, once its last look has ended: not one per look.
    const notes = () => page.evaluate(() => window.playground.notifications())
    await expect.poll(notes, { timeout: 10_000 }).toContain('Placed 4 looks')
    expect((await notes()).filter((n) => /^Placed/.test(n))).toEqual([expect.stringMatching(/^Placed 1 image/), 'Placed 4 looks'])
    await page.screenshot({ path: shot('2-canvas') })

    // Noir on the source panel: one click, and the source shows it as v2 of 2.
    const noir = lookPanels.find((p) => p.caption === 'Noir')!.node
    await select(page, [noir.id])
    const use = card.getByRole('button', { name: `Use this look on ${source.name}` })
    await use.scrollIntoViewIfNeeded()
    await page.screenshot({ path: shot('3-look-card') })
    await use.click()
    await select(page, [source.id])
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toMatch(/v2 of 2/)
    const data = await page.evaluate((id) => window.playground.pluginData(id), source.id)
    const versions = JSON.parse(data['keyframe.versions']!) as { provenance: { look?: string; endpoint: string; input: { prompt: string } } }[]
    expect(versions).toHaveLength(2)
    expect(versions[1]!.provenance).toMatchObject({ look: 'Noir', endpoint: 'fal-ai/kling-image/o3/image-to-image' })
    expect(versions[1]!.provenance.input.prompt).toContain(phrase('Noir'))
    const shownNow = panels(sections(await page.evaluate(() => window.playground.snapshot())).find((s) => s.id === section!.id)!)[0]!
    expect(shownNow.image.images).toHaveLength(2)
    await card.scrollIntoViewIfNeeded()
    await page.screenshot({ path: shot('4-source-v2') })

    // The designer's list: High-key removed and Noir renamed, saved on this machine and used from then on.
    await card.getByRole('button', { name: 'Looks' }).click()
    await card.getByRole('group', { name: 'Looks' }).getByRole('button', { name: 'Edit list' }).click()
    const editor = card.getByRole('group', { name: 'Edit looks' })
    await editor.getByLabel('Look 6 name').fill('Film noir')
    await editor.getByRole('button', { name: 'Remove' }).nth(4).click()
    await editor.getByRole('button', { name: 'Save looks' }).scrollIntoViewIfNeeded()
    await page.screenshot({ path: shot('5-edit-list') })
    await editor.getByRole('button', { name: 'Save looks' }).click()
    const edited = card.getByRole('group', { name: 'Looks' })
    await expect.poll(async () => (await edited.getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => b.closest('label')?.textContent ?? '')))).toEqual([
      'Golden hour', 'Overcast', 'Neon night', 'Candlelit', 'Film noir'
    ])
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
  }, 120_000)
})
