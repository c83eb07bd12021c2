// The exports' main-thread calls, through the real main thread on the in-memory document: the rows of the
// selected storyboards in order, blanks where a panel has no provenance, JPEG panel images at print size,
// clear refusals, and a document that is never changed by an export.
import { describe, expect, test } from 'vitest'

import type { JobPlan } from '../../src/messages'
import { inspect, makeImage } from '../host/helpers'
import { type RunningPlugin, runMain } from '../host/run-main'

function plan(jobId: string, count: number, title: string): JobPlan {
  return {
    jobId,
    endpoint: 'fal-ai/kling-image/o3/text-to-image',
    input: { prompt: `${title}: beats`, resolution: '2K', aspect_ratio: '16:9', result_type: 'series', series_amount: count },
    panels: Array.from({ length: count }, (_, i) => ({ number: i + 1, caption: `${title} beat ${i + 1}` })),
    nominalSize: { width: 2048, height: 1152 },
    costUsd: 0.028 * count,
    title,
    createdAt: '2026-11-26T12:00:00.000Z'
  }
}

async function storyboard(run: RunningPlugin, jobId: string, count: number, title: string, filled: number[]): Promise<string> {
  const { sectionId } = await run.call('startJob', plan(jobId, count, title))
  await run.call('recordSubmitted', { jobId, sectionId, requestId: `req-${jobId}` })
  for (const number of filled) {
    await run.call('fillPanel', { jobId, sectionId, number, bytes: await makeImage(1024, 576), width: 1024, height: 576, sourceUrl: `https://v3b.fal.media/files/${number}.png` })
  }
  return sectionId
}

describe('reading storyboards for export', () => {
  test('rows in panel-number order, sections in the order asked, blanks where a panel has no image yet', async () => {
    const run = await runMain()
    const a = await storyboard(run, 'a', 3, 'Harbour', [1, 3])
    const b = await storyboard(run, 'b', 2, 'Rooftop', [1, 2])
    const before = JSON.stringify(run.host.snapshot())

    const [first, second, ...more] = await run.call('readStoryboards', { sectionIds: [b, a] })
    expect(more).toEqual([])
    expect([first!.name, second!.name]).toEqual(['Rooftop', 'Harbour'])
    expect(second!.running).toBe(true) // its job was never finished
    expect(second!.panels.map((p) => p.number)).toEqual([1, 2, 3])
    expect(second!.panels[0]).toMatchObject({
      number: 1,
      caption: 'Harbour beat 1',
      prompt: 'Harbour: beats',
      model: 'Kling Image O3 text-to-image',
      resolution: '2K',
      aspectRatio: '16:9',
      costUsd: 0.028,
      requestId: 'req-a',
      hasImage: true
    })
    expect(second!.panels[0]!.imageWidth / second!.panels[0]!.imageHeight).toBeCloseTo(16 / 9, 1)
    // Panel 2 is still waiting: its row is there, with blanks and its status.
    expect(second!.panels[1]).toMatchObject({
      number: 2,
      caption: 'Harbour beat 2',
      prompt: '',
      model: '',
      resolution: '',
      aspectRatio: '',
      costUsd: null,
      requestId: '',
      hasImage: false,
      status: 'Waiting for Kling…'
    })
    // Reading changed nothing.
    expect(JSON.stringify(run.host.snapshot())).toBe(before)
  })

  test('panels the designer moved are still listed by number, and unreadable provenance leaves blanks', async () => {
    const run = await runMain()
    const id = await storyboard(run, 'a', 3, 'Harbour', [1, 2, 3])
    const section = run.host.figma.currentPage.children.find((n) => n.id === id) as SectionNode
    const panel = (n: number) => section.findOne((c) => c.name === `Panel ${n}`) as FrameNode
    // Panel 3 dragged to the top left, panel 1 to the right.
    panel(3).x = 0
    panel(3).y = 0
    panel(1).x = 2000
    panel(2).setPluginData('keyframe.provenance', '{not json')
    const [read] = await run.call('readStoryboards', { sectionIds: [id] })
    expect(read!.panels.map((p) => p.number)).toEqual([1, 2, 3])
    expect(read!.panels[1]).toMatchObject({ number: 2, caption: 'Harbour beat 2', prompt: '', requestId: '', costUsd: null, hasImage: true })
  })

  test('refusals name the problem: nothing selected, a deleted section, a section that is not a storyboard', async () => {
    const run = await runMain({
      document: { children: [{ type: 'SECTION', id: '2:5', name: 'Plain section', x: 0, y: 0, width: 400, height: 300 }] }
    })
    const id = await storyboard(run, 'a', 2, 'Harbour', [])
    await expect(run.call('readStoryboards', { sectionIds: [] })).rejects.toThrow('Select a storyboard section to export it.')
    await expect(run.call('readStoryboards', { sectionIds: [id, '2:5'] })).rejects.toThrow(
      'A selected storyboard was deleted or is no longer a Keyframe storyboard. Select it again.'
    )
    const section = run.host.figma.currentPage.children.find((n) => n.id === id) as SectionNode
    for (const panel of section.children.filter((c) => c.type === 'FRAME')) panel.remove()
    await expect(run.call('readStoryboards', { sectionIds: [id] })).rejects.toThrow('"Harbour" has no panels left to export. Select a storyboard that has panels.')
    section.remove()
    await expect(run.call('readStoryboards', { sectionIds: [id] })).rejects.toThrow('A selected storyboard was deleted')
  })
})

describe("a panel's image for the PDF", () => {
  test('JPEG at twice the canvas size, the document unchanged', async () => {
    const run = await runMain()
    const id = await storyboard(run, 'a', 2, 'Harbour', [1])
    const [read] = await run.call('readStoryboards', { sectionIds: [id] })
    const before = JSON.stringify(run.host.snapshot())
    const image = await run.call('exportPanelImage', { panelId: read!.panels[0]!.id })
    const info = await inspect(image.bytes)
    expect(info.format).toBe('jpeg')
    expect([info.width, info.height]).toEqual([image.width, image.height])
    expect(image.width).toBe(read!.panels[0]!.imageWidth * 2)
    expect(JSON.stringify(run.host.snapshot())).toBe(before)
  })

  test('a panel still waiting, or deleted, is refused by name', async () => {
    const run = await runMain()
    const id = await storyboard(run, 'a', 2, 'Harbour', [1])
    const [read] = await run.call('readStoryboards', { sectionIds: [id] })
    await expect(run.call('exportPanelImage', { panelId: read!.panels[1]!.id })).rejects.toThrow('Panel 2 has no image to export yet.')
    await expect(run.call('exportPanelImage', { panelId: id })).rejects.toThrow('A panel of this storyboard was deleted while exporting. Export again.')
  })
})
