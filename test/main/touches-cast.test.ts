// Which page changes send the cast index to rescan the page: only those about cast frames, their angles, or
// members it holds. Placing a storyboard's panels must not (each rescan walks the page: O(n²) for n panels).
import { describe, expect, it } from 'vitest'

import { touchesCast } from '../../src/main/cast-index'

type Change = NodeChangeEvent['nodeChanges'][number]
const node = (id: string, name: string, parent: { name: string } | null = { name: 'Storyboard · Mara' }) => ({ id, name, parent, removed: false }) as unknown as SceneNode
const created = (n: SceneNode): Change => ({ type: 'CREATE', id: n.id, node: n, origin: 'LOCAL' }) as unknown as Change
const changed = (n: SceneNode, properties: string[]): Change => ({ type: 'PROPERTY_CHANGE', id: n.id, node: n, properties, origin: 'LOCAL' }) as unknown as Change
const removed = (id: string): Change => ({ type: 'DELETE', id, node: { id, removed: true, type: 'FRAME' }, origin: 'LOCAL' }) as unknown as Change
const burst = (...nodeChanges: Change[]): NodeChangeEvent => ({ nodeChanges })

describe('touchesCast', () => {
  const none = new Set<string>()
  it('passes over panels being placed and filled', () => {
    expect(touchesCast(burst(created(node('9:1', 'Panel 1')), changed(node('9:2', 'Image'), ['fills', 'width'])), none)).toBe(false)
  })
  it('rescans for an @ frame added or renamed, an angle added, a member removed or renamed away', () => {
    expect(touchesCast(burst(created(node('3:1', '@Ines', { name: 'Cast' }))), none)).toBe(true)
    expect(touchesCast(burst(changed(node('3:1', '@Ines'), ['name'])), none)).toBe(true)
    expect(touchesCast(burst(created(node('3:2', 'angle 2', { name: '@Ines' }))), none)).toBe(true)
    expect(touchesCast(burst(changed(node('3:3', 'Rectangle', { name: '@Ines' }), ['fills'])), none)).toBe(true)
    expect(touchesCast(burst(removed('3:1')), new Set(['3:1']))).toBe(true)
    expect(touchesCast(burst(changed(node('3:1', 'Ines'), ['name'])), new Set(['3:1']))).toBe(true)
  })
  it('passes over a cast frame change that cannot move the index (its opacity)', () => {
    expect(touchesCast(burst(changed(node('3:1', '@Ines'), ['opacity'])), none)).toBe(false)
  })
})
