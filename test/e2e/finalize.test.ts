// Finalize in Chromium: a 1K image generated, its panel selected, Finalize at 2K priced before the click, then
// sent as O3 image-to-image with the panel's own image uploaded as @Image1, and kept as v2 of 2 marked final.
// Screenshots of the card before and after.
import { join } from 'node:path'

import sharp from 'sharp'
import { expect, it } from 'vitest'

import { KEEP_FOR_FINALIZE } from '../../src/kling/from-panel-image'
import type { ResultImageSource } from '../../src/proxy/offline/generate'
import { panels, sections } from './canvas'
import { describeE2e, useE2e } from './harness'
import { choose, generate, jobCard, select, waitForStatus } from './plugin-ui'

const shot = (name: string) => join('test-results', `e2e-finalize-${name}.png`)

async function look(bytes: Buffer): Promise<{ width: number; height: number; mean: number[] }> {
  const stats = await sharp(bytes).stats()
  const meta = await sharp(bytes).metadata()
  return { width: meta.width!, height: meta.height!, mean: stats.channels.slice(0, 3).map((c) => c.mean) }
}

describeE2e('finalize', () => {
  const e2e = useE2e('finalize')

  it('turns a 1K panel into a 2K version through O3 image-to-image, its 1K image as the reference', async () => {
    const { page, ui, proxy, requests } = e2e()
    await select(page, ['Style'])
    await generate(ui)
    await waitForStatus(ui, /^Done$/, 20_000)
    const [first] = await requests()
    expect(first!.input.resolution).toBe('1K')
    const [section] = sections(await page.evaluate(() => window.playground.snapshot()))
    const panel = panels(section!)[0]!.node

    await select(page, [panel.id])
    const card = ui.getByRole('region', { name: 'Selected panels' })
    await expect.poll(() => card.textContent()).toMatch(/Finalize/)
    const finalizeAt = card.getByRole('radiogroup', { name: 'Finalize at' })
    expect(await finalizeAt.getByRole('radio').evaluateAll((radios) => radios.map((r) => (r as HTMLInputElement).value))).toEqual(['2K', '4K'])
    // The cost before the click: 4K is dearer, 2K costs one image.
    await choose(ui, 'Finalize at', '4K')
    await expect.poll(() => card.textContent()).toMatch(/same picture at 4K/)
    expect(await card.textContent()).toContain('$0.056')
    await choose(ui, 'Finalize at', '2K')
    await expect.poll(() => card.textContent()).toMatch(/same picture at 2K/)
    await card.getByRole('button', { name: 'Finalize' }).scrollIntoViewIfNeeded()
    await page.screenshot({ path: shot('1-before') })
    await card.getByRole('button', { name: 'Finalize' }).click()

    await expect.poll(() => jobCard(ui).first().textContent(), { timeout: 20_000 }).toMatch(/final 2K/)
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toMatch(/v2 of 2/)
    await expect.poll(() => card.textContent()).toMatch(/final · 2K/)
    await card.scrollIntoViewIfNeeded()
    await page.screenshot({ path: shot('2-final') })

    const all = await requests()
    expect(all).toHaveLength(2)
    const final = all[1]!
    expect(final.endpoint).toBe('fal-ai/kling-image/o3/image-to-image')
    expect(final.input).toMatchObject({ resolution: '2K', aspect_ratio: first!.input.aspect_ratio, num_images: 1 })
    expect(final.input.prompt).toBe(`${KEEP_FOR_FINALIZE} ${first!.input.prompt as string}`)
    const urls = final.input.image_urls as string[]
    expect(urls).toHaveLength(1)

    // The reference is the panel's 1K image (its pixels, at its own size), uploaded.
    const data = await page.evaluate((id) => window.playground.pluginData(id), panel.id)
    const versions = JSON.parse(data['keyframe.versions']!) as { provenance: { imageUrl: string; final?: boolean; requestId: string; input: { resolution: string } } }[]
    expect(versions.map((v) => [v.provenance.final, v.provenance.input.resolution])).toEqual([[undefined, '1K'], [true, '2K']])
    expect(versions[1]!.provenance.requestId).toBe(final.request_id)
    const fetchBytes = async (url: string) => Buffer.from(await (await fetch(url.startsWith('http') ? url : `${proxy.url}${url}`)).arrayBuffer())
    const [sent, v1] = await Promise.all([look(await fetchBytes(urls[0]!)), look(await fetchBytes(versions[0]!.provenance.imageUrl))])
    expect([sent.width, sent.height]).toEqual([v1.width, v1.height])
    sent.mean.forEach((v, i) => expect(Math.abs(v - v1.mean[i]!)).toBeLessThan(6))

    // The panel shows the 2K image at its full resolution, badge v2 of 2; the 1K one is kept as v1.
    const after = panels(sections(await page.evaluate(() => window.playground.snapshot()))[0]!)[0]!
    expect(after.image.images).toHaveLength(2)
    const badge = after.node.children?.find((c) => c.name === 'Version')?.children?.[0]?.characters
    expect(badge).toBe('v2 of 2')
    const shown = await look(await fetchBytes(versions[1]!.provenance.imageUrl))
    expect(Math.max(shown.width, shown.height)).toBe(2048)
    // 2K fits in Figma: no full-size download is offered.
    expect(await card.getByRole('button', { name: /Download full size/ }).count()).toBe(0)
    // Back on v1 the mark goes; the 1K panel is offered Finalize again.
    await card.getByRole('button', { name: 'Previous version' }).click()
    await expect.poll(() => card.textContent()).toMatch(/v1 of 2/)
    expect(await card.textContent()).not.toMatch(/final ·/)
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
  }, 90_000)
})

