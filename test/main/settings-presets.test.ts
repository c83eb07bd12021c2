// The main calls behind settings that stick, presets and "Use as reference", through the real main thread
// on the in-memory Figma: what is kept in the file, what is kept per person, and a panel's image as a reference.
import { describe, expect, test } from 'vitest'

import type { JobPlan } from '../../src/messages'
import { inspect, makeImage, near } from '../host/helpers'
import { runMain } from '../host/run-main'

const plan: JobPlan = {
  jobId: 'a',
  endpoint: 'fal-ai/kling-image/o3/text-to-image',
  input: { prompt: 'Mara at the harbour', resolution: '1K', aspect_ratio: '16:9', result_type: 'series', series_amount: 2 },
  panels: [
    { number: 1, caption: 'Beat 1' },
    { number: 2, caption: 'Beat 2' }
  ],
  nominalSize: { width: 1024, height: 576 },
  costUsd: 0.056,
  title: 'Mara at the harbour',
  createdAt: '2026-11-27T06:00:00.000Z'
}

/** A storyboard of two panels, the first filled with a 1024×576 image and the second still waiting. */
async function storyboard() {
  const run = await runMain({ document: { children: [] } })
  const { sectionId } = await run.call('startJob', plan)
  await run.call('recordSubmitted', { jobId: 'a', sectionId, requestId: 'req-1' })
  await run.call('fillPanel', { jobId: 'a', sectionId, number: 1, bytes: await makeImage(1024, 576, 'png', { r: 0, g: 0, b: 255 }), width: 1024, height: 576, sourceUrl: 'u' })
  const section = (await run.host.figma.getNodeByIdAsync(sectionId)) as SectionNode
  const panel = (n: number) => section.findOne((c) => c.name === `Panel ${n}`) as FrameNode
  return { run, panel }
}

const square = { model: 'v3', output: 'single', resolution: '2K', aspectRatio: '1:1', format: 'jpeg' } as const

describe("the file's remembered settings", () => {
  test('are kept in the document and read by the next run on it, by anyone; nothing stored reads as {}', async () => {
    const run = await runMain({ document: { children: [] } })
    expect(await run.call('loadFileSettings')).toEqual({})
    await run.call('saveFileSettings', square)
    expect(JSON.parse(run.host.figma.root.getPluginData('keyframe.file-settings'))).toEqual({ version: 1, ...square })
    // Another person opening the file (another machine, another clientStorage) starts from the same settings.
    const other = await runMain({ host: run.host.join({ user: { id: 'u2', name: 'Ana' } }) })
    expect(await other.call('loadFileSettings')).toEqual(square)
  })

  test('a damaged or old stored value reads as what is still valid in it, never an error', async () => {
    const run = await runMain({ document: { children: [] } })
    run.host.figma.root.setPluginData('keyframe.file-settings', '{"version":1,"model":"o3","resolution":"8K"')
    expect(await run.call('loadFileSettings')).toEqual({})
    run.host.figma.root.setPluginData('keyframe.file-settings', JSON.stringify({ version: 1, model: 'o3', resolution: '8K', format: 'webp' }))
    expect(await run.call('loadFileSettings')).toEqual({ model: 'o3', format: 'webp' })
    run.host.figma.root.setPluginData('keyframe.file-settings', JSON.stringify({ model: 'o3', format: 'webp' }))
    expect(await run.call('loadFileSettings')).toEqual({})
  })

  test('settings that are not five known choices are refused, and the stored ones are kept', async () => {
    const run = await runMain({ document: { children: [] } })
    await run.call('saveFileSettings', square)
    await expect(run.call('saveFileSettings', { ...square, resolution: '8K' as '4K' })).rejects.toThrow(
      'Settings to remember need a model, output, resolution, aspect ratio and format the catalog knows.'
    )
    expect(await run.call('loadFileSettings')).toEqual(square)
  })
})

