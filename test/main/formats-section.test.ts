// A Formats row against the in-memory document: one section of captioned, unnumbered panels in one row beside
// the source's section; each panel holds its own format's job, its image arriving as its first version; a
// format that ends without its image says so in its panel; a deleted source is refused before anything is made.
import { describe, expect, test } from 'vitest'

import type { JobPlan, SelectionSnapshot } from '../../src/messages'
import { makeImage } from '../host/helpers'
import { type RunningPlugin, runMain } from '../host/run-main'

type I2IPlan = Extract<JobPlan, { endpoint: 'fal-ai/kling-image/o3/image-to-image' }>

const SLOTS = [
  { label: '2:3 poster', size: { width: 848, height: 1264 } },
  { label: '16:9 thumbnail', size: { width: 1376, height: 768 } },
  { label: '9:16 story', size: { width: 768, height: 1376 } }
]

function plan(jobId: string, panelId: string, aspect: '2:3' | '16:9' | '9:16', size: { width: number; height: number }): I2IPlan {
  return {
    jobId,
    endpoint: 'fal-ai/kling-image/o3/image-to-image',
    input: { prompt: 'Keep @Image1. A keeper at dusk.', image_urls: ['https://v3.fal.media/files/panel.png'], resolution: '1K', aspect_ratio: aspect, output_format: 'png', num_images: 1 },
    panels: [{ number: 1 }],
    nominalSize: size,
    costUsd: 0.028,
    title: `${aspect} · Formats · A keeper at dusk`,
    createdAt: '2026-11-27T12:00:00.000Z',
    target: { kind: 'versions', panelId }
  }
}

const overlapping = (a: SceneNode, b: SceneNode) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

async function sourcePanel(run: RunningPlugin): Promise<{ section: SectionNode; panel: FrameNode }> {
  const single: JobPlan = {
    jobId: 'source',
    endpoint: 'fal-ai/kling-image/v3/text-to-image',
    input: { prompt: 'A keeper at dusk.', resolution: '1K', aspect_ratio: '3:2', output_format: 'png', num_images: 1 },
    panels: [{ number: 1 }],
    nominalSize: { width: 1264, height: 848 },
    costUsd: 0.028,
    title: 'Image · A keeper at dusk',
    createdAt: '2026-11-27T11:00:00.000Z'
  }
  const { sectionId } = await run.call('startJob', single)
  await run.call('recordSubmitted', { jobId: 'source', sectionId, requestId: 'req-source' })
  await run.call('fillPanel', { jobId: 'source', sectionId, number: 1, bytes: await makeImage(1264, 848), width: 1264, height: 848, sourceUrl: 'u' })
  await run.call('finishJob', { jobId: 'source', sectionId, state: 'done', message: '', toast: '' })
  const section = (await run.host.figma.getNodeByIdAsync(sectionId)) as SectionNode
  return { section, panel: section.children.find((c) => c.type === 'FRAME') as FrameNode }
}