/** Results as fal's 4K ones can come: larger than Figma's 4096 px a side (the rest at their nominal size). */
const OVERSIZED_4K: ResultImageSource = async ({ width, height, index }) => {
  const big = Math.max(width, height) >= 4096
  const size = big ? { width: 4608, height: 2592 } : { width, height }
  const bytes = await sharp({ create: { ...size, channels: 3, background: { r: 40 + index * 30, g: 90, b: big ? 160 : 60 } } }).png().toBuffer()
  return { bytes, ...size, contentType: 'image/png' }
}

describeE2e('finalize beyond 4096 px', () => {
  const e2e = useE2e('finalize-4k', { offlineResultImages: OVERSIZED_4K })

  it("a 4K final larger than Figma's 4096 px keeps its full-size file downloadable from the card", async () => {
    const { page, ui, requests } = e2e()
    await select(page, ['Style'])
    await generate(ui)
    await waitForStatus(ui, /^Done$/, 20_000)
    const panel = panels(sections(await page.evaluate(() => window.playground.snapshot()))[0]!)[0]!.node
    await select(page, [panel.id])
    const card = ui.getByRole('region', { name: 'Selected panels' })
    await expect.poll(() => card.textContent()).toMatch(/Finalize/)
    await choose(ui, 'Finalize at', '4K')
    await expect.poll(() => card.textContent()).toMatch(/same picture at 4K/)
    await card.getByRole('button', { name: 'Finalize' }).click()
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toMatch(/final · 4K/)
    const [, final] = await requests()
    expect(final!.input).toMatchObject({ resolution: '4K' })

    // Figma holds it within 4096 px; the record keeps fal's file and its own size.
    const data = await page.evaluate((id) => window.playground.pluginData(id), panel.id)
    const record = JSON.parse(data['keyframe.provenance']!) as { final: boolean; fullSize: { width: number; height: number }; imageUrl: string }
    expect(record.final).toBe(true)
    expect(Math.max(record.fullSize.width, record.fullSize.height)).toBeGreaterThan(4096)
    const placed = panels(sections(await page.evaluate(() => window.playground.snapshot()))[0]!)[0]!.image.images!
    expect(placed).toHaveLength(2)
    const label = `Download full size (${record.fullSize.width}×${record.fullSize.height})`
    const button = card.getByRole('button', { name: label })
    await button.scrollIntoViewIfNeeded()
    await page.screenshot({ path: shot('3-full-size') })
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()])
    const file = await sharp((await download.path())!).metadata()
    expect([file.width, file.height]).toEqual([record.fullSize.width, record.fullSize.height])
    expect(download.suggestedFilename()).toMatch(/ final 4K\.(png|jpeg|webp)$/)

    // Regenerate on the final version: the same request again, and a new final version with its own full-size file.
    await card.getByRole('button', { name: 'Regenerate', exact: true }).click()
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toMatch(/v3 of 3/)
    expect(await card.textContent()).toMatch(/final · 4K/)
    const [, , again] = await requests()
    expect(again!.input).toEqual(final!.input)
    const data2 = await page.evaluate((id) => window.playground.pluginData(id), panel.id)
    const record2 = JSON.parse(data2['keyframe.provenance']!) as typeof record
    expect(record2.final).toBe(true)
    expect(record2.imageUrl).not.toBe(record.imageUrl)
    const button2 = card.getByRole('button', { name: `Download full size (${record2.fullSize.width}×${record2.fullSize.height})` })
    await button2.scrollIntoViewIfNeeded()
    await page.screenshot({ path: shot('4-regenerated-final') })
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
  }, 120_000)
})
