// Reading the selection against the in-memory document: what is a prompt, what is a reference, what is
// refused and why, before anything is exported or uploaded.
import { describe, expect, test } from 'vitest'

import type { DocumentJson } from '../../src/host/figma'
import type { SelectionSnapshot } from '../../src/messages'
import { runMain } from '../host/run-main'

const grey = [{ type: 'SOLID' as const, color: '#888888' }]

async function selectionOf(document: DocumentJson) {
  const run = await runMain({ document })
  const changed = run.next('SELECTION_CHANGED')
  run.emit('UI_READY')
  return ((await changed) as [SelectionSnapshot])[0]
}

describe('reading the selection', () => {
  test('text layers are prompt text; frames are references; "@" names start as elements', async () => {
    const s = await selectionOf({
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
    const s = await selectionOf({
      children: [
        { type: 'FRAME', id: '2:1', name: 'Thumb', x: 0, y: 0, width: 200, height: 200, fills: grey },
        { type: 'FRAME', id: '2:2', name: 'Banner', x: 0, y: 300, width: 1600, height: 400, fills: grey },
        { type: 'FRAME', id: '2:3', name: 'Ghost', x: 0, y: 800, width: 600, height: 600, fills: grey, visible: false }
      ],
      selection: ['Thumb', 'Banner', 'Ghost']
    })
    const problems = Object.fromEntries(s.references.map((r) => [r.name, r.problems.map((p) => `${p.message} ${p.fix}`)]))
    expect(problems.Thumb).toEqual(['"Thumb" is 200×200 px; Kling needs at least 300 px on each side. Resize "Thumb" to at least 300×300 px.'])
    expect(problems.Banner?.[0]).toMatch(/^"Banner" is 4\.0:1; Kling accepts 1:2\.5 to 2\.5:1\./)
    expect(problems.Ghost).toEqual(['"Ghost" is hidden, so it would export empty. Show "Ghost" (or deselect it).'])
  })

  test('hidden text and shapes without an image are left out, with the reason', async () => {
    const s = await selectionOf({
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
})