describe("a designer's presets", () => {
  test('are kept per person: the same person reopening sees them, another person does not', async () => {
    const run = await runMain({ document: { children: [] } })
    expect(await run.call('loadPresets')).toEqual([])
    expect(await run.call('savePreset', { name: ' Square ', settings: square })).toEqual([{ name: 'Square', settings: square }])
    const again = await runMain({ host: run.host.join({ clientStorage: run.host.clientStorage }) })
    expect(await again.call('loadPresets')).toEqual([{ name: 'Square', settings: square }])
    const someoneElse = await runMain({ host: run.host.join({ user: { id: 'u2', name: 'Ana' } }) })
    expect(await someoneElse.call('loadPresets')).toEqual([])
    expect(await again.call('deletePreset', { name: 'Square' })).toEqual([])
    expect(await runMain({ host: run.host.join({ clientStorage: run.host.clientStorage }) }).then((r) => r.call('loadPresets'))).toEqual([])
  })

  test('a taken name is refused with the reason and nothing changes; what another version stored is read with a check', async () => {
    const run = await runMain({ document: { children: [] } })
    await run.call('savePreset', { name: 'Square', settings: square })
    await expect(run.call('savePreset', { name: 'square', settings: square })).rejects.toThrow(
      'You already have a preset named "square"; choose another name or delete that one first.'
    )
    await expect(run.call('savePreset', { name: 'Banner 21:9 4K', settings: square })).rejects.toThrow('"Banner 21:9 4K" is a built-in preset; choose another name.')
    expect(await run.call('loadPresets')).toEqual([{ name: 'Square', settings: square }])
    run.host.clientStorage.set('keyframe.presets', { Square: square })
    expect(await run.call('loadPresets')).toEqual([])
    run.host.clientStorage.set('keyframe.presets', [{ name: 'Old', settings: { model: 'o3' } }, { name: 'Good', settings: square }, 'junk'])
    expect(await run.call('loadPresets')).toEqual([{ name: 'Good', settings: square }])
  })
})

