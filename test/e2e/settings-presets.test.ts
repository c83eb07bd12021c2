// Settings that stick (per file), presets (built-in and the designer's own, per person), and a placed
// panel's image used as the reference for the next generation, end to end in Chromium.
import sharp from 'sharp'
import { expect, it } from 'vitest'

import { BEATS } from '../../src/playground/page/starter-document'
import { panels, sections } from './canvas'
import { describeE2e, useE2e } from './harness'
import { choose, generate, jobCard, select, setAspectRatio, waitForStatus } from './plugin-ui'
import type { FrameLocator, Page } from 'playwright-core'

const RESULTS = 'test-results'

async function shot(page: Page, step: string): Promise<void> {
  await page.screenshot({ path: `${RESULTS}/e2e-settings-presets-${step}.png` })
}

async function checked(ui: FrameLocator, group: string): Promise<string> {
  const radios = ui.getByRole('radiogroup', { name: group, exact: true }).getByRole('radio')
  for (let i = 0; i < (await radios.count()); i++) {
    const radio = radios.nth(i)
    if (await radio.isChecked()) return (await radio.getAttribute('value')) ?? ''
  }
  return ''
}

async function formState(ui: FrameLocator) {
  return {
    model: await checked(ui, 'Model'),
    output: await checked(ui, 'Output'),
    resolution: await checked(ui, 'Resolution'),
    aspectRatio: ((await ui.getByRole('combobox', { name: 'Aspect ratio' }).textContent()) ?? '').trim(),
    format: await checked(ui, 'Format')
  }
}

async function reopen(page: Page, ui: FrameLocator): Promise<void> {
  await page.evaluate(() => window.playground.closePlugin())
  expect(await page.locator('iframe').count()).toBe(0)
  await page.evaluate(() => window.playground.openPlugin())
  await ui.getByRole('button', { name: 'Generate', exact: true }).waitFor({ timeout: 10_000 })
}

/** Mean colour and size of an image, to tell one picture from another without comparing bytes. */
async function look(bytes: Buffer): Promise<{ width: number; height: number; mean: number[] }> {
  const image = sharp(bytes)
  const meta = await image.metadata()
  const stats = await image.stats()
  return { width: meta.width ?? 0, height: meta.height ?? 0, mean: stats.channels.slice(0, 3).map((c) => c.mean) }
}

