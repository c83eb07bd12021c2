// A cast that follows you: a beat mentions @Ines, whose frame sits in the Cast section on another page and is
// not selected; the plugin finds her through its cast index and sends her as an element, her angles included.
import sharp from 'sharp'
import { expect, it } from 'vitest'

import { describeE2e, useE2e } from './harness'
import { generate, select, waitForStatus } from './plugin-ui'

const BEAT = '@Ines waits at the end of the pier, lantern raised against the fog.'

/** An uploaded image's size, and its pixels at 30×37 (RGB) to tell pictures apart. */
async function imageAt(url: string): Promise<{ width: number; height: number; pixels: Buffer }> {
  const bytes = Buffer.from(await (await fetch(url)).arrayBuffer())
  const meta = await sharp(bytes).metadata()
  const pixels = await sharp(bytes).resize(30, 37, { fit: 'fill' }).removeAlpha().raw().toBuffer()
  return { width: meta.width ?? 0, height: meta.height ?? 0, pixels }
}

/** Mean absolute difference per channel, 0…255. */
const difference = (a: Buffer, b: Buffer): number => a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] ?? 0)), 0) / a.length

describeE2e('cast', () => {
  const e2e = useE2e('cast')

  it('a beat mentioning @Ines uses her from the Cast page, with her two angles, unselected', async () => {
    const { page, ui, requests } = e2e()
    await page.evaluate((text) => window.playground.addText('Beat 5', text, 0, 820), BEAT)
    await select(page, ['Beat 5'])
    const references = ui.getByRole('list', { name: 'References' })
    await expect.poll(() => references.getByRole('listitem').count()).toBe(1)
    const row = references.getByRole('listitem').first()
    await expect.poll(() => row.textContent()).toContain('@Ines')
    expect(await row.textContent()).toContain('from the Cast, 2 angles')
    // Its thumbnail arrives (an exported image of the frame on the other page).
    await expect.poll(() => row.locator('img').count()).toBe(1)
    await expect.poll(() => ui.getByLabel('Cost').textContent()).toMatch(/\$/)
    await page.screenshot({ path: 'test-results/e2e-cast-panel.png' })

    await generate(ui)
    await waitForStatus(ui, /^Done$/)
    const [request, ...others] = await requests()
    expect(others).toEqual([])
    expect(request!.endpoint).toBe('fal-ai/kling-image/o3/text-to-image')
    expect(request!.input.prompt).toBe(BEAT.replace('@Ines', '@Element1'))
    const elements = request!.input.elements as Array<{ frontal_image_url: string; reference_image_urls?: string[] }>
    expect(elements).toHaveLength(1)
    expect(elements[0]!.reference_image_urls).toHaveLength(2)
    const [front, left, right] = await Promise.all([elements[0]!.frontal_image_url, ...elements[0]!.reference_image_urls!].map(imageAt))
    // Each is its own picture at Kling's size rules: the frontal alone (its frame clips the angles beside it).
    for (const image of [front!, left!, right!]) {
      expect(image.width / image.height).toBeCloseTo(300 / 375, 1)
      expect(Math.min(image.width, image.height)).toBeGreaterThanOrEqual(300)
    }
    // Three different pictures (the face turned), not one export sent three times.
    expect(difference(front!.pixels, left!.pixels)).toBeGreaterThan(3)
    expect(difference(left!.pixels, right!.pixels)).toBeGreaterThan(3)
  })

  it('@Theo\'s angles are his frame\'s image fills: the face is the first fill, the next two ride on it', async () => {
    const { page, ui, requests } = e2e()
    const beat = '@Theo leans on the ferry rail, watching the lighthouse.'
    await page.evaluate((text) => window.playground.addText('Beat 5', text, 0, 820), beat)
    await select(page, ['Beat 5'])
    const references = ui.getByRole('list', { name: 'References' })
    await expect.poll(() => references.getByRole('listitem').count()).toBe(1)
    const row = references.getByRole('listitem').first()
    await expect.poll(() => row.textContent()).toContain('@Theo')
    expect(await row.textContent()).toContain('from the Cast, 2 angles')
    await expect.poll(() => row.locator('img').count()).toBe(1)
    expect(await ui.getByRole('alert').count()).toBe(0)
    await expect.poll(() => ui.getByLabel('Cost').textContent()).toMatch(/\$/)
    await page.screenshot({ path: 'test-results/e2e-cast-fills-panel.png' })

    await generate(ui)
    await waitForStatus(ui, /^Done$/)
    const [request, ...others] = await requests()
    expect(others).toEqual([])
    expect(request!.input.prompt).toBe(beat.replace('@Theo', '@Element1'))
    const elements = request!.input.elements as Array<{ frontal_image_url: string; reference_image_urls?: string[] }>
    expect(elements).toHaveLength(1)
    expect(elements[0]!.reference_image_urls).toHaveLength(2)
    const [front, left, right] = await Promise.all([elements[0]!.frontal_image_url, ...elements[0]!.reference_image_urls!].map(imageAt))
    // Each fill's own image (1200×1500) drawn to 1K's reference size, not the 300×375 frame exported with its
    // top fill drawn over the rest.
    for (const image of [front!, left!, right!]) expect([image.width, image.height]).toEqual([819, 1024])
    expect(difference(front!.pixels, left!.pixels)).toBeGreaterThan(3)
    expect(difference(front!.pixels, right!.pixels)).toBeGreaterThan(3)
    expect(difference(left!.pixels, right!.pixels)).toBeGreaterThan(3)
  })

  it('a dropped cast member and a typo read as unknown mentions whose fix says what to do', async () => {
    const { page, ui, requests } = e2e()
    await page.evaluate((text) => window.playground.addText('Beat 5', text, 0, 820), BEAT)
    await select(page, ['Beat 5'])
    const references = ui.getByRole('list', { name: 'References' })
    await expect.poll(() => references.getByRole('listitem').count()).toBe(1)
    await ui.getByRole('button', { name: 'Drop @Ines from this generation' }).click()
    const alerts = () => ui.getByRole('alert').allTextContents().then((t) => t.join(' '))
    await expect.poll(alerts).toContain('which you dropped from this generation')
    expect(await alerts()).toContain('to bring @Ines back')
    await page.screenshot({ path: 'test-results/e2e-cast-dropped.png' })

    const prompt = ui.getByRole('textbox', { name: 'Prompt' })
    await prompt.fill('@Ins waits at the end of the pier.')
    await expect.poll(alerts).toContain('Did you mean @Ines?')
    expect(await requests()).toEqual([])
  })
})
