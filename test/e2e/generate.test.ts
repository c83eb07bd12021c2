// Text-to-image through the whole product: the panel in Chromium, the built main thread on the
// in-memory document, the real fal client and the proxy's offline fal.
import { expect, it } from 'vitest'

import { BEATS, STYLE } from '../../src/playground/page/starter-document'
import { expectFilled, expectNoOverlap, panels, sections } from './canvas'
import { announceSkip, describeE2e, useE2e } from './harness'
import { choose, clickSelect, generate, jobCard, setAspectRatio, setCount, waitForStatus } from './plugin-ui'

announceSkip()

describeE2e('text to image', () => {
  const e2e = useE2e('generate')

  it('V3 single image from two text layers selected on the canvas', async () => {
    const { page, ui, requests } = e2e()
    await clickSelect(page, ['Style', 'Beat 2'])
    expect((await page.evaluate(() => window.playground.snapshot())).selection).toHaveLength(2)
    const prompt = ui.getByRole('textbox', { name: 'Prompt' })
    await expect.poll(() => prompt.inputValue()).toBe(`${STYLE} ${BEATS[1]}`)

    await choose(ui, 'Model', 'V3')
    await choose(ui, 'Output', 'Single')
    await setAspectRatio(ui, '3:2')
    // The e2e proxy is offline: figures say what they would cost live (mode-and-money.test.ts).
    await expect.poll(() => ui.getByLabel('Cost').textContent()).toMatch(/\$\d+\.\d+ live for 1 image/)
    await generate(ui)
    await waitForStatus(ui, /^Done$/)
    expect(await jobCard(ui).textContent()).toMatch(/Placed 1 image · would cost \$\d+\.\d+ live/)

    const [request, ...others] = await requests()
    expect(others).toEqual([])
    expect(request!.endpoint).toBe('fal-ai/kling-image/v3/text-to-image')
    expect(request!.input).toMatchObject({ prompt: `${STYLE} ${BEATS[1]}`, aspect_ratio: '3:2', resolution: '1K', num_images: 1 })

    const snapshot = await page.evaluate(() => window.playground.snapshot())
    const [section, ...more] = sections(snapshot)
    expect(more).toEqual([])
    // Named by its kind and its beat, never by the Style line; a single image is not "Panel 1".
    expect(section!.name).toBe('Image · She scans the crowd under the harbour lamps…')
    const list = panels(section!)
    expect(list.map((p) => [p.node.name, p.number])).toEqual([['Image', '']])
    expectFilled(list, 3 / 2)
    expectNoOverlap(snapshot.children)
    // The designer's selection is untouched.
    expect(snapshot.selection).toHaveLength(2)

    const provenance = JSON.parse((await page.evaluate((id) => window.playground.pluginData(id), list[0]!.node.id))['keyframe.provenance']!)
    expect(provenance).toMatchObject({ endpoint: 'fal-ai/kling-image/v3/text-to-image', requestId: request!.request_id })
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
  })

  it('four variations in one section', async () => {
    const { page, ui, requests } = e2e()
    await page.evaluate(() => window.playground.select(['Beat 3', '@Mara']))
    await expect.poll(() => ui.getByRole('textbox', { name: 'Prompt' }).inputValue()).toBe(BEATS[2])
    await choose(ui, 'Output', 'Variations')
    await setCount(ui, 4)
    await expect.poll(() => ui.getByLabel('Cost').textContent()).toMatch(/for 4 images/)
    await generate(ui)
    await waitForStatus(ui, /^Done$/)
    expect(await jobCard(ui).textContent()).toMatch(/Placed 4 images/)
    expect(await jobCard(ui).getByRole('button', { name: /Dismiss/ }).count()).toBe(1)

    const [request] = await requests()
    expect(request!.endpoint).toBe('fal-ai/kling-image/o3/text-to-image')
    expect(request!.input).toMatchObject({ prompt: BEATS[2]!.replace('@Mara', '@Element1'), num_images: 4, aspect_ratio: '16:9' })

    const snapshot = await page.evaluate(() => window.playground.snapshot())
    const [section] = sections(snapshot)
    const list = panels(section!)
    // A contact sheet, not a numbered storyboard.
    expect(list.map((p) => [p.node.name, p.number])).toEqual([1, 2, 3, 4].map((n) => [`Variation ${n}`, '']))
    expect(section!.name).toBe('Variations · Mara as the lighthouse beam sweeps across her…')
    expectFilled(list, 16 / 9)
    expectNoOverlap(list.map((p) => p.node))
    expectNoOverlap(snapshot.children)
    // Four different images, not one placed four times.
    expect(new Set(list.map((p) => p.image.images![0]!.hash)).size).toBe(4)
  })

  it('WebP from fal is re-encoded in the panel before Figma sees it, at 2K 9:16', async () => {
    const { page, ui, requests } = e2e()
    await page.evaluate(() => window.playground.select(['Beat 4', '@Mara']))
    await expect.poll(() => ui.getByRole('textbox', { name: 'Prompt' }).inputValue()).toBe(BEATS[3])
    await choose(ui, 'Output', 'Single')
    await choose(ui, 'Resolution', '2K')
    await choose(ui, 'Format', 'WebP')
    await setAspectRatio(ui, '9:16')
    await generate(ui)
    await waitForStatus(ui, /^Done$/)

    const [request] = await requests()
    expect(request!.input).toMatchObject({ output_format: 'webp', resolution: '2K', aspect_ratio: '9:16' })
    const list = panels(sections(await page.evaluate(() => window.playground.snapshot()))[0]!)
    // figma.createImage refuses WebP: a filled panel means the UI converted it, at full size, and to
    // JPEG, since the result has no transparency (a PNG would be several times the bytes).
    expectFilled(list, 9 / 16)
    expect(list[0]!.image.images![0]).toMatchObject({ width: 1152, height: 2048, format: 'JPEG' })
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
  })
})
