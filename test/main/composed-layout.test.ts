// A layout job's images composed behind the layout's text, each in a copy of the layout frame beside it;
// the layout itself untouched; a layout deleted meanwhile is skipped with a note, never failing the job.
import { describe, expect, test, vi } from 'vitest'

import type { DocumentJson } from '../../src/host/figma'
import type { JobPlan } from '../../src/messages'
import { RectangleImpl } from '../../src/host/figma/nodes/shape-nodes'
import { makeImage } from '../host/helpers'
import { runMain } from '../host/run-main'

const POSTER: DocumentJson = {
  children: [
    {
      type: 'FRAME', id: '5:1', name: 'Poster', x: 0, y: 0, width: 400, height: 600, fills: [{ type: 'SOLID', color: '#222222' }],
      children: [
        { type: 'TEXT', id: '5:2', name: 'Title', x: 20, y: 30, characters: 'NIGHT FERRY', fontSize: 48 },
        { type: 'TEXT', id: '5:3', name: 'Credits', x: 20, y: 570, characters: 'A FILM', fontSize: 10 }
      ]
    },
    // In the way to the right of the poster: the copies go past it.
    { type: 'FRAME', id: '6:1', name: 'Notes', x: 450, y: 100, width: 200, height: 200 }
  ]
} as DocumentJson

function plan(count: number, prompt = "A ferry. The title 'NIGHT FERRY' at the top."): JobPlan {
  return {
    jobId: 'poster-job',
    endpoint: 'fal-ai/kling-image/o3/text-to-image',
    input: { prompt, resolution: '2K', aspect_ratio: '2:3', num_images: count },
    panels: Array.from({ length: count }, (_, i) => ({ number: i + 1 })),
    nominalSize: { width: 1344, height: 2016 },
    costUsd: 0.056 * count,
    title: 'A ferry',
    createdAt: '2026-11-27T12:00:00.000Z',
    layout: { id: '5:1', name: 'Poster' }
  }
}

async function fill(run: Awaited<ReturnType<typeof runMain>>, sectionId: string, number: number) {
  return run.call('fillPanel', { jobId: 'poster-job', sectionId, number, bytes: await makeImage(200, 300), width: 200, height: 300, sourceUrl: `u${number}` })
}

