// Reading the selection against the in-memory document: what is a prompt, what is a reference, what is
// refused and why, before anything is exported or uploaded.
import { describe, expect, test } from 'vitest'

import type { DocumentJson } from '../../src/host/figma'
import type { SelectionSnapshot } from '../../src/messages'
import { makeImage } from '../host/helpers'
import { firstSelection, runMain } from '../host/run-main'

const grey = [{ type: 'SOLID' as const, color: '#888888' }]

describe('reading the selection', () => {
  test('text layers are prompt text; frames are references; "@" names start as elements', async () => {
    const s = await firstSelection({
      children: [
        { type: 'FRAME', id: '2:1', name: '@Mara', x: 0, y: 0, width: 600, height: 800, fills: grey },
        { type: 'FRAME', id: '2:2', name: 'Harbour', x: 700, y: 0, width: 1200, height: 800, fills: grey },
        { type: 'TEXT', id: '3:1', name: 'Beat 1', x: 0, y: 900, characters: 'Mara arrives.' }
      ],
      selection: ['@Mara', 'Harbour', 'Beat 1']
    })
    expect(s.references.map((r) => [r.name, r.defaultRole, r.problems])).toEqual([
      ['@Mara', 'element', []],
      ['Harbour', 'image', []]
    ])
    expect(s.textLayers.map((t) => [t.name, t.text, t.y])).toEqual([['Beat 1', 'Mara arrives.', 900]])
  })

  test('frames Kling would refuse are named with the reason and the fix', async () => {
    const s = await firstSelection({
      children: [
        { type: 'FRAME', id: '2:1', name: 'Thumb', x: 0, y: 0, width: 200, height: 200, fills: grey },
        { type: 'FRAME', id: '2:2', name: 'Banner', x: 0, y: 300, width: 1600, height: 400, fills: grey },
        { type: 'FRAME', id: '2:3', name: 'Ghost', x: 0, y: 800, width: 600, height: 600, fills: grey, visible: false }
      ],
      selection: ['Thumb', 'Banner', 'Ghost']
    })
    const problems = Object.fromEntries(s.references.map((r) => [r.name, r.problems.map((p) => `${p.message} ${p.fix}`)]))
    // Export enlarges a small frame to Kling's 300 px: allowed, but with no pixels behind it, a warning.
    expect(problems.Thumb).toEqual([])
    expect(s.references.find((r) => r.name === 'Thumb')?.warnings).toEqual([
      {
        message: '"Thumb" is 200×200 px with no more pixels behind it: it will be upscaled to 300×300 px for Kling, and may look soft.',
        fix: 'Enlarge "Thumb", or fill it with a larger image.'
      }
    ])
    expect(problems.Banner?.[0]).toMatch(/^"Banner" is 4\.0:1; Kling accepts 1:2\.5 to 2\.5:1\./)
    expect(problems.Ghost).toEqual(['"Ghost" is hidden, so it would export empty. Show "Ghost" (or deselect it).'])
  })

  test('hidden text and shapes without an image are left out, with the reason', async () => {
    const s = await firstSelection({
      children: [
        { type: 'TEXT', id: '3:1', name: 'Old idea', x: 0, y: 0, characters: 'Unused', visible: false },
        { type: 'RECTANGLE', id: '4:1', name: 'Divider', x: 0, y: 100, width: 400, height: 4, fills: grey }
      ],
      selection: ['Old idea', 'Divider']
    })
    expect(s.references).toEqual([])
    expect(s.textLayers).toEqual([])
    expect(s.ignored).toEqual([
      { name: 'Old idea', reason: 'hidden text layers are not read; show it to use it as prompt' },
      { name: 'Divider', reason: "a rectangle without an image fill can't be a reference" }
    ])
  })

  test("Keyframe's own panels and storyboards are shown as what they are, never offered as references", async () => {
    const provenance = {
      endpoint: 'fal-ai/kling-image/o3/text-to-image',
      input: { prompt: 'Panel 1: @Element1 steps off the ferry. Panel 2: She crosses the market.', resolution: '1K' },
      requestId: 'req-1',
      index: 2,
      imageUrl: 'https://v3.fal.media/files/x.png',
      costUsd: 0.028,
      requestCostUsd: 0.056,
      createdAt: '2026-11-27T06:00:00.000Z',
      completedAt: '2026-11-27T06:00:09.000Z',
      generator: 'Keyframe'
    }
    const s = await firstSelection({
      children: [
        {
          type: 'SECTION',
          id: '5:1',
          name: 'Mara steps off the ferry',
          x: 0,
          y: 0,
          width: 1200,
          height: 700,
          pluginData: { 'keyframe.job': JSON.stringify({ jobId: 'j1', sectionId: '5:1', state: 'submitted' }) },
          children: [
            { type: 'FRAME', id: '5:2', name: 'Panel 1', x: 48, y: 80, width: 500, height: 320, fills: grey, pluginData: { 'keyframe.panel': '1' } },
            {
              type: 'FRAME',
              id: '5:3',
              name: 'Panel 2',
              x: 600,
              y: 80,
              width: 500,
              height: 320,
              fills: grey,
              pluginData: { 'keyframe.panel': '2', 'keyframe.provenance': JSON.stringify(provenance) },
              children: [{ type: 'TEXT', id: '5:4', name: 'Caption', x: 40, y: 290, characters: 'She crosses the market.' }]
            }
          ]
        },
        // A frame that merely looks like a panel (no plugin data) is still a reference.
        { type: 'FRAME', id: '6:1', name: 'Panel 9', x: 0, y: 900, width: 600, height: 400, fills: grey }
      ],
      selection: ['5:1', '5:2', '5:3', '6:1']
    })
    expect(s.storyboards).toEqual([{ id: '5:1', name: 'Mara steps off the ferry', panelCount: 2, running: true, lastNumber: 2 }])
    expect(s.panels).toEqual([
      { id: '5:2', name: 'Panel 1', sectionId: '5:1', number: 1, costUsd: 0, versions: { count: 0, current: 0 } },
      {
        id: '5:3',
        name: 'Panel 2',
        sectionId: '5:1',
        number: 2,
        caption: 'She crosses the market.',
        shown: { endpoint: 'fal-ai/kling-image/o3/text-to-image', requestId: 'req-1', prompt: provenance.input.prompt, costUsd: 0.028, input: provenance.input, index: 2 },
        costUsd: 0.028,
        versions: { count: 1, current: 1 }
      }
    ])
    expect(s.references.map((r) => r.name)).toEqual(['Panel 9'])
  })

  test('the 300 px minimum is checked against the pixels export gives Kling, not the frame on the canvas', async () => {
    const document: DocumentJson = {
      children: [
        // 200×150 on the canvas, an 800×600 image behind it: a fine reference.
        { type: 'RECTANGLE', id: '2:1', name: 'Sharp', x: 0, y: 0, width: 200, height: 150, fills: [{ type: 'IMAGE', image: await makeImage(800, 600) }] },
        // 200×150 with only 200×150 pixels: export upscales it, which Kling accepts but may blur.
        { type: 'RECTANGLE', id: '2:2', name: 'Soft', x: 300, y: 0, width: 200, height: 150, fills: [{ type: 'IMAGE', image: await makeImage(200, 150) }] }
      ],
      selection: ['Sharp', 'Soft']
    }
    const run = await runMain({ document })
    const changed = run.next('SELECTION_CHANGED')
    run.emit('UI_READY')
    const s = ((await changed) as [SelectionSnapshot])[0]
    const byName = Object.fromEntries(s.references.map((r) => [r.name, r]))
    expect(byName.Sharp?.problems).toEqual([])
    expect(byName.Sharp?.warnings).toEqual([])
    expect(byName.Soft?.problems).toEqual([])
    expect(byName.Soft?.warnings?.map((w) => w.message)).toEqual([
      '"Soft" is 200×150 px with no more pixels behind it: it will be upscaled to 400×300 px for Kling, and may look soft.'
    ])
    // And the export really has those pixels: the image's own for Sharp (bounded by maxSide), 300 px short side for Soft.
    const sharp = (await run.call('exportReference', { nodeId: '2:1', maxSide: 1024 })) as { width: number; height: number }
    expect([sharp.width, sharp.height]).toEqual([800, 600])
    const bounded = (await run.call('exportReference', { nodeId: '2:1', maxSide: 400 })) as { width: number; height: number }
    expect([bounded.width, bounded.height]).toEqual([400, 300])
    const soft = (await run.call('exportReference', { nodeId: '2:2', maxSide: 1024 })) as { width: number; height: number }
    expect([soft.width, soft.height]).toEqual([400, 300])
  })
})

