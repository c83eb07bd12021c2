// A generation from Generate to filled panels, through every real part but the browser.
import { afterEach, beforeAll, describe, expect, test } from 'vitest'

import type { DocumentJson } from '../../src/host/figma'
import type { NodeSnapshot } from '../../src/host/figma/snapshot'
import { DEFAULT_SETTINGS, toGenerationSettings } from '../../src/ui/form/form-settings'
import type { FormSettings } from '../../src/ui/form/form-settings'
import { runJob } from '../../src/ui/jobs/run-job'
import { panels } from '../helpers/page-snapshot'
import { type Harness, pngOf, recorder, sectionsOf, startHarness } from './harness'

let document: DocumentJson
beforeAll(async () => {
  document = {
    children: [
      { type: 'FRAME', id: '2:1', name: '@Mara', x: 0, y: 0, width: 600, height: 800, fills: [{ type: 'IMAGE', image: await pngOf(600, 800, { r: 200, g: 120, b: 90 }) }] },
      { type: 'FRAME', id: '2:2', name: 'Harbour at dusk', x: 0, y: 900, width: 1200, height: 800, fills: [{ type: 'IMAGE', image: await pngOf(1200, 800, { r: 40, g: 60, b: 120 }) }] },
      { type: 'TEXT', id: '3:1', name: 'Beat 1', x: 700, y: 0, width: 300, characters: 'Mara steps off the ferry into the rain.' },
      { type: 'TEXT', id: '3:2', name: 'Beat 2', x: 700, y: 100, width: 300, characters: 'She crosses the night market.' },
      { type: 'TEXT', id: '3:3', name: 'Beat 3', x: 700, y: 200, width: 300, characters: 'A stranger follows her.' },
      { type: 'TEXT', id: '3:4', name: 'Beat 4', x: 700, y: 300, width: 300, characters: 'She turns to face him.' }
    ]
  }
})

let harness: Harness | undefined
afterEach(async () => {
  await harness?.stop()
  harness = undefined
})

const beats = (h: Harness) =>
  ['3:1', '3:2', '3:3', '3:4'].map((id, i) => {
    const node = h.plugin.host.figma.currentPage.findOne((n) => n.id === id) as TextNode
    return { id, name: node.name, text: node.characters, x: 700, y: i * 100, width: 300, height: 20 }
  })

function settings(over: Partial<FormSettings>, drafted = '') {
  return toGenerationSettings({ ...DEFAULT_SETTINGS, ...over }, drafted)
}

/** A section's panel frames (their parts are read by layer name below). */
const panelNodes = (section: NodeSnapshot): NodeSnapshot[] => panels(section).map((p) => p.node)

const child = (panel: NodeSnapshot, name: string) => panel.children?.find((c) => c.name === name)

