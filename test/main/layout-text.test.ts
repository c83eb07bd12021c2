// A text layer with several fonts or sizes (Figma answers figma.mixed, a symbol): the first character's font
// through getRangeFontName when there is one, else "mixed" (no style words); a mixed size stays "mixed".
import { describe, expect, test } from 'vitest'

import { lookOf, readLayout } from '../../src/main/layout-text'

const MIXED = Symbol('figma.mixed')
/** Only the fields lookOf reads, in the shapes plugin-api.d.ts gives them (fontName line 9798, fontSize 9775). */
const textNode = (over: Record<string, unknown>) =>
  ({ type: 'TEXT', characters: 'NIGHT FERRY', fontSize: 40, fontName: { family: 'Inter', style: 'Bold' }, parent: null, absoluteBoundingBox: null, x: 0, y: 0, width: 10, height: 10, ...over }) as unknown as TextNode

describe('reading a text layer with mixed fonts', () => {
  test("the first character's font when the host can say it", () => {
    const look = lookOf(textNode({ fontName: MIXED, getRangeFontName: (start: number, end: number) => (start === 0 && end === 1 ? { family: 'Oswald', style: 'Bold' } : MIXED) }), undefined)
    expect(look.font).toEqual({ family: 'Oswald', style: 'Bold' })
  })
  test('"mixed" when it cannot (no getRangeFontName, or no characters), and a mixed size', () => {
    expect(lookOf(textNode({ fontName: MIXED, fontSize: MIXED }), undefined)).toEqual({ font: 'mixed', fontSize: 'mixed' })
    expect(lookOf(textNode({ fontName: MIXED, characters: '', getRangeFontName: () => ({ family: 'X', style: 'Y' }) }), undefined).font).toBe('mixed')
  })
})

describe('what makes a layout', () => {
  // The host has no components; the fields readLayout would read, as plugin-api.d.ts gives them.
  const title = textNode({ id: '1:2', name: 'Title', visible: true })
  test.each(['INSTANCE', 'COMPONENT'])('a %s with a Title is not a layout (only frames are composed into): it stays a reference', (type) => {
    const node = { type, id: '1:1', name: 'Poster card', width: 100, height: 100, children: [title], findAll: () => [title] } as unknown as SceneNode
    expect(readLayout(node)).toBeUndefined()
  })
})