describe('poster layouts', () => {
  const poster = (extra: object[] = []): DocumentJson => ({
    children: [
      {
        type: 'FRAME', id: '5:1', name: 'Poster', x: 100, y: 50, width: 800, height: 1200, fills: grey,
        children: [
          { type: 'TEXT', id: '5:2', name: ' title ', x: 40, y: 60, characters: 'NIGHT FERRY', fontSize: 96, fontName: { family: 'Inter', style: 'Bold' } },
          { type: 'TEXT', id: '5:3', name: 'Credits', x: 40, y: 1140, characters: 'A FILM BY SOMEONE', fontSize: 14 },
          { type: 'TEXT', id: '5:4', name: 'Note to self', x: 40, y: 600, characters: 'move this' },
          { type: 'TEXT', id: '5:5', name: 'Tagline', x: 40, y: 700, characters: 'hidden', visible: false },
          ...extra
        ]
      },
      { type: 'FRAME', id: '6:1', name: 'Harbour', x: 1000, y: 0, width: 1200, height: 800, fills: grey, children: [{ type: 'TEXT', id: '6:2', name: 'Label', x: 0, y: 0, characters: 'x' }] },
      { type: 'TEXT', id: '7:1', name: 'Beat', x: 0, y: 1400, characters: 'A ferry at night.' }
    ],
    selection: ['Poster', 'Harbour', 'Beat']
  } as DocumentJson)

  test('a frame with role-named text is a layout, not a reference; other frames stay references', async () => {
    const s = await firstSelection(poster())
    expect(s.references.map((r) => r.name)).toEqual(['Harbour'])
    expect(s.layouts?.map((l) => [l.id, l.name, l.width, l.height])).toEqual([['5:1', 'Poster', 800, 1200]])
    // Also read as a reference, for "Use as a reference instead".
    expect(s.layouts?.[0]?.asReference).toMatchObject({ id: '5:1', name: 'Poster', type: 'FRAME', width: 800, height: 1200, defaultRole: 'image', problems: [] })
    // Only visible layers named for a role; their boxes relative to the frame.
    expect(s.layouts?.[0]?.texts.map((t) => [t.role, t.text, t.font, t.fontSize, t.placement?.box.x, t.placement?.box.y, t.placement?.frame])).toEqual([
      ['title', 'NIGHT FERRY', { family: 'Inter', style: 'Bold' }, 96, 40, 60, { width: 800, height: 1200 }],
      ['credits', 'A FILM BY SOMEONE', { family: 'Inter', style: 'Regular' }, 14, 40, 1140, { width: 800, height: 1200 }]
    ])
  })

  test('a Title nested deeper than the frame\'s own children leaves the frame a reference', async () => {
    const card = {
      type: 'FRAME', id: '8:1', name: 'Card', x: 0, y: 2000, width: 300, height: 400, fills: grey,
      children: [{ type: 'FRAME', id: '8:2', name: 'Header', x: 0, y: 0, width: 300, height: 80, children: [{ type: 'TEXT', id: '8:3', name: 'Title', x: 10, y: 10, characters: 'Card title' }] }]
    }
    const document = poster()
    const s = await firstSelection({ ...document, children: [...document.children!, card], selection: ['Card', 'Poster'] } as DocumentJson)
    expect(s.references.map((r) => r.name)).toEqual(['Card'])
    expect(s.layouts?.map((l) => l.name)).toEqual(['Poster'])
  })

  test('a selected text layer carries its font and its place in the frame around it, or none on the page', async () => {
    const s = await firstSelection({ ...poster(), selection: ['Note to self', 'Beat'] } as DocumentJson)
    const [inFrame, onPage] = s.textLayers
    expect(inFrame?.look?.placement).toEqual({ box: expect.objectContaining({ x: 40, y: 600 }), frame: { width: 800, height: 1200 } })
    expect(onPage?.look).toEqual({ font: { family: 'Inter', style: 'Regular' }, fontSize: 12 })
  })
})
