// Reading outcomes from the playground's page snapshot: the sections a generation made and their panels.
import type { NodeSnapshot } from '../../src/host/figma'
import { expect } from 'vitest'

import type { PanelView } from '../helpers/page-snapshot'

export { panels, type PanelView, sections } from '../helpers/page-snapshot'

/** Every panel holds an image fill whose pixels have `aspect`, shown at that aspect, with provenance. */
export function expectFilled(list: PanelView[], aspect: number): void {
  for (const p of list) {
    const fill = p.image.images?.[0]
    expect(fill, `${p.node.name} has an image fill`).toBeDefined()
    expect(fill!.width / fill!.height).toBeCloseTo(aspect, 1)
    expect(p.image.width / p.image.height).toBeCloseTo(aspect, 1)
    expect(p.node.pluginData).toEqual(expect.arrayContaining(['keyframe.panel', 'keyframe.provenance']))
    expect(p.node.children?.some((c) => c.name === 'Status')).toBe(false)
  }
}

const box = (n: NodeSnapshot) => ({ x: n.absoluteX, y: n.absoluteY, right: n.absoluteX + n.width, bottom: n.absoluteY + n.height })

export function overlaps(a: NodeSnapshot, b: NodeSnapshot): boolean {
  const p = box(a)
  const q = box(b)
  return p.x < q.right && q.x < p.right && p.y < q.bottom && q.y < p.bottom
}

/** No two of these nodes overlap. */
export function expectNoOverlap(nodes: NodeSnapshot[]): void {
  for (const [i, a] of nodes.entries()) {
    for (const b of nodes.slice(i + 1)) expect(overlaps(a, b), `${a.name} overlaps ${b.name}`).toBe(false)
  }
}
