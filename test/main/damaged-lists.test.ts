// A panel's version list or a storyboard's job history that is damaged (hand-edited, another plugin) is
// said so, and left byte for byte as it was: the selection lists the node under `ignored` with the reason,
// and every change that would write the list or history from it is refused.
import { describe, expect, test } from 'vitest'

import type { DocumentJson } from '../../src/host/figma'
import type { JobPlan, SelectionSnapshot } from '../../src/messages'
import { type RunningPlugin, runMain } from '../host/run-main'

const O3_T2I = 'fal-ai/kling-image/o3/text-to-image'
const input = { prompt: 'Ink. Panel 1: a. Panel 2: b.', resolution: '1K', aspect_ratio: '16:9', result_type: 'series', series_amount: 2 }
const provenance = (index: number) => ({
  endpoint: O3_T2I,
  input,
  requestId: 'req-1',
  index,
  imageUrl: 'https://v3.fal.media/files/x.png',
  costUsd: 0.028,
  requestCostUsd: 0.056,
  createdAt: '2026-11-27T06:00:00.000Z',
  completedAt: '2026-11-27T06:00:09.000Z',
  generator: 'Keyframe'
})
const job = { jobId: 'j1', sectionId: '5:1', state: 'done', endpoint: O3_T2I, input, panels: [{ number: 1 }, { number: 2 }], references: [] }
const grey = [{ type: 'SOLID' as const, color: '#888888' }]

function documentWith(sectionData: Record<string, string>, panel2Data: Record<string, string>): DocumentJson {
  const panel = (id: string, number: number, data: Record<string, string>) => ({
    type: 'FRAME' as const,
    id,
    name: `Panel ${number}`,
    x: 48 + 560 * (number - 1),
    y: 80,
    width: 500,
    height: 320,
    fills: grey,
    pluginData: { 'keyframe.panel': String(number), 'keyframe.provenance': JSON.stringify(provenance(number)), ...data }
  })
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
        pluginData: { 'keyframe.job': JSON.stringify(job), ...sectionData },
        children: [panel('5:2', 1, {}), panel('5:3', 2, panel2Data)]
      }
    ],
    selection: ['5:1', '5:2', '5:3']
  }
}

async function selectionOf(run: RunningPlugin): Promise<SelectionSnapshot> {
  const changed = run.next('SELECTION_CHANGED')
  run.emit('UI_READY')
  return ((await changed) as [SelectionSnapshot])[0]
}

const stored = async (run: RunningPlugin, id: string, key: string) => (await run.host.figma.getNodeByIdAsync(id))?.getPluginData(key)

const FIX = "(restore it from the file's version history)"

