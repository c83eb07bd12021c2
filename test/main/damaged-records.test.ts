// A Keyframe node whose plugin data is damaged (hand-edited, another plugin, an old version) must not blank
// the selection: the UI would keep the previous one and its actions would reach the wrong panels. The node
// is listed under `ignored` with the reason, the rest of the selection is read, and a snapshot is always sent.
import { describe, expect, test } from 'vitest'

import type { DocumentJson } from '../../src/host/figma'
import type { SelectionSnapshot } from '../../src/messages'
import { readCurrentSelection } from '../../src/main/selection'
import { firstSelection, runMain } from '../host/run-main'

const grey = [{ type: 'SOLID' as const, color: '#888888' }]
const O3_T2I = 'fal-ai/kling-image/o3/text-to-image'
const provenance = {
  endpoint: O3_T2I,
  input: { prompt: 'Ink. Panel 1: a. Panel 2: b.', resolution: '1K', aspect_ratio: '16:9', result_type: 'series', series_amount: 2 },
  requestId: 'req-1',
  index: 2,
  imageUrl: 'https://v3.fal.media/files/x.png',
  costUsd: 0.028,
  requestCostUsd: 0.056,
  createdAt: '2026-11-27T06:00:00.000Z',
  completedAt: '2026-11-27T06:00:09.000Z',
  generator: 'Keyframe'
}
const job = { jobId: 'j1', sectionId: '5:1', state: 'done', endpoint: O3_T2I, input: provenance.input, panels: [{ number: 1 }, { number: 2 }], references: [] }

function panel(id: string, number: number, data: Record<string, string>) {
  return { type: 'FRAME' as const, id, name: `Panel ${number}`, x: 48 + 560 * (number - 1), y: 80, width: 500, height: 320, fills: grey, pluginData: { 'keyframe.panel': String(number), ...data } }
}

function documentWith(sectionJob: unknown, panel2Provenance: unknown): DocumentJson {
  return {
    children: [
      {
        type: 'SECTION',
        id: '5:1',
        name: 'Storyboard · a',
        x: 0,
        y: 0,
        width: 1200,
        height: 500,
        pluginData: { 'keyframe.job': JSON.stringify(sectionJob) },
        children: [
          panel('5:2', 1, { 'keyframe.provenance': JSON.stringify({ ...provenance, index: 1 }) }),
          panel('5:3', 2, { 'keyframe.provenance': JSON.stringify(panel2Provenance) })
        ]
      },
      { type: 'TEXT', id: '7:1', name: 'Beat', x: 0, y: 900, characters: 'Mara waves.' }
    ],
    selection: ['5:1', '5:2', '5:3', '7:1']
  }
}

describe('a damaged Keyframe record in the selection', () => {
  test('the healthy records still read: the control case', async () => {
    const s = await firstSelection(documentWith(job, provenance))
    expect(s.storyboards.map((b) => [b.name, b.basis?.style])).toEqual([['Storyboard · a', 'Ink.']])
    expect(s.panels.map((p) => [p.name, p.shown?.prompt])).toEqual([['Panel 1', provenance.input.prompt], ['Panel 2', provenance.input.prompt]])
    expect(s.ignored).toEqual([])
  })

  test('a panel whose image record has no request input is ignored with the reason; the rest is read', async () => {
    const { input: _, ...withoutInput } = provenance
    const s = await firstSelection(documentWith(job, withoutInput))
    expect(s.panels.map((p) => p.name)).toEqual(['Panel 1'])
    expect(s.ignored).toEqual([{ name: 'Panel 2', reason: "its Keyframe record is damaged: the record of its image has no request input; its image is untouched" }])
    expect(s.storyboards).toHaveLength(1)
    expect(s.textLayers.map((t) => t.text)).toEqual(['Mara waves.'])
  })

  test('a panel whose image record is not JSON, or has input that is not an object, is ignored the same way', async () => {
    const notJson = documentWith(job, provenance)
    ;(notJson.children![0] as { children: { pluginData: Record<string, string> }[] }).children[1]!.pluginData['keyframe.provenance'] = '{"endpoint": "fal-ai/kl'
    const s1 = await firstSelection(notJson)
    expect(s1.ignored).toEqual([{ name: 'Panel 2', reason: 'its Keyframe record is damaged: the record of its image cannot be read; its image is untouched' }])
    const s2 = await firstSelection(documentWith(job, { ...provenance, input: 'Ink. Panel 1: a.' }))
    expect(s2.ignored).toEqual([{ name: 'Panel 2', reason: 'its Keyframe record is damaged: the record of its image has no request input; its image is untouched' }])
    expect(s2.panels.map((p) => p.name)).toEqual(['Panel 1'])
  })

  test('a panel whose image record holds a request its endpoint would not take is ignored with the reason; the record is left as it was', async () => {
    const damaged = { ...provenance, input: { ...provenance.input, resolution: '8K' } }
    const run = await runMain({ document: documentWith(job, damaged) })
    const changed = run.next('SELECTION_CHANGED')
    run.emit('UI_READY')
    const [s] = (await changed) as [SelectionSnapshot]
    expect(s.panels.map((p) => p.name)).toEqual(['Panel 1'])
    expect(s.ignored).toEqual([
      { name: 'Panel 2', reason: expect.stringMatching(/^its Keyframe record is damaged: the record of its image has a request that is not one fal-ai\/kling-image\/o3\/text-to-image takes: resolution .+; its image is untouched$/) }
    ])
    // Reading it wrote nothing back: the damaged record is still on the panel, byte for byte.
    const panel2 = await run.host.figma.getNodeByIdAsync('5:3')
    expect(panel2?.getPluginData('keyframe.provenance')).toBe(JSON.stringify(damaged))
  })

  test('a storyboard whose record lists its references as an object is ignored with the reason; its panels still read', async () => {
    const s = await firstSelection(documentWith({ ...job, references: { name: 'Mara' } }, provenance))
    expect(s.storyboards).toEqual([])
    expect(s.ignored).toEqual([{ name: 'Storyboard · a', reason: 'its Keyframe record is damaged: its references are not a list; its panels are untouched' }])
    expect(s.panels.map((p) => p.name)).toEqual(['Panel 1', 'Panel 2'])
  })

  test('a storyboard whose record names a reference with an unknown role is ignored', async () => {
    const s = await firstSelection(documentWith({ ...job, references: [{ name: 'Mara', role: 'hero' }] }, provenance))
    expect(s.storyboards).toEqual([])
    expect(s.ignored).toEqual([{ name: 'Storyboard · a', reason: 'its Keyframe record is damaged: reference 1 of its references has no name or role; its panels are untouched' }])
  })

  test('when the selection itself cannot be read, an empty snapshot is sent with the reason, never nothing', async () => {
    // main.ts sends whatever this returns; the in-memory Figma cannot be made to fail this way, so the
    // reader is given a selection that throws.
    const { nodes, contents } = await readCurrentSelection(() => {
      throw new Error('the page is not loaded.')
    })
    expect(nodes).toEqual([])
    expect(contents).toEqual({
      references: [],
      textLayers: [],
      panels: [],
      storyboards: [],
      layouts: [],
      ignored: [{ name: 'The selection', reason: 'Keyframe could not read it: the page is not loaded. Select again; nothing was changed.' }]
    })
  })
})
