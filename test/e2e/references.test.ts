// Generations from frames on the canvas: O3 image-to-image with two reference images, and an O3 series
// storyboard from four beats with the character as an element.
import sharp from 'sharp'
import { expect, it } from 'vitest'

import { readShot } from '../../src/kling/shots'
import { BEATS, STYLE } from '../../src/playground/page/starter-document'
import { expectFilled, expectNoOverlap, overlaps, panels, sections } from './canvas'
import { describeE2e, useE2e } from './harness'
import { choose, generate, jobCard, select, setAspectRatio, waitForStatus } from './plugin-ui'

/** Fetches an uploaded reference from the offline CDN and reads its real pixel size. */
async function imageAt(url: string): Promise<{ width: number; height: number; format: string }> {
  const bytes = Buffer.from(await (await fetch(url)).arrayBuffer())
  const meta = await sharp(bytes).metadata()
  return { width: meta.width ?? 0, height: meta.height ?? 0, format: meta.format ?? '' }
}

describeE2e('references', () => {
  const e2e = useE2e('references')

  it('O3 image-to-image with two reference images', async () => {
    const { page, ui, requests } = e2e()
    await select(page, ['@Mara', 'Harbour at dusk', 'Beat 2'])
    const references = ui.getByRole('list', { name: 'References' })
    await expect.poll(() => references.getByRole('listitem').count()).toBe(2)
    // Frames named with @ start as elements; here Mara is a look reference.
    await choose(ui, 'Role of @Mara', 'Image')
    await choose(ui, 'Role of Harbour at dusk', 'Image')
    await setAspectRatio(ui, '1:1')
    await generate(ui)
    await waitForStatus(ui, /^Done$/)

    const [request, ...others] = await requests()
    expect(others).toEqual([])
    expect(request!.endpoint).toBe('fal-ai/kling-image/o3/image-to-image')
    const urls = request!.input.image_urls as string[]
    expect(urls).toHaveLength(2)
    expect(request!.input.prompt).toContain(BEATS[1])
    // Both frames were really exported and uploaded: portrait first (4:5), then the harbour (16:10).
    const [mara, harbour] = await Promise.all(urls.map(imageAt))
    expect(mara!.width / mara!.height).toBeCloseTo(400 / 500, 1)
    expect(harbour!.width / harbour!.height).toBeCloseTo(640 / 400, 1)
    for (const image of [mara!, harbour!]) expect(Math.min(image.width, image.height)).toBeGreaterThanOrEqual(300)

    const snapshot = await page.evaluate(() => window.playground.snapshot())
    const [section, ...more] = sections(snapshot)
    expect(more).toEqual([])
    const list = panels(section!)
    expect(list).toHaveLength(1)
    expectFilled(list, 1)
    expectNoOverlap(snapshot.children)
    const provenance = JSON.parse((await page.evaluate((id) => window.playground.pluginData(id), list[0]!.node.id))['keyframe.provenance']!)
    expect(provenance.input.image_urls).toEqual(urls)
  })

  it('O3 series of 4 from four beats with @Mara as an element', async () => {
    const { page, ui, requests } = e2e()
    await select(page, ['Beat 3', 'Beat 1', 'Style', '@Mara', 'Beat 4', 'Beat 2'])
    await choose(ui, 'Output', 'Series')
    const roles = ui.getByRole('radiogroup', { name: 'Role of @Mara' })
    expect(await roles.getByRole('radio', { name: 'Element' }).isChecked()).toBe(true)
    expect(await ui.getByRole('textbox', { name: 'Count' }).inputValue()).toBe('4')
    await expect.poll(() => ui.getByLabel('Cost').textContent()).toMatch(/for 4 images/)
    await generate(ui)
    await waitForStatus(ui, /^Done$/)
    expect(await jobCard(ui).textContent()).toMatch(/Placed 4 images/)

    const [request] = await requests()
    expect(request!.endpoint).toMatch(/^fal-ai\/kling-image\/o3\//)
    expect(request!.input).toMatchObject({ result_type: 'series', series_amount: 4 })
    const elements = request!.input.elements as Array<{ frontal_image_url: string }>
    expect(elements).toHaveLength(1)
    expect((await imageAt(elements[0]!.frontal_image_url)).width).toBeGreaterThanOrEqual(300)
    const prompt = request!.input.prompt as string
    expect(prompt.startsWith(STYLE)).toBe(true)
    BEATS.forEach((beat, i) => expect(prompt).toContain(`Panel ${i + 1}: ${beat.replaceAll('@Mara', '@Element1')}`))

    const snapshot = await page.evaluate(() => window.playground.snapshot())
    const [section, ...more] = sections(snapshot)
    expect(more).toEqual([])
    const list = panels(section!)
    expect(list.map((p) => p.number)).toEqual(['1', '2', '3', '4'])
    // Captions read as prose: the mention is the name, the full stop stays.
    expect(list.map((p) => p.caption)).toEqual(BEATS.map((b) => readShot(b).text.replaceAll('@Mara', 'Mara')))
    expectFilled(list, 16 / 9)
    // Reading order: each panel is right of the previous one in its row, or starts a lower row.
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1]!.node, list[i]!.node]
      expect(b.y > a.y + a.height - 1 || (b.y === a.y && b.x > a.x + a.width)).toBe(true)
    }
    expectNoOverlap(list.map((p) => p.node))
    for (const p of list) {
      // Captions sit below the image, inside the panel.
      const caption = p.node.children!.find((c) => c.name === 'Caption')!
      expect(caption.y).toBeGreaterThanOrEqual(p.image.y + p.image.height)
      expect(caption.y + caption.height).toBeLessThanOrEqual(p.node.height)
    }
    for (const other of snapshot.children.filter((n) => n.id !== section!.id)) expect(overlaps(section!, other), other.name).toBe(false)
  })
})