describe('a damaged version list', () => {
  const damaged = [
    ['not JSON', '[{"imageHash": "ab', 'is not JSON'],
    ['not a list', '{"imageHash":"ab"}', 'is not a list'],
    ['an entry without its provenance', JSON.stringify([{ imageHash: 'ab', provenance: provenance(2) }, { imageHash: 'cd' }]), 'has a bad provenance in version 2 (']
  ] as const

  test.each(damaged)('%s: the panel is ignored with the reason, the rest is read, the list is left as it was', async (_, list, problem) => {
    const run = await runMain({ document: documentWith({}, { 'keyframe.versions': list }) })
    const s = await selectionOf(run)
    expect(s.panels.map((p) => p.name)).toEqual(['Panel 1'])
    expect(s.storyboards.map((b) => b.name)).toEqual(['Storyboard · a'])
    expect(s.ignored).toEqual([{ name: 'Panel 2', reason: expect.stringContaining(`its Keyframe record is damaged: its version list ${problem}`) }])
    expect(s.ignored[0]!.reason).toMatch(/\(restore it from the file's version history\); its image is untouched$/)
    expect(await stored(run, '5:3', 'keyframe.versions')).toBe(list)
  })

  test('stepping, removing and regenerating are refused with the reason, and write nothing', async () => {
    const list = '[{"imageHash": "ab'
    const run = await runMain({ document: documentWith({}, { 'keyframe.versions': list }) })
    const refusal = `"Panel 2" was left as it is: its version list is not JSON ${FIX}.`
    await expect(run.call('stepVersion', { panelId: '5:3', step: -1 })).rejects.toThrow(refusal)
    await expect(run.call('removeVersion', { panelId: '5:3' })).rejects.toThrow(refusal)
    const plan: JobPlan = {
      jobId: 'regen',
      endpoint: O3_T2I,
      input: { prompt: 'Ink. b.', resolution: '1K', aspect_ratio: '16:9', num_images: 1 },
      panels: [{ number: 1 }],
      nominalSize: { width: 1024, height: 576 },
      costUsd: 0.028,
      title: 'Panel 2',
      createdAt: '2026-11-27T07:00:00.000Z',
      target: { kind: 'versions', panelId: '5:3' }
    }
    await expect(run.call('startJob', plan)).rejects.toThrow(refusal)
    expect(await stored(run, '5:3', 'keyframe.versions')).toBe(list)
    expect(await stored(run, '5:3', 'keyframe.job')).toBe('')
    expect(await stored(run, '5:3', 'keyframe.provenance')).toBe(JSON.stringify(provenance(2)))
  })
})

describe('a damaged job history', () => {
  const damaged = [
    ['not JSON', '[{"jobId": "j0"', 'is not JSON'],
    ['not a list', '{"jobId":"j0"}', 'is not a list'],
    ['a trimmed entry with an unknown state', JSON.stringify([{ ...job, jobId: 'j0' }, { jobId: 'j0b', state: 'lost', panels: [] }]), 'has a bad state in entry 2 ('],
    ['a whole entry whose panels are not a list', JSON.stringify([{ ...job, jobId: 'j0', panels: { number: 1 } }]), 'has a bad panels in entry 1 (']
  ] as const

  test.each(damaged)('%s: the storyboard is ignored with the reason, its panels still read, the history is left as it was', async (_, history, problem) => {
    const run = await runMain({ document: documentWith({ 'keyframe.jobHistory': history }, {}) })
    const s = await selectionOf(run)
    expect(s.storyboards).toEqual([])
    expect(s.panels.map((p) => p.name)).toEqual(['Panel 1', 'Panel 2'])
    expect(s.ignored).toEqual([{ name: 'Storyboard · a', reason: expect.stringContaining(`its Keyframe record is damaged: its job history ${problem}`) }])
    expect(s.ignored[0]!.reason).toMatch(/\(restore it from the file's version history\); its panels are untouched$/)
    expect(await stored(run, '5:1', 'keyframe.jobHistory')).toBe(history)
  })

  test('adding beats is refused with the reason before anything is written; the history and record are as they were', async () => {
    const history = '[{"jobId": "j0"'
    const run = await runMain({ document: documentWith({ 'keyframe.jobHistory': history }, {}) })
    const plan: JobPlan = {
      jobId: 'more',
      endpoint: O3_T2I,
      input: { prompt: 'Ink. waves.', resolution: '1K', aspect_ratio: '16:9', num_images: 1 },
      panels: [{ number: 3, caption: 'Added 3.' }],
      nominalSize: { width: 1024, height: 576 },
      costUsd: 0.028,
      title: 'Storyboard · a',
      createdAt: '2026-11-27T07:00:00.000Z',
      target: { kind: 'append', sectionId: '5:1' }
    }
    await expect(run.call('startJob', plan)).rejects.toThrow(`"Storyboard · a" was left as it is and takes no beats: its job history is not JSON ${FIX}.`)
    expect(await stored(run, '5:1', 'keyframe.jobHistory')).toBe(history)
    expect(await stored(run, '5:1', 'keyframe.job')).toBe(JSON.stringify(job))
    const section = (await run.host.figma.getNodeByIdAsync('5:1')) as SectionNode
    expect(section.children.map((c) => c.name)).toEqual(['Panel 1', 'Panel 2'])
  })
})
