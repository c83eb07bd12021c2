// Adding beats to a storyboard, against the in-memory document: panels numbered on in the same section,
// the earlier record kept in history, refused while the section generates, and a withdrawn append
// leaving the section as it was.
import { describe, expect, test } from 'vitest'

import type { JobPlan } from '../../src/messages'
import { makeImage } from '../host/helpers'
import { type RunningPlugin, runMain } from '../host/run-main'

/** A plan for O3 text-to-image, its input typed for that endpoint. */
type O3Plan = Extract<JobPlan, { endpoint: 'fal-ai/kling-image/o3/text-to-image' }>

const ELEMENT = 'https://v3b.fal.media/files/mara.png'

function series(jobId: string, count: number): O3Plan {
  return {
    jobId,
    endpoint: 'fal-ai/kling-image/o3/text-to-image',
    input: {
      prompt: `Ink style. ${Array.from({ length: count }, (_, i) => `Panel ${i + 1}: @Element1 beat ${i + 1}.`).join(' ')}`,
      elements: [{ frontal_image_url: ELEMENT }],
      resolution: '1K',
      aspect_ratio: '16:9',
      output_format: 'png',
      result_type: 'series',
      series_amount: count
    },
    panels: Array.from({ length: count }, (_, i) => ({ number: i + 1, caption: `Mara beat ${i + 1}.` })),
    nominalSize: { width: 1376, height: 768 },
    costUsd: 0.028 * count,
    title: 'Storyboard · Mara beat 1',
    createdAt: '2026-11-26T12:00:00.000Z',
    references: [{ name: '@Mara', role: 'element' }]
  }
}

function append(jobId: string, sectionId: string, numbers: number[]): O3Plan {
  return {
    ...series(jobId, numbers.length),
    input: { prompt: 'Ink style. @Element1 waves.', elements: [{ frontal_image_url: ELEMENT }], resolution: '1K', aspect_ratio: '16:9', output_format: 'png', num_images: 1 },
    panels: numbers.map((number) => ({ number, caption: `Added ${number}.` })),
    costUsd: 0.028 * numbers.length,
    target: { kind: 'append', sectionId }
  }
}

async function doneStoryboard(run: RunningPlugin, count: number): Promise<SectionNode> {
  const { sectionId } = await run.call('startJob', series('first', count))
  await run.call('recordSubmitted', { jobId: 'first', sectionId, requestId: 'req-first' })
  await run.call('finishJob', { jobId: 'first', sectionId, state: 'done', message: '', toast: '' })
  return (await run.host.figma.getNodeByIdAsync(sectionId)) as SectionNode
}

const panelNames = (section: SectionNode) => section.children.filter((c) => c.type === 'FRAME').map((c) => c.name)
const sections = (run: RunningPlugin) => run.host.figma.currentPage.children.filter((n) => n.type === 'SECTION')

const overlapping = (a: SceneNode, b: SceneNode) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

describe('a storyboard that grows never covers what is below it', () => {
  test("Keyframe's section below moves down its column; the designer's own work below makes the storyboard move instead", async () => {
    const run = await runMain()
    const a = await doneStoryboard(run, 4)
    run.host.figma.currentPage.selection = []
    // A second storyboard placed in the flow, right below the first.
    const { sectionId: bId } = await run.call('startJob', series('second', 4))
    await run.call('recordSubmitted', { jobId: 'second', sectionId: bId, requestId: 'req-second' })
    await run.call('finishJob', { jobId: 'second', sectionId: bId, state: 'done', message: '', toast: '' })
    const b = (await run.host.figma.getNodeByIdAsync(bId)) as SectionNode
    expect(b.y).toBeGreaterThan(a.y + a.height)
    const gapBefore = b.y - (a.y + a.height)
    const aAt = { x: a.x, y: a.y }

    await run.call('startJob', append('nine', a.id, [5, 6, 7, 8, 9, 10, 11, 12, 13]))
    expect(overlapping(a, b)).toBe(false)
    // The storyboard stayed where the designer had it; the one below moved down, keeping the flow's gap.
    expect({ x: a.x, y: a.y }).toEqual(aAt)
    expect(b.y - (a.y + a.height)).toBe(gapBefore)

    // The designer's own frame right below: it is never moved, so the storyboard moves to a free place.
    const sketch = run.host.figma.createFrame()
    sketch.name = 'Sketch'
    sketch.resize(400, 300)
    sketch.x = a.x
    sketch.y = a.y + a.height + 20
    const sketchAt = { x: sketch.x, y: sketch.y }
    await run.call('finishJob', { jobId: 'nine', sectionId: a.id, state: 'done', message: '', toast: '' })
    await run.call('startJob', append('more', a.id, [14, 15, 16, 17, 18, 19]))
    expect({ x: sketch.x, y: sketch.y }).toEqual(sketchAt)
    for (const other of [b, sketch]) expect(overlapping(a, other)).toBe(false)
  })
})