describe('composing into a copy of the layout', () => {
  test('each image goes bottom-most in its own copy, beside the layout and clear of other things; the layout is as it was', async () => {
    const run = await runMain({ document: POSTER })
    const { figma } = run.host
    const { sectionId } = await run.call('startJob', plan(2))
    expect(await fill(run, sectionId, 1)).toBeUndefined()
    expect(await fill(run, sectionId, 2)).toBeUndefined()

    const page = figma.currentPage
    const copies = page.children.filter((n) => n.name.startsWith('Poster · composed')) as FrameNode[]
    expect(copies.map((c) => c.name)).toEqual(['Poster · composed', 'Poster · composed 2'])
    for (const copy of copies) {
      expect(copy.children.map((c) => c.name)).toEqual(['Image', 'Title', 'Credits'])
      const image = copy.children[0] as RectangleNode
      expect([image.x, image.y, image.width, image.height]).toEqual([0, 0, 400, 600])
      expect((image.fills as Paint[]).map((p) => [p.type, (p as ImagePaint).scaleMode])).toEqual([['IMAGE', 'FILL']])
    }
    // Nothing overlaps: not the poster, the notes frame, the section or each other.
    const boxes = page.children.map((n) => n.absoluteBoundingBox!)
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) {
      const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
      expect(overlap).toBe(false)
    }
    expect(copies[0]!.x).toBeGreaterThan(400)

    const poster = (await figma.getNodeByIdAsync('5:1')) as FrameNode
    expect([poster.x, poster.y, poster.width, poster.height, poster.children.map((c) => c.id)]).toEqual([0, 0, 400, 600, ['5:2', '5:3']])
  })

  test('the copy hides the text Kling was asked to letter (or the title shows twice) and keeps what stays as Figma text', async () => {
    const run = await runMain({ document: POSTER })
    const { sectionId } = await run.call('startJob', plan(1))
    await fill(run, sectionId, 1)
    const copy = run.host.figma.currentPage.children.find((n) => n.name === 'Poster · composed') as FrameNode
    expect(copy.children.map((c) => [c.name, c.visible])).toEqual([['Image', true], ['Title', false], ['Credits', true]])
    const poster = (await run.host.figma.getNodeByIdAsync('5:1')) as FrameNode
    expect(poster.children.map((c) => c.visible)).toEqual([true, true])
  })

  test('a title the designer took out of the prompt is not lettered, so it stays shown in the copy', async () => {
    const run = await runMain({ document: POSTER })
    const { sectionId } = await run.call('startJob', plan(1, 'A ferry at night, fog, lamps.'))
    await fill(run, sectionId, 1)
    const copy = run.host.figma.currentPage.children.find((n) => n.name === 'Poster · composed') as FrameNode
    expect(copy.children.map((c) => c.visible)).toEqual([true, true, true])
  })

  test('a reopened plugin finishing the job still composes: the layout is read from the job record', async () => {
    const first = await runMain({ document: POSTER })
    const { sectionId } = await first.call('startJob', plan(1))
    const reopened = await runMain({ host: first.host.join({}) })
    expect(await fill(reopened, sectionId, 1)).toBeUndefined()
    expect(first.host.figma.currentPage.children.filter((n) => n.name === 'Poster · composed')).toHaveLength(1)
  })

  test('filling the same image again (a resumed job) does not compose it twice', async () => {
    const run = await runMain({ document: POSTER })
    const { sectionId } = await run.call('startJob', plan(1))
    await fill(run, sectionId, 1)
    await fill(run, sectionId, 1)
    expect(run.host.figma.currentPage.children.filter((n) => n.name.startsWith('Poster · composed'))).toHaveLength(1)
  })

  test('a layout deleted while Kling worked: the image is still placed, and the answer says it was not composed', async () => {
    const run = await runMain({ document: POSTER })
    const { figma } = run.host
    const { sectionId } = await run.call('startJob', plan(1))
    ;(await figma.getNodeByIdAsync('5:1'))!.remove()
    expect(await fill(run, sectionId, 1)).toEqual({ note: 'The layout "Poster" was deleted, so image 1 was not composed into it; it is in the section.' })
    expect(figma.currentPage.children.some((n) => n.name.startsWith('Poster · composed'))).toBe(false)
    const section = (await figma.getNodeByIdAsync(sectionId)) as SectionNode
    expect(section.findAll((n) => n.type === 'RECTANGLE' && (n.fills as Paint[]).some((p) => p.type === 'IMAGE')).length).toBeGreaterThan(0)
  })

  test('a layout id that names something other than a frame is skipped with a note that says what it is', async () => {
    const run = await runMain({ document: POSTER })
    const { sectionId } = await run.call('startJob', { ...plan(1), layout: { id: '5:2', name: 'Title' } })
    expect(await fill(run, sectionId, 1)).toEqual({
      note: '"Title" is a text, not a frame, so image 1 was not composed into it; it is in the section. Frame the layout to compose into it.'
    })
  })

  test('a job without a layout (and old records) composes nothing', async () => {
    const run = await runMain({ document: POSTER })
    const { layout: _, ...plain } = plan(1)
    const { sectionId } = await run.call('startJob', plain)
    expect(await fill(run, sectionId, 1)).toBeUndefined()
    expect(run.host.figma.currentPage.children.some((n) => n.name.includes('composed'))).toBe(false)
  })
})

describe('composing again from a composed copy', () => {
  test('the old image is swapped for the new one, not left on top of it, and the name does not grow', async () => {
    const run = await runMain({ document: POSTER })
    const { figma } = run.host
    const first = await run.call('startJob', plan(1))
    await fill(run, first.sectionId, 1)
    const composed = figma.currentPage.children.find((n) => n.name === 'Poster · composed') as FrameNode

    const again: JobPlan = { ...plan(1), jobId: 'poster-job-2', layout: { id: composed.id, name: composed.name } }
    const second = await run.call('startJob', again)
    const bytes = await makeImage(300, 450)
    expect(await run.call('fillPanel', { jobId: 'poster-job-2', sectionId: second.sectionId, number: 1, bytes, width: 300, height: 450, sourceUrl: 'u' })).toBeUndefined()

    const copies = figma.currentPage.children.filter((n) => n.name.startsWith('Poster · composed')) as FrameNode[]
    expect(copies.map((c) => c.name)).toEqual(['Poster · composed', 'Poster · composed'])
    const newest = copies[1]!
    expect(newest.children.map((c) => c.name)).toEqual(['Image', 'Title', 'Credits'])
    const fill0 = ((newest.children[0] as RectangleNode).fills as ImagePaint[])[0]!
    expect(fill0.imageHash).toBe(figma.createImage(bytes).hash)
    // The copy it came from keeps its own image.
    expect(((composed.children[0] as RectangleNode).fills as ImagePaint[])[0]!.imageHash).not.toBe(fill0.imageHash)
  })
})

