// The main thread's placement, against the in-memory document: sections clear of existing work,
// placeholders of the right shape, panels filled or failed in place, and nothing of the user's touched.
import { describe, expect, test } from 'vitest'

import type { JobPlan } from '../../src/messages'
import { makeImage } from '../host/helpers'
import { type RunningPlugin, runMain } from '../host/run-main'

const document = {
  children: [
    { type: 'FRAME' as const, id: '2:1', name: 'Poster', x: 0, y: 0, width: 800, height: 1200, fills: [{ type: 'SOLID' as const, color: '#223344' }] },
    { type: 'FRAME' as const, id: '2:2', name: 'Moodboard', x: 900, y: 0, width: 1500, height: 900, fills: [{ type: 'SOLID' as const, color: '#556677' }] }
  ],
  selection: ['Poster']
}

/** A plan for O3 text-to-image, its input typed for that endpoint. */
type O3Plan = Extract<JobPlan, { endpoint: 'fal-ai/kling-image/o3/text-to-image' }>

function plan(jobId: string, count: number, over: Partial<O3Plan> = {}): O3Plan {
  return {
    jobId,
    endpoint: 'fal-ai/kling-image/o3/text-to-image',
    input: { prompt: 'Neon harbour', resolution: '2K', aspect_ratio: '16:9', result_type: 'series', series_amount: count },
    panels: Array.from({ length: count }, (_, i) => ({ number: i + 1, caption: `Beat ${i + 1}` })),
    nominalSize: { width: 2048, height: 1152 },
    costUsd: 0.028 * count,
    title: 'Neon harbour',
    createdAt: '2026-11-26T12:00:00.000Z',
    ...over
  }
}

const sectionOf = (run: RunningPlugin) => run.host.figma.currentPage.children.find((n) => n.type === 'SECTION') as SectionNode
const panel = (section: SectionNode, n: number) => section.findOne((c) => c.name === `Panel ${n}`) as FrameNode