describe('adding beats to a storyboard', () => {
  test('new panels are numbered on in the same section; the earlier record moves to history', async () => {
    const run = await runMain()
    const section = await doneStoryboard(run, 4)
    const { sectionId } = await run.call('startJob', append('more', section.id, [5, 6]))
    expect(sectionId).toBe(section.id)
    expect(sections(run)).toHaveLength(1)
    expect(panelNames(section)).toEqual(['Panel 1', 'Panel 2', 'Panel 3', 'Panel 4', 'Panel 5', 'Panel 6'])
    expect(section.findAll((n) => n.name === 'Number').map((n) => (n as TextNode).characters)).toEqual(['1', '2', '3', '4', '5', '6'])
    // The section grew around its six panels.
    for (const p of section.children.filter((c) => c.type === 'FRAME')) {
      expect(p.x + p.width <= section.width && p.y + p.height <= section.height).toBe(true)
    }
    expect(JSON.parse(section.getPluginData('keyframe.job'))).toMatchObject({ jobId: 'more', state: 'submitting', sectionId: section.id })
    expect(JSON.parse(section.getPluginData('keyframe.jobHistory'))).toMatchObject([{ jobId: 'first', state: 'done', requestId: 'req-first' }])
    expect((section.findOne((n) => n.name === 'Summary') as TextNode).characters).toMatch(/series of 4 · 1K 16:9 · \$0\.112\nAdded panels 5–6 · \$0\.056$/)

    // Images land in panels 5 and 6, with fal's index in their own request.
    await run.call('recordSubmitted', { jobId: 'more', sectionId, requestId: 'req-more' })
    await run.call('fillPanel', { jobId: 'more', sectionId, number: 6, bytes: await makeImage(1376, 768), width: 1376, height: 768, sourceUrl: 'u6' })
    const six = section.children.find((c) => c.name === 'Panel 6') as FrameNode
    expect(JSON.parse(six.getPluginData('keyframe.provenance'))).toMatchObject({ requestId: 'req-more', index: 2 })
  })

  test('the selection offers the section\'s first series as what beats reuse, and its last number', async () => {
    const run = await runMain()
    const section = await doneStoryboard(run, 3)
    await run.call('startJob', append('more', section.id, [4]))
    await run.call('finishJob', { jobId: 'more', sectionId: section.id, state: 'done', message: '', toast: '' })
    run.host.select([section.id])
    const changed = run.next('SELECTION_CHANGED')
    run.emit('UI_READY')
    const [snapshot] = (await changed) as [import('../../src/messages').SelectionSnapshot]
    expect(snapshot.storyboards).toEqual([
      expect.objectContaining({
        id: section.id,
        lastNumber: 4,
        basis: {
          endpoint: 'fal-ai/kling-image/o3/text-to-image',
          input: series('first', 3).input,
          references: [{ name: '@Mara', role: 'element', url: ELEMENT }],
          style: 'Ink style.'
        }
      })
    ])
  })

  test('refused while the section generates, and nothing on the canvas changes', async () => {
    const run = await runMain()
    const { sectionId } = await run.call('startJob', series('first', 2))
    const before = JSON.stringify(run.host.snapshot())
    await expect(run.call('startJob', append('more', sectionId, [3]))).rejects.toThrow(
      '"Storyboard · Mara beat 1" is still generating. Add beats to it when it has finished.'
    )
    expect(JSON.stringify(run.host.snapshot())).toBe(before)
  })

  test('two appends started at once (a double click): the second is refused before anything is sent', async () => {
    const run = await runMain()
    const section = await doneStoryboard(run, 4)
    const [first, second] = await Promise.allSettled([
      run.call('startJob', append('x', section.id, [5, 6])),
      run.call('startJob', append('y', section.id, [5, 6]))
    ])
    expect(first).toEqual({ status: 'fulfilled', value: { sectionId: section.id } })
    expect(second.status).toBe('rejected')
    expect(String((second as PromiseRejectedResult).reason)).toContain(
      '"Storyboard · Mara beat 1" is already adding panels 5–6. Add more beats when that has finished.'
    )
    expect(panelNames(section)).toEqual(['Panel 1', 'Panel 2', 'Panel 3', 'Panel 4', 'Panel 5', 'Panel 6'])
    expect(JSON.parse(section.getPluginData('keyframe.job')).jobId).toBe('x')
    expect((JSON.parse(section.getPluginData('keyframe.jobHistory')) as { jobId: string }[]).map((j) => j.jobId)).toEqual(['first'])
  })

  test('refused when the numbers would repeat one already there, or the section is not a series', async () => {
    const run = await runMain()
    const section = await doneStoryboard(run, 4)
    await expect(run.call('startJob', append('more', section.id, [4, 5]))).rejects.toThrow(
      '"Storyboard · Mara beat 1" now ends at panel 4, so panel 4 would be a second one. Select it again and Generate.'
    )
    const single: O3Plan = { ...series('img', 1), input: { prompt: 'x', resolution: '1K', aspect_ratio: '16:9', num_images: 1 }, title: 'Image · x' }
    const { sectionId } = await run.call('startJob', single)
    await run.call('finishJob', { jobId: 'img', sectionId, state: 'done', message: '', toast: '' })
    await expect(run.call('startJob', append('more', sectionId, [2]))).rejects.toThrow(
      '"Image · x" is not a storyboard (a series), so beats cannot be added to it. Select a storyboard section.'
    )
    expect(panelNames(section)).toHaveLength(4)
  })

  test('an append cancelled before anything came removes only its panels and brings the earlier record back', async () => {
    const run = await runMain()
    const section = await doneStoryboard(run, 2)
    const record = section.getPluginData('keyframe.job')
    await run.call('startJob', append('more', section.id, [3, 4]))
    await run.call('finishJob', { jobId: 'more', sectionId: section.id, state: 'cancelled', message: '', toast: 'Cancelled: nothing charged' })
    expect(sections(run)).toHaveLength(1)
    expect(panelNames(section)).toEqual(['Panel 1', 'Panel 2'])
    expect(section.getPluginData('keyframe.job')).toBe(record)
    expect(section.getPluginData('keyframe.jobHistory')).toBe('')
  })

  test('history never outgrows Figma\'s plugin data: long appends keep the first record whole and the others short', async () => {
    const run = await runMain()
    const long = (jobId: string, numbers: number[], sectionId?: string): JobPlan => {
      const base = sectionId === undefined ? series(jobId, numbers.length) : append(jobId, sectionId, numbers)
      const urls = [0, 1, 2, 3].map((i) => `https://v3b.fal.media/files/b/koala/${'x'.repeat(21)}_ref${i}.png`)
      const prompt = `Style: ink. ${numbers.map((n) => `Panel ${n}: ${'Mara crosses the flooded market under neon signs, '.repeat(5)}`).join(' ')}`.slice(0, 2500)
      const panels = numbers.map((number) => ({ number, caption: 'Mara crosses the flooded market under neon signs, '.repeat(5) }))
      // With image URLs it is an image-to-image request.
      return { ...base, endpoint: 'fal-ai/kling-image/o3/image-to-image', panels, input: { ...base.input, prompt, image_urls: urls, ...(sectionId === undefined && { result_type: 'series', series_amount: numbers.length }) } }
    }
    const { sectionId } = await run.call('startJob', long('first', [1, 2, 3, 4, 5, 6, 7, 8, 9]))
    await run.call('recordSubmitted', { jobId: 'first', sectionId, requestId: 'req-first' })
    await run.call('finishJob', { jobId: 'first', sectionId, state: 'failed', message: '', toast: '' })
    const section = (await run.host.figma.getNodeByIdAsync(sectionId)) as SectionNode
    const first = section.getPluginData('keyframe.job')
    for (let k = 1; k < 30; k++) {
      const jobId = `more-${k}`
      await run.call('startJob', long(jobId, Array.from({ length: 9 }, (_, i) => 1 + 9 * k + i), sectionId))
      await run.call('recordSubmitted', { jobId, sectionId, requestId: `req-${k}` })
      await run.call('finishJob', { jobId, sectionId, state: 'failed', message: '', toast: '' })
    }
    const history = JSON.parse(section.getPluginData('keyframe.jobHistory')) as Record<string, unknown>[]
    expect(JSON.stringify(history[0])).toBe(first)
    expect(history.at(-1)!.jobId).toBe('more-28')
    // The record the next withdrawn append would bring back is whole; the ones before it keep their outline.
    expect(history.at(-1)!.input).toBeDefined()
    expect(history.at(-2)).toEqual({ jobId: 'more-27', requestId: 'req-27', state: 'failed', panels: Array.from({ length: 9 }, (_, i) => ({ number: 1 + 9 * 27 + i })), costUsd: 0.252, createdAt: '2026-11-26T12:00:00.000Z' })
  })

  test('history is bounded, and always keeps the first record (what later beats reuse)', async () => {
    const run = await runMain()
    const section = await doneStoryboard(run, 2)
    for (let i = 0; i < 24; i++) {
      const jobId = `more-${i}`
      await run.call('startJob', append(jobId, section.id, [3 + i]))
      await run.call('finishJob', { jobId, sectionId: section.id, state: 'done', message: '', toast: '' })
    }
    const history = JSON.parse(section.getPluginData('keyframe.jobHistory')) as { jobId: string }[]
    expect(history).toHaveLength(20)
    expect(history[0]!.jobId).toBe('first')
    expect(history.at(-1)!.jobId).toBe('more-22')
  })
})