describeE2e('settings and presets', () => {
  const e2e = useE2e('settings-presets')

  it('the settings of the last generation are back after closing and reopening the plugin', async () => {
    const { page, ui, requests } = e2e()
    await select(page, ['Style'])
    await choose(ui, 'Model', 'V3')
    await choose(ui, 'Resolution', '2K')
    await setAspectRatio(ui, '1:1')
    await choose(ui, 'Format', 'JPEG')
    await generate(ui)
    await waitForStatus(ui, /^Done$/)
    const [request] = await requests()
    expect(request!.endpoint).toBe('fal-ai/kling-image/v3/text-to-image')
    expect(request!.input).toMatchObject({ resolution: '2K', aspect_ratio: '1:1', output_format: 'jpeg' })
    // Changed after the generation, not used: not remembered.
    await setAspectRatio(ui, '9:16')

    await reopen(page, ui)
    expect(await formState(ui)).toEqual({ model: 'v3', output: 'single', resolution: '2K', aspectRatio: '1:1', format: 'jpeg' })
    // The prompt is not remembered: it follows the selection.
    await select(page, ['Beat 2'])
    await expect.poll(() => ui.getByRole('textbox', { name: 'Prompt', exact: true }).inputValue()).toContain(BEATS[1]!)
    await shot(page, 'reopened')
  }, 60_000)

  it('"Key art 2:3 2K" sets O3, single, 2K, 2:3 in one click; a saved preset is listed after reopening and can be deleted', async () => {
    const { page, ui } = e2e()
    await select(page, ['Beat 2'])
    await choose(ui, 'Format', 'WebP')
    const presets = ui.getByRole('group', { name: 'Presets' })
    const keyArt = presets.getByRole('button', { name: 'Key art 2:3 2K' })
    expect(await keyArt.getAttribute('aria-pressed')).toBe('false')
    await keyArt.click()
    expect(await formState(ui)).toEqual({ model: 'o3', output: 'single', resolution: '2K', aspectRatio: '2:3', format: 'webp' })
    expect(await keyArt.getAttribute('aria-pressed')).toBe('true')
    await shot(page, 'key-art')

    // A built-in preset's name is refused, with the reason; a new one is saved.
    await setAspectRatio(ui, '3:2')
    expect(await keyArt.getAttribute('aria-pressed')).toBe('false')
    await ui.getByRole('button', { name: 'Save as preset' }).click()
    const name = ui.getByRole('textbox', { name: 'Preset name' })
    await name.fill('Poster 3:4 2K')
    await ui.getByRole('button', { name: 'Save preset' }).click()
    await expect.poll(() => ui.getByRole('alert').filter({ hasText: 'preset' }).allTextContents()).toEqual(['"Poster 3:4 2K" is a built-in preset; choose another name.'])
    await name.fill('Landscape 3:2 WebP')
    await ui.getByRole('button', { name: 'Save preset' }).click()
    await presets.getByRole('button', { name: 'Landscape 3:2 WebP', exact: true }).waitFor({ timeout: 5000 })
    await shot(page, 'saved-preset')

    await reopen(page, ui)
    const mine = ui.getByRole('group', { name: 'Presets' }).getByRole('button', { name: 'Landscape 3:2 WebP', exact: true })
    await mine.waitFor({ timeout: 5000 })
    // Nothing was generated, so the file remembers nothing: the defaults are back, and the saved preset restores its settings.
    expect(await formState(ui)).toMatchObject({ resolution: '1K', aspectRatio: '16:9', format: 'png' })
    await mine.click()
    expect(await formState(ui)).toEqual({ model: 'o3', output: 'single', resolution: '2K', aspectRatio: '3:2', format: 'webp' })
    expect(await mine.getAttribute('aria-pressed')).toBe('true')
    await ui.getByRole('button', { name: 'Delete preset Landscape 3:2 WebP' }).click()
    await expect.poll(() => mine.count()).toBe(0)
    await reopen(page, ui)
    await ui.getByRole('group', { name: 'Presets' }).getByRole('button', { name: 'Social 9:16' }).waitFor()
    expect(await ui.getByRole('button', { name: 'Landscape 3:2 WebP', exact: true }).count()).toBe(0)
  }, 60_000)

  it("a placed panel's image becomes the reference of the next generation, and can be removed again", async () => {
    const { page, ui, proxy, requests } = e2e()
    await select(page, ['Style'])
    await generate(ui)
    await waitForStatus(ui, /^Queued|^Submitting|^Generating|^Exporting|^Uploading/)
    const [placeholder] = panels(sections(await page.evaluate(() => window.playground.snapshot()))[0]!)
    // Before its image arrives the panel is refused, with the reason.
    await select(page, [placeholder!.node.id])
    await ui.getByRole('button', { name: 'Use as reference' }).click()
    await expect.poll(() => ui.getByRole('alert').filter({ hasText: 'no image yet' }).allTextContents()).toEqual([
      `"${placeholder!.node.name}" has no image yet. Wait for its image to arrive, then use it as a reference.`
    ])
    expect(await ui.getByRole('list', { name: 'References' }).count()).toBe(0)
    await waitForStatus(ui, /^Done$/)

    await select(page, [])
    await select(page, [placeholder!.node.id])
    await ui.getByRole('button', { name: 'Use as reference' }).click()
    const imageName = `${placeholder!.node.name} image`
    const references = ui.getByRole('list', { name: 'References' })
    await expect.poll(() => references.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining(imageName)])
    await references.scrollIntoViewIfNeeded()
    // Its thumbnail, exported for it since it is not selected.
    await expect.poll(() => references.locator('img[src^="blob:"]').count()).toBe(1)
    await shot(page, 'pinned')

    // It stays through selection changes: a text layer alone now makes an image-to-image request.
    await select(page, ['Beat 2'])
    await expect.poll(() => references.getByRole('listitem').count()).toBe(1)
    await expect.poll(() => ui.getByLabel('Cost').textContent()).toMatch(/for 1 image$/)
    await references.scrollIntoViewIfNeeded()
    await shot(page, 'pinned-with-beat')
    await generate(ui)
    await waitForStatus(ui, /^Done$/)
    const [, second] = await requests()
    expect(second!.endpoint).toBe('fal-ai/kling-image/o3/image-to-image')
    const urls = second!.input.image_urls as string[]
    expect(urls).toHaveLength(1)
    expect(second!.input.prompt).toContain(BEATS[1])

    // The uploaded reference is the panel's image (its colours, at its own 1024 px), not the panel with its caption.
    const provenance = JSON.parse((await page.evaluate((id) => window.playground.pluginData(id), placeholder!.node.id))['keyframe.provenance']!)
    const fetchBytes = async (url: string) => Buffer.from(await (await fetch(url.startsWith('http') ? url : `${proxy.url}${url}`)).arrayBuffer())
    const [sent, placed] = await Promise.all([look(await fetchBytes(urls[0]!)), look(await fetchBytes(provenance.imageUrl))])
    expect([sent.width, sent.height]).toEqual([placed.width, placed.height])
    sent.mean.forEach((v, i) => expect(Math.abs(v - placed.mean[i]!)).toBeLessThan(6))
    expect(Math.min(sent.width, sent.height)).toBeGreaterThanOrEqual(300)

    // Removed again: the next request would be text-to-image.
    await ui.getByRole('button', { name: `Remove ${imageName}` }).click()
    await expect.poll(() => references.count()).toBe(0)
    expect(await ui.getByText('No reference frames selected: this will be text-to-image.').count()).toBe(1)
    expect(await jobCard(ui).count()).toBe(2)
    expect(await page.evaluate(() => window.playground.errors())).toEqual([])
  }, 60_000)
})
