// "Use as a reference instead": a layout the designer meant as a reference image leaves the layouts and joins
// the references for this generation; the others stay layouts.
import { describe, expect, test } from 'vitest'

import type { LayoutSummary, ReferenceSummary, SelectionSnapshot } from '../../src/messages'
import { withLayoutsAsReferences } from '../../src/ui/form/layout-as-reference'

const reference = (id: string, name: string): ReferenceSummary => ({ id, name, type: 'FRAME', width: 400, height: 600, defaultRole: 'image', problems: [], warnings: [] })
const layout = (id: string, name: string, asReference?: ReferenceSummary): LayoutSummary => ({ id, name, width: 400, height: 600, texts: [], ...(asReference && { asReference }) })
const selection = (over: Partial<SelectionSnapshot>): SelectionSnapshot => ({ version: 1, references: [], textLayers: [], panels: [], storyboards: [], ignored: [], ...over })

describe('withLayoutsAsReferences', () => {
  const harbour = reference('1:1', 'Harbour')
  const poster = layout('2:1', 'Poster', reference('2:1', 'Poster'))
  const card = layout('3:1', 'Card', reference('3:1', 'Card'))

  test('a chosen layout becomes a reference after the selected ones; the rest stay layouts', () => {
    const s = withLayoutsAsReferences(selection({ references: [harbour], layouts: [poster, card] }), new Set(['2:1']))
    expect(s.references.map((r) => r.name)).toEqual(['Harbour', 'Poster'])
    expect(s.layouts?.map((l) => l.name)).toEqual(['Card'])
  })

  test('nothing chosen (or an id no longer selected) leaves the selection as it is', () => {
    const before = selection({ references: [harbour], layouts: [poster] })
    expect(withLayoutsAsReferences(before, new Set())).toBe(before)
    expect(withLayoutsAsReferences(before, new Set(['9:9']))).toBe(before)
  })

  test('a layout from an older sender without its reference reading stays a layout', () => {
    const old = layout('2:1', 'Poster')
    const s = withLayoutsAsReferences(selection({ layouts: [old] }), new Set(['2:1']))
    expect([s.references, s.layouts]).toEqual([[], [old]])
  })
})
