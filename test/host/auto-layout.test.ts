// The least of auto layout the host models (src/host/figma/nodes/auto-layout.ts): enough that a plugin
// forgetting layoutPositioning = 'ABSOLUTE' sees its layer placed by the frame, as in Figma.
import { describe, expect, test } from 'vitest'

import { makeHost } from './helpers'

describe('auto layout in the host', () => {
  test('ABSOLUTE only in an auto-layout frame; a flow child is placed by the frame, an absolute one where it is put', async () => {
    const { figma } = makeHost()
    const frame = figma.createFrame()
    const a = figma.createRectangle()
    const b = figma.createRectangle()
    frame.appendChild(a)
    frame.appendChild(b)
    expect(frame.layoutMode).toBe('NONE')
    expect(() => (b.layoutPositioning = 'ABSOLUTE')).toThrow(/layoutMode !== NONE/)
    expect(() => (frame.layoutMode = 'DIAGONAL' as 'NONE')).toThrow(/layoutMode/)
    frame.layoutMode = 'HORIZONTAL'
    b.y = 40
    expect([b.x, b.y]).toEqual([100, 0])
    b.layoutPositioning = 'ABSOLUTE'
    b.y = 40
    expect([b.x, b.y]).toEqual([100, 40])
    expect(() => (b.constraints = { horizontal: 'SIDEWAYS', vertical: 'MIN' } as unknown as Constraints)).toThrow(/constraints/)
  })
})
