// The Image layer's fills after a version change, as plain data: only the versions' paints change.
import { expect, test } from 'vitest'

import { paintsOfVersions, versionFills } from '../../src/main/version-fills'

const img = (imageHash: string, extra: Partial<ImagePaint> = {}): ImagePaint => ({ type: 'IMAGE', scaleMode: 'FILL', imageHash, ...extra })
const tint: SolidPaint = { type: 'SOLID', color: { r: 1, g: 0, b: 0 }, opacity: 0.2 }
const paper = img('paper', { scaleMode: 'TILE', opacity: 0.3 })

test('a repeated image: the k-th paint with a hash stands for the k-th version with it; a version without a paint is -1', () => {
  expect(paintsOfVersions([tint, img('a'), paper, img('a')], [{ imageHash: 'a' }, { imageHash: 'a' }, { imageHash: 'b' }])).toEqual([1, 3, -1])
})

test('switching changes only the versions\' visible flags; other paints keep their place and settings', () => {
  const fills = [tint, img('a', { visible: false }), paper, img('b', { rotation: 90 })]
  expect(versionFills(fills, [{ imageHash: 'a' }, { imageHash: 'b' }], 0)).toEqual([
    tint,
    img('a', { visible: true }),
    paper,
    img('b', { rotation: 90, visible: false })
  ])
})

test('a new version is added on top, shown; a removed one goes, and only it', () => {
  const fills = [img('a'), paper]
  expect(versionFills(fills, [{ imageHash: 'a' }, { imageHash: 'b' }], 1)).toEqual([img('a', { visible: false }), paper, img('b', { visible: true })])
  const two = [img('a', { visible: false }), paper, img('a')]
  // Removing the second of two equal images takes the second paint with that hash.
  expect(versionFills(two, [{ imageHash: 'a' }, { imageHash: 'a' }], 0, 1)).toEqual([img('a', { visible: true }), paper])
})

test('a legacy entry with no known image gets no paint', () => {
  expect(versionFills([paper], [{ imageHash: '' }], 0)).toEqual([paper])
})