describe('"Use as reference" on a panel', () => {
  test("gives the panel's image layer as a reference, at the image's own size, checked as frames are", async () => {
    const { run, panel } = await storyboard()
    const image = panel(1).findOne((c) => c.name === 'Image')!
    const before = JSON.stringify(run.host.snapshot())
    const reference = await run.call('panelReference', { panelId: panel(1).id })
    expect(reference).toEqual({ id: image.id, name: 'Panel 1 image', type: 'RECTANGLE', width: 1024, height: 576, defaultRole: 'image', problems: [] })
    // The layer is 480×270 on the canvas, under Kling's 300 px: it is exported at the image's pixels.
    expect([image.width, image.height]).toEqual([480, 270])
    const exported = await run.call('exportReference', { nodeId: image.id, maxSide: 1024 })
    expect([exported.width, exported.height]).toEqual([1024, 576])
    const pixels = await inspect(exported.bytes, { x: 512, y: 288 })
    // Only the image (blue), not the panel's white frame with its number and caption.
    expect(near(pixels.pixel, [0, 0, 255])).toBe(true)
    expect(near((await inspect(exported.bytes, { x: 2, y: 570 })).pixel, [0, 0, 255])).toBe(true)
    // Bounded like any reference: a smaller maxSide is respected.
    const bounded = await run.call('exportReference', { nodeId: image.id, maxSide: 512 })
    expect([bounded.width, bounded.height]).toEqual([512, 288])
    // Nothing on the canvas changed.
    expect(JSON.stringify(run.host.snapshot())).toBe(before)
  })

  test('is refused clearly while the panel has no image yet, and for a node that is not a panel', async () => {
    const { run, panel } = await storyboard()
    await expect(run.call('panelReference', { panelId: panel(2).id })).rejects.toThrow(
      '"Panel 2" has no image yet. Wait for its image to arrive, then use it as a reference.'
    )
    const caption = panel(1).findOne((c) => c.name === 'Caption')!
    await expect(run.call('panelReference', { panelId: caption.id })).rejects.toThrow('That panel is no longer in the file. Select a panel again.')
    const gone = panel(1).id
    const pinned = await run.call('panelReference', { panelId: gone })
    panel(1).remove()
    await expect(run.call('panelReference', { panelId: gone })).rejects.toThrow('That panel is no longer in the file. Select a panel again.')
    // A pinned image whose panel was deleted is named as such when Generate exports it.
    await expect(run.call('exportReference', { nodeId: pinned.id, maxSide: 1024 })).rejects.toThrow(
      'A reference was deleted from the file. Select it again, or remove it from the references.'
    )
  })

  test('a small image is named with the fix, and a hidden panel is flagged', async () => {
    const { run, panel } = await storyboard()
    const section = panel(2).parent as SectionNode
    const sectionId = section.id
    await run.call('fillPanel', { jobId: 'a', sectionId, number: 2, bytes: await makeImage(280, 160), width: 280, height: 160, sourceUrl: 'v' })
    const small = await run.call('panelReference', { panelId: panel(2).id })
    expect(small.problems.map((p) => p.message)).toEqual(['"Panel 2 image" is 280×160 px; Kling needs at least 300 px on each side.'])
    panel(1).visible = false
    const hidden = await run.call('panelReference', { panelId: panel(1).id })
    expect(hidden.problems).toEqual([{ reason: 'hidden', message: '"Panel 1 image" is hidden, so it would export empty.', fix: 'Show "Panel 1" (or remove it).' }])
  })

  test('any frame is exported with the pixels of the image behind it (bounded by maxSide), not only its canvas size (#15)', async () => {
    const run = await runMain({
      document: {
        children: [
          { type: 'RECTANGLE', id: '2:1', name: 'Photo', x: 0, y: 0, width: 400, height: 300, fills: [{ type: 'IMAGE', image: await makeImage(1600, 1200) }] },
          { type: 'FRAME', id: '2:2', name: 'Plain', x: 500, y: 0, width: 400, height: 300, fills: [{ type: 'SOLID', color: '#888888' }] }
        ]
      }
    })
    const exported = await run.call('exportReference', { nodeId: '2:1', maxSide: 1024 })
    expect([exported.width, exported.height]).toEqual([1024, 768])
    // With no image behind it and big enough for Kling, a frame is exported at its canvas size.
    const plain = await run.call('exportReference', { nodeId: '2:2', maxSide: 1024 })
    expect([plain.width, plain.height]).toEqual([400, 300])
  })
})

describe('what clientStorage holds, read back with a check', () => {
  test('damaged proxy settings are said so, the defaults stand in, and the stored value is left as it was', async () => {
    const damaged = { proxyUrl: 42, token: ['not', 'a', 'token'] }
    const run = await runMain({ document: { children: [] } })
    run.host.clientStorage.set('keyframe.settings', damaged)
    const settings = await run.call('loadSettings')
    expect(settings).toMatchObject({ token: '', isDefault: true })
    expect(settings.problem).toMatch(/^The saved proxy settings on this machine cannot be read .*they were left as they are\. .*Save to replace them\.$/)
    expect(run.host.clientStorage.get('keyframe.settings')).toBe(damaged)
  })

  test('upload cache entries that are not [hash, url] pairs are skipped when looking up and kept when adding', async () => {
    const odd = { hash: 'h0' }
    const run = await runMain({ document: { children: [] } })
    run.host.clientStorage.set('keyframe.uploads', [odd, ['h1', 'https://x/1.png']])
    expect(await run.call('lookupUploads', ['h1', 'h0'])).toEqual({ h1: 'https://x/1.png' })
    await run.call('rememberUpload', { hash: 'h2', url: 'https://x/2.png' })
    expect(run.host.clientStorage.get('keyframe.uploads')).toEqual([odd, ['h1', 'https://x/1.png'], ['h2', 'https://x/2.png']])
  })
})