describe('a layout built with auto layout', () => {
  const STACKED: DocumentJson = {
    children: [
      {
        type: 'FRAME', id: '7:1', name: 'Stacked poster', x: 0, y: 0, width: 400, height: 600, layoutMode: 'VERTICAL',
        children: [
          { type: 'TEXT', id: '7:2', name: 'Title', characters: 'NIGHT FERRY', fontSize: 48 },
          { type: 'TEXT', id: '7:3', name: 'Credits', characters: 'A FILM', fontSize: 10 }
        ]
      }
    ]
  } as DocumentJson

  test('the image is taken out of the flow: it fills the frame behind the text, which stays where it was', async () => {
    const run = await runMain({ document: STACKED })
    const { figma } = run.host
    const { sectionId } = await run.call('startJob', { ...plan(1), layout: { id: '7:1', name: 'Stacked poster' } })
    expect(await fill(run, sectionId, 1)).toBeUndefined()

    const layout = (await figma.getNodeByIdAsync('7:1')) as FrameNode
    const copy = figma.currentPage.children.find((n) => n.name === 'Stacked poster · composed') as FrameNode
    expect(copy.layoutMode).toBe('VERTICAL')
    const [image, ...texts] = copy.children as [RectangleNode, ...TextNode[]]
    expect([image.layoutPositioning, image.x, image.y, image.width, image.height]).toEqual(['ABSOLUTE', 0, 0, 400, 600])
    expect(image.constraints).toEqual({ horizontal: 'SCALE', vertical: 'SCALE' })
    expect(texts.map((t) => [t.name, t.x, t.y])).toEqual(layout.children.map((t) => [t.name, t.x, t.y]))
    // The lettered Title is see-through, not hidden: hidden, it would leave the flow and the Credits would move up.
    expect(texts.map((t) => [t.name, t.visible, t.opacity])).toEqual([['Title', true, 0], ['Credits', true, 1]])
  })
})

describe('nothing half-made, wherever the layout is', () => {
  test('a step failing after the copy is made removes the copy and its image; the resumed job composes once', async () => {
    const run = await runMain({ document: POSTER })
    const { figma } = run.host
    const { sectionId } = await run.call('startJob', plan(1))
    // Any step after clone() failing: here sizing the image layer.
    const resize = vi.spyOn(RectangleImpl.prototype, 'resize').mockImplementationOnce(() => {
      throw new Error('in resize: the file is read-only')
    })
    try {
      const answer = await fill(run, sectionId, 1)
      expect(answer?.note).toMatch(/^Image 1 could not be composed into "Poster" \(.*in resize: the file is read-only\); it is in the section\.$/)
    } finally {
      resize.mockRestore()
    }
    const page = figma.currentPage
    expect(page.children.map((n) => n.name).filter((name) => name !== 'A ferry')).toEqual(['Poster', 'Notes'])
    expect(page.findAll((n) => n.name === 'Image' && n.parent?.type !== 'SECTION' && n.parent?.parent?.type !== 'SECTION')).toEqual([])

    expect(await fill(run, sectionId, 1)).toBeUndefined()
    expect(page.children.filter((n) => n.name.startsWith('Poster · composed'))).toHaveLength(1)
  })

  test('a layout on a page not yet loaded (dynamic-page) is composed there, beside it', async () => {
    const document = { pages: [{ id: '0:1', name: 'Boards' }, { id: '0:2', name: 'Posters', children: POSTER.children }] } as DocumentJson
    const run = await runMain({ document })
    const { figma } = run.host
    const { sectionId } = await run.call('startJob', plan(1))
    expect(await fill(run, sectionId, 1)).toBeUndefined()
    const posters = figma.root.children.find((p) => p.name === 'Posters')!
    await posters.loadAsync()
    expect(posters.children.filter((n) => n.name === 'Poster · composed')).toHaveLength(1)
    expect(figma.currentPage.children.some((n) => n.name.includes('composed'))).toBe(false)
  })
})

describe('a damaged layout in the job record', () => {
  // The record is plugin data anyone can edit: a layout that is not { id, name } is not followed anywhere.
  test.each([
    ['an id that is not a string', { id: 51, name: 'Poster' }, 'its id is missing or wrong'],
    ['no name', { id: '5:1' }, 'its name is missing or wrong'],
    ['not an object', 'Poster', 'it is not a layout'],
    ['null', null, 'it is not a layout']
  ])('%s: the image is placed, nothing is composed, and the note says why', async (_, layout, problem) => {
    const run = await runMain({ document: POSTER })
    const { figma } = run.host
    const { sectionId } = await run.call('startJob', plan(1))
    const section = (await figma.getNodeByIdAsync(sectionId)) as SectionNode
    const record = JSON.parse(section.getPluginData('keyframe.job')) as Record<string, unknown>
    section.setPluginData('keyframe.job', JSON.stringify({ ...record, layout }))

    expect(await fill(run, sectionId, 1)).toEqual({
      note: `Image 1 was not composed into a layout: this job's record of the layout is damaged (${problem}), so Keyframe did not guess which frame. The image is in the section.`
    })
    expect(figma.currentPage.children.some((n) => n.name.includes('composed'))).toBe(false)
    expect(section.findAll((n) => n.type === 'RECTANGLE' && (n.fills as Paint[]).some((p) => p.type === 'IMAGE')).length).toBeGreaterThan(0)
    // The record is left as it was written.
    expect(JSON.parse(section.getPluginData('keyframe.job')).layout).toEqual(layout)
  })
})