describe('placing a storyboard', () => {
  test('the section appears clear of existing work, with one placeholder per panel, and the viewport moves to it', async () => {
    const run = await runMain({ document })
    const before = JSON.stringify(run.host.snapshot().children.filter((n) => n.type !== 'SECTION'))
    await run.call('startJob', plan('a', 4))
    const section = sectionOf(run)
    expect(section.name).toBe('Neon harbour')
    for (const other of run.host.figma.currentPage.children.filter((n) => n !== section)) {
      const a = section.absoluteBoundingBox!
      const b = other.absoluteBoundingBox!
      expect(a.x >= b.x + b.width || a.x + a.width <= b.x || a.y >= b.y + b.height || a.y + a.height <= b.y).toBe(true)
    }
    expect(section.children.filter((c) => c.name.startsWith('Panel ')).map((p) => (p as FrameNode).findOne((c) => c.name === 'Image')!.width)).toEqual([480, 480, 480, 480])
    expect((panel(section, 1).findOne((c) => c.name === 'Image') as RectangleNode).height).toBe(270)
    expect((panel(section, 3).findOne((c) => c.name === 'Caption') as TextNode).characters).toBe('Beat 3')
    // 16:9 panels in a 2×2 grid.
    expect(panel(section, 2).x).toBeGreaterThan(panel(section, 1).x)
    expect(panel(section, 3).y).toBeGreaterThan(panel(section, 1).y)
    // The user's selection and nodes are untouched; the view went to the new section.
    expect(run.host.snapshot().selection).toEqual(['2:1'])
    expect(JSON.stringify(run.host.snapshot().children.filter((n) => n.type !== 'SECTION'))).toBe(before)
    const view = run.host.viewportHistory.at(-1)!
    expect(view.x).toBeLessThanOrEqual(section.x)
    expect(view.x + view.width).toBeGreaterThanOrEqual(section.x + section.width)
  })

  test('a second job goes below the first, left-aligned, never on top of it; a repeated name is numbered', async () => {
    const run = await runMain({ document })
    await run.call('startJob', plan('a', 2))
    await run.call('startJob', plan('b', 9))
    await run.call('startJob', plan('c', 1, { input: { prompt: 'x', resolution: '1K', aspect_ratio: '16:9', num_images: 1 } }))
    const [a, b, c] = run.host.figma.currentPage.children.filter((n): n is SectionNode => n.type === 'SECTION')
    expect(b!.x).toBe(a!.x)
    expect(b!.y).toBeGreaterThanOrEqual(a!.y + a!.height)
    expect(c!.y).toBeGreaterThanOrEqual(b!.y + b!.height)
    expect([a!.name, b!.name, c!.name]).toEqual(['Neon harbour', 'Neon harbour (2)', 'Neon harbour (3)'])
  })

  test('only a series is numbered: a single image is "Image" and variations a contact sheet, without badges', async () => {
    const run = await runMain({ document })
    const single = { prompt: 'x', resolution: '1K', aspect_ratio: '16:9', num_images: 1 } as const
    await run.call('startJob', plan('a', 1, { input: single, panels: [{ number: 1 }] }))
    await run.call('startJob', plan('b', 3, { input: { ...single, num_images: 3 }, panels: [1, 2, 3].map((number) => ({ number })) }))
    await run.call('startJob', plan('c', 2))
    const [a, b, c] = run.host.figma.currentPage.children.filter((n): n is SectionNode => n.type === 'SECTION')
    const names = (s: SectionNode) => s.children.filter((n) => n.type === 'FRAME').map((n) => n.name)
    const numbers = (s: SectionNode) => s.findAll((n) => n.name === 'Number').map((n) => (n as TextNode).characters)
    expect([names(a!), numbers(a!)]).toEqual([['Image'], []])
    expect([names(b!), numbers(b!)]).toEqual([['Variation 1', 'Variation 2', 'Variation 3'], []])
    expect([names(c!), numbers(c!)]).toEqual([['Panel 1', 'Panel 2'], ['1', '2']])
    // Legible at 100%: bold, bigger than the caption, white on a dark badge behind it.
    const number = panel(c!, 1).findOne((n) => n.name === 'Number') as TextNode
    const badge = panel(c!, 1).findOne((n) => n.name === 'Badge') as RectangleNode
    expect(number.fontSize).toBeGreaterThanOrEqual(20)
    expect((number.fontName as FontName).style).toBe('Bold')
    expect(badge.x <= number.x && badge.x + badge.width >= number.x + number.width && badge.y <= number.y && badge.y + badge.height >= number.y + number.height).toBe(true)
  })

  test('in a grid every panel is as tall as the tallest, so every row has the same height', async () => {
    const run = await runMain({ document })
    const long = 'A caption long enough to wrap over several lines under its panel, as a designer writes when the beat needs it.'
    const panels = [{ number: 1, caption: 'Short.' }, { number: 2, caption: long }, { number: 3, caption: 'Short.' }, { number: 4 }]
    await run.call('startJob', plan('a', 4, { panels }))
    const section = sectionOf(run)
    const heights = [1, 2, 3, 4].map((n) => panel(section, n).height)
    expect(new Set(heights).size).toBe(1)
    const caption = panel(section, 2).findOne((c) => c.name === 'Caption') as TextNode
    expect(caption.y + caption.height).toBeLessThanOrEqual(panel(section, 2).height)
    // Rows start at the same distance: row 2 is one panel height and a gap below row 1.
    expect(panel(section, 3).y - panel(section, 1).y).toBe(heights[0]! + 32)
  })

  test('a panel with a shot shows it on its own small line under the caption; one without has none', async () => {
    const run = await runMain({ document })
    const panels = [
      { number: 1, caption: 'Mara walks to the pier.', shot: { type: 'Wide' as const, lens: '24 mm' } },
      { number: 2, shot: { type: 'Close-up' as const } },
      { number: 3, caption: 'The gate shuts.' },
      { number: 4, caption: 'A caption long enough to wrap over several lines under its panel, as a designer writes when the beat needs it.', shot: { type: 'Insert' as const } }
    ]
    const { sectionId } = await run.call('startJob', plan('a', 4, { panels }))
    const section = sectionOf(run)
    const shotOf = (n: number) => panel(section, n).findOne((c) => c.name === 'Shot') as TextNode | null
    const captionOf = (n: number) => panel(section, n).findOne((c) => c.name === 'Caption') as TextNode
    expect(shotOf(1)!.characters).toBe('Wide · 24 mm')
    expect(shotOf(1)!.fontSize).toBeLessThan(captionOf(1).fontSize as number)
    expect(shotOf(1)!.y).toBeGreaterThanOrEqual(captionOf(1).y + captionOf(1).height)
    expect(shotOf(1)!.x).toBe(captionOf(1).x)
    // No caption: the shot sits beside the badge, where the caption would be.
    expect(shotOf(2)!.characters).toBe('Close-up')
    expect(shotOf(3)).toBeNull()
    // Rows stay even, and the shot line under a long caption is inside its panel.
    expect(new Set([1, 2, 3, 4].map((n) => panel(section, n).height)).size).toBe(1)
    expect(shotOf(4)!.y + shotOf(4)!.height).toBeLessThanOrEqual(panel(section, 4).height)
    // The image's provenance records the shot; a panel without one records none (as before).
    await run.call('recordSubmitted', { jobId: 'a', sectionId, requestId: 'req-1' })
    for (const number of [1, 3]) {
      await run.call('fillPanel', { jobId: 'a', sectionId, number, bytes: await makeImage(1024, 576), width: 1024, height: 576, sourceUrl: 'u' })
    }
    expect(JSON.parse(panel(sectionOf(run), 1).getPluginData('keyframe.provenance')).shot).toEqual({ type: 'Wide', lens: '24 mm' })
    expect(JSON.parse(panel(sectionOf(run), 3).getPluginData('keyframe.provenance'))).not.toHaveProperty('shot')
    expect(shotOf(1)!.characters).toBe('Wide · 24 mm')
  })

  test('a caption the designer edited survives later fills', async () => {
    const run = await runMain({ document })
    const { sectionId } = await run.call('startJob', plan('a', 2))
    const caption = panel(sectionOf(run), 1).findOne((c) => c.name === 'Caption') as TextNode
    await run.host.figma.loadFontAsync(caption.fontName as FontName)
    caption.characters = 'Mara, soaked, at the quay.'
    for (const number of [1, 2]) {
      await run.call('fillPanel', { jobId: 'a', sectionId, number, bytes: await makeImage(1024, 576), width: 1024, height: 576, sourceUrl: 'u' })
    }
    expect((panel(sectionOf(run), 1).findOne((c) => c.name === 'Caption') as TextNode).characters).toBe('Mara, soaked, at the quay.')
  })

  test('filling a panel sets its image at the image aspect ratio and removes the waiting text', async () => {
    const run = await runMain({ document })
    const { sectionId } = await run.call('startJob', plan('a', 2))
    await run.call('recordSubmitted', { jobId: 'a', sectionId, requestId: 'req-1' })
    await run.call('fillPanel', { jobId: 'a', sectionId, number: 2, bytes: await makeImage(1024, 1024), width: 1024, height: 1024, sourceUrl: 'https://v3b.fal.media/files/x.png' })
    const p = panel(sectionOf(run), 2)
    const image = p.findOne((c) => c.name === 'Image') as RectangleNode
    expect((image.fills as ImagePaint[])[0]?.type).toBe('IMAGE')
    expect([image.width, image.height]).toEqual([480, 480])
    expect(p.findOne((c) => c.name === 'Status')).toBeNull()
    const provenance = JSON.parse(p.getPluginData('keyframe.provenance'))
    expect(provenance).toMatchObject({ requestId: 'req-1', index: 2, imageUrl: 'https://v3b.fal.media/files/x.png', costUsd: 0.028, requestCostUsd: 0.056 })
    // The other panel still waits.
    expect((panel(sectionOf(run), 1).findOne((c) => c.name === 'Status') as TextNode).characters).toBe('Waiting for Kling…')
  })

  test('a failed panel says why in the panel, and never overwrites an image already placed', async () => {
    const run = await runMain({ document })
    const { sectionId } = await run.call('startJob', plan('a', 2))
    await run.call('fillPanel', { jobId: 'a', sectionId, number: 1, bytes: await makeImage(1024, 576), width: 1024, height: 576, sourceUrl: 'u' })
    await run.call('failPanel', { jobId: 'a', sectionId, number: 1, message: 'late failure' })
    await run.call('failPanel', { jobId: 'a', sectionId, number: 2, message: 'fal returned 1 of 2 images.' })
    const section = sectionOf(run)
    expect(panel(section, 1).findOne((c) => c.name === 'Status')).toBeNull()
    expect((panel(section, 2).findOne((c) => c.name === 'Status') as TextNode).characters).toBe('Image 2 did not arrive: fal returned 1 of 2 images.')
  })

  test('a panel the designer deleted is named when its image arrives, and the others still fill', async () => {
    const run = await runMain({ document })
    const { sectionId } = await run.call('startJob', plan('a', 3))
    await run.call('fillPanel', { jobId: 'a', sectionId, number: 1, bytes: await makeImage(1024, 576), width: 1024, height: 576, sourceUrl: 'u' })
    panel(sectionOf(run), 2).remove()
    const image = { jobId: 'a', sectionId, bytes: await makeImage(1024, 576), width: 1024, height: 576, sourceUrl: 'u' }
    await expect(run.call('fillPanel', { ...image, number: 2 })).rejects.toThrow('Panel 2 is missing from "Neon harbour"; was it deleted?')
    await run.call('fillPanel', { ...image, number: 3 })
    expect((panel(sectionOf(run), 3).findOne((c) => c.name === 'Image') as RectangleNode).fills).toMatchObject([{ type: 'IMAGE' }])
  })

  test('unfinished jobs are listed for a reopened plugin; finished and deleted ones are not', async () => {
    const run = await runMain({ document })
    const a = await run.call('startJob', plan('a', 1))
    await run.call('recordSubmitted', { jobId: 'a', ...a, requestId: 'req-a' })
    const b = await run.call('startJob', plan('b', 1))
    await run.call('recordSubmitted', { jobId: 'b', ...b, requestId: 'req-b' })
    await run.call('startJob', plan('c', 1))
    await run.call('finishJob', { jobId: 'b', ...b, state: 'done', message: '', toast: '' })
    const sections = run.host.figma.currentPage.children.filter((n): n is SectionNode => n.type === 'SECTION')
    sections[2]!.remove() // the designer deleted job c's section
    const pending = await run.call('pendingJobs')
    expect(pending.mine.map((j) => [j.jobId, j.state, j.requestId])).toEqual([['a', 'submitted', 'req-a']])
    expect(pending.others).toEqual([])
  })

  test('a cancelled job that placed nothing leaves nothing behind, and says so', async () => {
    const run = await runMain({ document })
    const { sectionId } = await run.call('startJob', plan('a', 3))
    await run.call('finishJob', { jobId: 'a', sectionId, state: 'cancelled', message: 'Cancelled while queued: nothing was charged.', toast: 'Cancelled: nothing charged' })
    expect(run.host.figma.currentPage.children.some((n) => n.type === 'SECTION')).toBe(false)
    // The notification is the short form, whole; the full message is the card's.
    expect(run.host.notifications.at(-1)).toBe('Cancelled: nothing charged')
  })

  test('the reference export bounds a 20,000 px frame to the resolution', async () => {
    const run = await runMain({
      document: { children: [{ type: 'FRAME', id: '2:9', name: 'Huge', x: 0, y: 0, width: 20000, height: 10000, fills: [{ type: 'SOLID', color: '#123456' }] }] }
    })
    const exported = await run.call('exportReference', { nodeId: '2:9', maxSide: 2048 })
    expect([exported.width, exported.height, exported.mimeType]).toEqual([2048, 1024, 'image/jpeg'])
  })

  test('a deleted reference is named, not a crash', async () => {
    const run = await runMain({ document })
    await expect(run.call('exportReference', { nodeId: '9:99', maxSide: 1024 })).rejects.toThrow('A reference was deleted from the file. Select it again, or remove it from the references.')
  })
})