describe('a row of formats', () => {
  test('captioned, unnumbered panels in one row, each at its aspect, beside the source, covering nothing', async () => {
    const run = await runMain()
    const { section: source, panel } = await sourcePanel(run)
    const made = await run.call('createFormatsSection', { title: 'Formats · A keeper at dusk', formats: SLOTS, costUsd: 0.084, besideId: panel.id })
    const row = (await run.host.figma.getNodeByIdAsync(made.sectionId)) as SectionNode
    expect(row.name).toBe('Formats · A keeper at dusk')
    const panels = row.children.filter((c): c is FrameNode => c.type === 'FRAME')
    expect(panels.map((p) => p.id)).toEqual(made.panelIds)
    expect(panels.map((p) => p.name)).toEqual(['2:3 poster', '16:9 thumbnail', '9:16 story'])
    expect(panels.map((p) => (p.findOne((n) => n.name === 'Caption') as TextNode).characters)).toEqual(['2:3 poster', '16:9 thumbnail', '9:16 story'])
    expect(panels.some((p) => p.findOne((n) => n.name === 'Number') !== null)).toBe(false)
    const images = panels.map((p) => p.findOne((n) => n.name === 'Image') as RectangleNode)
    expect(images.map((r) => Math.round((r.width / r.height) * 100) / 100)).toEqual([0.67, 1.79, 0.56])
    expect(new Set(panels.map((p) => p.y)).size).toBe(1)
    expect((row.findOne((n) => n.name === 'Summary') as TextNode).characters).toBe('3 formats · 2:3 poster, 16:9 thumbnail, 9:16 story · $0.084')
    expect(row.x).toBeGreaterThan(source.x + source.width)
    expect(overlapping(row, source)).toBe(false)
  })

  test("each format's job fills its own panel as its first version; one that fails says so in its panel", async () => {
    const run = await runMain()
    const { panel } = await sourcePanel(run)
    const made = await run.call('createFormatsSection', { title: 'Formats · A keeper at dusk', formats: SLOTS, costUsd: 0.084, besideId: panel.id })
    const [poster, thumb] = made.panelIds as [string, string, string]
    const a = await run.call('startJob', plan('a', poster, '2:3', SLOTS[0]!.size))
    const b = await run.call('startJob', plan('b', thumb, '16:9', SLOTS[1]!.size))
    expect([a.sectionId, b.sectionId]).toEqual([poster, thumb])
    await run.call('recordSubmitted', { jobId: 'a', sectionId: poster, requestId: 'req-a' })
    await run.call('fillPanel', { jobId: 'a', sectionId: poster, number: 1, bytes: await makeImage(848, 1264), width: 848, height: 1264, sourceUrl: 'ua' })
    await run.call('finishJob', { jobId: 'a', sectionId: poster, state: 'done', message: 'Placed 1 image.', toast: '' })
    // Sent (so it may be charged): its empty panel stays as the trace, saying why.
    await run.call('recordSubmitted', { jobId: 'b', sectionId: thumb, requestId: 'req-b' })
    await run.call('finishJob', { jobId: 'b', sectionId: thumb, state: 'failed', message: 'Kling refused the request (422).', toast: '' })

    const posterNode = (await run.host.figma.getNodeByIdAsync(poster)) as FrameNode
    expect(JSON.parse(posterNode.getPluginData('keyframe.provenance'))).toMatchObject({ requestId: 'req-a', input: { aspect_ratio: '2:3' } })
    expect(posterNode.findOne((n) => n.name === 'Status')).toBeNull()
    expect(JSON.parse(posterNode.getPluginData('keyframe.versions'))).toHaveLength(1)
    const thumbNode = (await run.host.figma.getNodeByIdAsync(thumb)) as FrameNode
    expect((thumbNode.findOne((n) => n.name === 'Status') as TextNode).characters).toBe('Not made: Kling refused the request (422).')
  })

  test('a format that will place nothing (cancelled, or not sent) leaves no empty panel: the row closes up, and goes once empty', async () => {
    const run = await runMain()
    const { section: source, panel } = await sourcePanel(run)
    const made = await run.call('createFormatsSection', { title: 'Formats · A keeper at dusk', formats: SLOTS, costUsd: 0.084, besideId: panel.id })
    const [poster, thumb, story] = made.panelIds as [string, string, string]
    const aspects = ['2:3', '16:9', '9:16'] as const
    for (const [i, id] of made.panelIds.entries()) await run.call('startJob', plan(`j${i}`, id, aspects[i]!, SLOTS[i]!.size))
    const row = (await run.host.figma.getNodeByIdAsync(made.sectionId)) as SectionNode
    const fullWidth = row.width
    const storyX = (await run.host.figma.getNodeByIdAsync(story) as FrameNode).x
    // Cancelled while queued (fal removed it): nothing placed, nothing coming.
    await run.call('recordSubmitted', { jobId: 'j1', sectionId: thumb, requestId: 'req-1' })
    await run.call('finishJob', { jobId: 'j1', sectionId: thumb, state: 'cancelled', message: 'Cancelled while queued: nothing was charged.', toast: '' })
    expect(await run.host.figma.getNodeByIdAsync(thumb)).toBeNull()
    const left = row.children.filter((c): c is FrameNode => c.type === 'FRAME')
    expect(left.map((p) => p.name)).toEqual(['2:3 poster', '9:16 story'])
    // Closed up: still one row, side by side, inside the section, clear of the source.
    expect(new Set(left.map((p) => p.y)).size).toBe(1)
    expect(overlapping(left[0]!, left[1]!)).toBe(false)
    expect(left[1]!.x).toBeLessThan(storyX)
    expect(row.width).toBeLessThan(fullWidth)
    expect(left[1]!.x + left[1]!.width).toBeLessThan(row.width)
    expect(overlapping(row, source)).toBe(false)
    // Its summary says what the row holds now, and which format was not made; the quote for three is gone.
    const summary = () => (row.findOne((n) => n.name === 'Summary') as TextNode).characters
    expect(summary()).toBe('2 of 3 formats · 2:3 poster, 9:16 story · not made: 16:9 thumbnail')

    // Failed before anything was sent, then cancelled: the last panel gone, the row goes with it.
    await run.call('finishJob', { jobId: 'j0', sectionId: poster, state: 'failed', message: 'The proxy could not be reached.', toast: '' })
    expect(row.children.filter((c) => c.type === 'FRAME').map((p) => p.name)).toEqual(['9:16 story'])
    expect(summary()).toBe('1 of 3 formats · 9:16 story · not made: 2:3 poster, 16:9 thumbnail')
    await run.call('finishJob', { jobId: 'j2', sectionId: story, state: 'cancelled', message: 'Cancelled before anything was sent: nothing was charged.', toast: '' })
    expect(await run.host.figma.getNodeByIdAsync(made.sectionId)).toBeNull()
    expect(await run.host.figma.getNodeByIdAsync(source.id)).not.toBeNull()
  })

  test('a panel whose job was never recorded (it ended while exporting or uploading) is withdrawn; one with a record or an image is not', async () => {
    const run = await runMain()
    const { panel } = await sourcePanel(run)
    const made = await run.call('createFormatsSection', { title: 'Formats · A keeper at dusk', formats: SLOTS, costUsd: 0.084, besideId: panel.id })
    const [poster, thumb, story] = made.panelIds as [string, string, string]
    // The thumbnail's job was recorded (and so ends through finishJob): its panel stays for that ending to decide.
    await run.call('startJob', plan('j1', thumb, '16:9', SLOTS[1]!.size))
    expect(await run.call('withdrawUnsent', { panelId: thumb })).toBe(false)
    expect(await run.host.figma.getNodeByIdAsync(thumb)).not.toBeNull()
    // The source panel shows an image: never withdrawn, whatever is asked.
    expect(await run.call('withdrawUnsent', { panelId: panel.id })).toBe(false)
    expect(await run.host.figma.getNodeByIdAsync(panel.id)).not.toBeNull()
    // No record: nothing was sent, nothing is coming. It goes and the row closes up; asking again changes nothing.
    expect(await run.call('withdrawUnsent', { panelId: poster })).toBe(true)
    expect(await run.host.figma.getNodeByIdAsync(poster)).toBeNull()
    expect(await run.call('withdrawUnsent', { panelId: poster })).toBe(false)
    const row = (await run.host.figma.getNodeByIdAsync(made.sectionId)) as SectionNode
    expect(row.children.filter((c) => c.type === 'FRAME').map((p) => p.name)).toEqual(['16:9 thumbnail', '9:16 story'])
    expect(await run.call('withdrawUnsent', { panelId: story })).toBe(true)
    expect(row.children.filter((c) => c.type === 'FRAME').map((p) => p.name)).toEqual(['16:9 thumbnail'])
  })

  test('selected whole, the row is its panels, not a reference', async () => {
    const run = await runMain()
    const { panel } = await sourcePanel(run)
    const made = await run.call('createFormatsSection', { title: 'Formats · A keeper at dusk', formats: SLOTS, costUsd: 0.084, besideId: panel.id })
    run.host.select([made.sectionId])
    const changed = run.next('SELECTION_CHANGED')
    run.emit('UI_READY')
    const [snapshot] = (await changed) as [SelectionSnapshot]
    expect(snapshot.references).toEqual([])
    expect(snapshot.panels.map((p) => p.caption)).toEqual(['2:3 poster', '16:9 thumbnail', '9:16 story'])
  })

  test('a source deleted before the click, or no format, is refused and nothing is made', async () => {
    const run = await runMain()
    const { panel } = await sourcePanel(run)
    const id = panel.id
    panel.remove()
    await expect(run.call('createFormatsSection', { title: 'Formats · x', formats: SLOTS, costUsd: 0.084, besideId: id })).rejects.toThrow(
      'The panel to make formats from is no longer in the file. Select a panel and try again.'
    )
    await expect(run.call('createFormatsSection', { title: 'Formats · x', formats: [], costUsd: 0 })).rejects.toThrow('No format is checked. Check at least one format.')
    expect(run.host.figma.currentPage.children.filter((n) => n.type === 'SECTION').map((n) => n.name)).toEqual(['Image · A keeper at dusk'])
  })
})