describe('a generation end to end', () => {
  test('an O3 series of four with @Mara as an element fills four numbered, captioned panels', async () => {
    harness = await startHarness({ document })
    const control = recorder('job-1')
    const { draftPrompt } = await import('../../src/kling/prompt-draft')
    const layers = beats(harness)
    const drafted = draftPrompt(layers, 'series').prompt.replace('Mara steps', '@Mara steps')
    await runJob(
      harness.deps,
      { jobId: 'job-1', title: 'Mara arrives', references: [{ id: '2:1', name: '@Mara', role: 'element' }], textLayers: layers, settings: settings({ output: 'series', prompt: drafted }) },
      control
    )
    expect(control.last.phase, control.last.message).toBe('done')
    expect(control.phases).toEqual(['exporting', 'uploading', 'submitting', 'queued', 'generating', 'downloading', 'placing', 'done'])
    expect(control.last.message).toBe('Placed 4 images · $0.112.')

    const [section] = sectionsOf(harness)
    expect(section?.name).toBe('Mara arrives')
    const placed = panelNodes(section!)
    expect(placed.map((p) => p.name)).toEqual(['Panel 1', 'Panel 2', 'Panel 3', 'Panel 4'])
    expect(placed.map((p) => child(p, 'Caption')?.characters)).toEqual([
      'Mara steps off the ferry into the rain.',
      'She crosses the night market.',
      'A stranger follows her.',
      'She turns to face him.'
    ])
    for (const panel of placed) {
      const image = child(panel, 'Image')?.images?.[0]
      expect(image).toMatchObject({ width: 1024, height: 576 }) // 1K 16:9, the offline render's real size
      expect(child(panel, 'Status')).toBeUndefined()
      expect(panel.pluginData).toContain('keyframe.provenance')
    }

    // What fal received: the element's uploaded frontal image, and the canonical token in the prompt.
    const [request] = await harness.requests()
    expect(request?.endpoint).toBe('fal-ai/kling-image/o3/text-to-image')
    expect(request?.input).toMatchObject({ result_type: 'series', series_amount: 4 })
    expect(String(request?.input.prompt)).toContain('@Element1 steps off the ferry')
    const elements = request?.input.elements as { frontal_image_url: string }[]
    expect(elements[0]?.frontal_image_url).toMatch(/^http:\/\/.+\/__offline\/files\//)

    // Provenance: endpoint, full input, request id, index, cost and time; never a token.
    const panelNode = harness.plugin.host.figma.currentPage.findOne((n) => n.name === 'Panel 2') as FrameNode
    const provenance = JSON.parse(panelNode.getPluginData('keyframe.provenance'))
    expect(provenance).toMatchObject({ endpoint: 'fal-ai/kling-image/o3/text-to-image', requestId: request?.request_id, index: 2 })
    expect(provenance.input.elements[0].frontal_image_url).toBe(elements[0]?.frontal_image_url)
    expect(JSON.stringify(provenance)).not.toMatch(/bearer|token/i)

    // A finished job is no longer listed as unfinished.
    expect(await harness.plugin.call('pendingJobs')).toEqual({ mine: [], others: [] })
  })

  test('4 variations from O3 image-to-image with two references, uploaded once and reused next time', async () => {
    harness = await startHarness({ document })
    const refs = [
      { id: '2:1', name: '@Mara', role: 'image' as const },
      { id: '2:2', name: 'Harbour at dusk', role: 'image' as const }
    ]
    const job = (jobId: string) =>
      runJob(
        harness!.deps,
        { jobId, title: 'Mara at the harbour', references: refs, textLayers: [], settings: settings({ output: 'variations', prompt: '@Mara standing in @Harbour at dusk, cinematic rim light' }) },
        recorder(jobId)
      )
    await job('first')
    await job('second')
    const requests = await harness.requests()
    expect(requests).toHaveLength(2)
    expect(requests[0]?.input.image_urls).toHaveLength(2)
    // The same bytes are not uploaded twice: the second request reuses the first one's URLs.
    expect(requests[1]?.input.image_urls).toEqual(requests[0]?.input.image_urls)
    expect(String(requests[0]?.input.prompt)).toBe('@Image1 standing in @Image2, cinematic rim light') // the whole layer name "Harbour at dusk" is one token
    const [first, second] = sectionsOf(harness)
    expect(panelNodes(first!).every((p) => child(p, 'Image')?.images?.length === 1)).toBe(true)
    expect(panelNodes(second!)).toHaveLength(4)
    // Two sections side by side, not overlapping each other or the frames they came from.
    const boxes = harness.plugin.host.snapshot().children.map((n) => ({ name: n.name, x: n.x, y: n.y, r: n.x + n.width, b: n.y + n.height }))
    for (const a of boxes) for (const b of boxes) {
      if (a === b) continue
      const overlap = a.x < b.r && b.x < a.r && a.y < b.b && b.y < a.b
      expect(overlap, `${a.name} overlaps ${b.name}`).toBe(false)
    }
  })
})
