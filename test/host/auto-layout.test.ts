import { describe, expect, test } from 'vitest'

import { makeHost } from './helpers'

function frameWith(figma: PluginAPI, sizes: Array<[number, number]>): { parent: FrameNode; kids: FrameNode[] } {
  const parent = figma.createFrame()
  const kids = sizes.map(([w, h]) => {
    const f = figma.createFrame()
    f.resize(w, h)
    parent.appendChild(f)
    return f
  })
  return { parent, kids }
}
const boxes = (kids: SceneNode[]): number[][] => kids.map((k) => [k.x, k.y, k.width, k.height])

describe('auto layout', () => {
  test('horizontal: hugs along the primary axis, keeps a fixed counter axis (Figma’s defaults)', () => {
    const { figma } = makeHost()
    const { parent, kids } = frameWith(figma, [[100, 100], [100, 200]])
    parent.layoutMode = 'HORIZONTAL'
    expect(parent.primaryAxisSizingMode).toBe('AUTO')
    expect(parent.counterAxisSizingMode).toBe('FIXED')
    expect([parent.width, parent.height]).toEqual([200, 100])
    expect(boxes(kids)).toEqual([[0, 0, 100, 100], [100, 0, 100, 200]])
    parent.counterAxisSizingMode = 'AUTO'
    expect(parent.height).toBe(200)
  })

  test('vertical with padding and spacing', () => {
    const { figma } = makeHost()
    const { parent, kids } = frameWith(figma, [[50, 20], [80, 30]])
    parent.layoutMode = 'VERTICAL'
    parent.paddingTop = 10
    parent.paddingLeft = 5
    parent.paddingBottom = 15
    parent.itemSpacing = 8
    parent.layoutSizingHorizontal = 'HUG'
    expect(boxes(kids)).toEqual([[5, 10, 50, 20], [5, 38, 80, 30]])
    expect([parent.width, parent.height]).toEqual([85, 83])
  })

  test('wrap: rows break when the next child would cross the inner width', () => {
    const { figma } = makeHost()
    const { parent, kids } = frameWith(figma, [[100, 50], [100, 80], [100, 50], [100, 60], [100, 40]])
    parent.layoutMode = 'HORIZONTAL'
    parent.layoutWrap = 'WRAP'
    parent.primaryAxisSizingMode = 'FIXED'
    parent.counterAxisSizingMode = 'AUTO'
    parent.resize(340, parent.height)
    parent.paddingLeft = parent.paddingRight = parent.paddingTop = parent.paddingBottom = 10
    parent.itemSpacing = 10
    parent.counterAxisSpacing = 20
    // Inner width 320: three 100 px children with two 10 px gaps fit (320), a fourth does not.
    expect(boxes(kids)).toEqual([
      [10, 10, 100, 50], [120, 10, 100, 80], [230, 10, 100, 50],
      [10, 110, 100, 60], [120, 110, 100, 40]
    ])
    expect(parent.height).toBe(10 + 80 + 20 + 60 + 10)
    expect(parent.width).toBe(340)
  })

  test('counterAxisSpacing follows itemSpacing until set, and null restores that', () => {
    const { figma } = makeHost()
    const { parent } = frameWith(figma, [[10, 10]])
    parent.layoutMode = 'HORIZONTAL'
    parent.layoutWrap = 'WRAP'
    parent.itemSpacing = 12
    expect(parent.counterAxisSpacing).toBe(12)
    parent.counterAxisSpacing = 4
    expect(parent.counterAxisSpacing).toBe(4)
    parent.counterAxisSpacing = null
    expect(parent.counterAxisSpacing).toBe(12)
    expect(() => (parent.counterAxisSpacing = -1)).toThrow('in set_counterAxisSpacing: Expected a finite number >= 0')
  })

  test('wrap needs auto layout; align content needs wrap', () => {
    const { figma } = makeHost()
    const frame = figma.createFrame()
    expect(() => (frame.layoutWrap = 'WRAP')).toThrow('auto-layout')
    frame.layoutMode = 'HORIZONTAL'
    expect(() => (frame.counterAxisAlignContent = 'SPACE_BETWEEN')).toThrow('wrapping')
    expect(() => (frame.layoutMode = 'GRID')).toThrow('not implemented')
  })

  test('centre and end alignment, per row and across rows', () => {
    const { figma } = makeHost()
    const { parent, kids } = frameWith(figma, [[40, 20], [40, 40], [40, 20]])
    parent.layoutMode = 'HORIZONTAL'
    parent.layoutWrap = 'WRAP'
    parent.resize(100, 200)
    parent.primaryAxisAlignItems = 'CENTER'
    parent.counterAxisAlignItems = 'CENTER'
    // Rows: [40, 40] (80 wide, 40 tall) and [40] (20 tall); block of 60 centred in 200.
    expect(boxes(kids)).toEqual([[10, 80, 40, 20], [50, 70, 40, 40], [30, 110, 40, 20]])
    parent.primaryAxisAlignItems = 'MAX'
    parent.counterAxisAlignItems = 'MAX'
    expect(boxes(kids)).toEqual([[20, 160, 40, 20], [60, 140, 40, 40], [60, 180, 40, 20]])
  })

  test('space between, in a row and across rows', () => {
    const { figma } = makeHost()
    const { parent, kids } = frameWith(figma, [[40, 20], [40, 20], [40, 20]])
    parent.layoutMode = 'HORIZONTAL'
    parent.layoutWrap = 'WRAP'
    parent.resize(100, 100)
    parent.primaryAxisAlignItems = 'SPACE_BETWEEN'
    parent.counterAxisAlignContent = 'SPACE_BETWEEN'
    expect(boxes(kids)).toEqual([[0, 0, 40, 20], [60, 0, 40, 20], [0, 80, 40, 20]])
  })

  test('FILL children share free space and stretch across', () => {
    const { figma } = makeHost()
    const { parent, kids } = frameWith(figma, [[50, 20], [10, 10], [10, 10]])
    parent.layoutMode = 'HORIZONTAL'
    parent.resize(300, 60)
    parent.itemSpacing = 10
    kids[1]!.layoutSizingHorizontal = 'FILL'
    kids[2]!.layoutSizingHorizontal = 'FILL'
    kids[2]!.layoutSizingVertical = 'FILL'
    expect(kids[1]!.layoutGrow).toBe(1)
    expect(kids[2]!.layoutAlign).toBe('STRETCH')
    expect(boxes(kids)).toEqual([[0, 0, 50, 20], [60, 0, 115, 10], [185, 0, 115, 60]])
    expect(kids[2]!.layoutSizingVertical).toBe('FILL')
  })

  test('layoutSizing: FILL only inside auto layout, HUG only on auto layout frames and text', () => {
    const { figma } = makeHost()
    const frame = figma.createFrame()
    const rect = figma.createRectangle()
    frame.appendChild(rect)
    expect(() => (rect.layoutSizingHorizontal = 'FILL')).toThrow('FILL can only be set on children of auto-layout frames')
    expect(() => (rect.layoutSizingVertical = 'HUG')).toThrow('HUG is only valid')
    expect(() => (frame.layoutSizingHorizontal = 'HUG')).toThrow('HUG is only valid')
    frame.layoutMode = 'VERTICAL'
    frame.layoutSizingVertical = 'FIXED'
    expect(frame.primaryAxisSizingMode).toBe('FIXED')
    frame.layoutSizingHorizontal = 'HUG'
    expect(frame.counterAxisSizingMode).toBe('AUTO')
  })

  test('hidden and absolutely positioned children are left out of the flow', () => {
    const { figma } = makeHost()
    const { parent, kids } = frameWith(figma, [[30, 30], [30, 30], [30, 30]])
    parent.layoutMode = 'HORIZONTAL'
    kids[0]!.visible = false
    kids[1]!.layoutPositioning = 'ABSOLUTE'
    kids[1]!.x = 500
    expect(kids[1]!.x).toBe(500)
    expect(kids[2]!.x).toBe(0)
    expect(parent.width).toBe(30)
  })

  test('nested: a hugging child re-lays its parent when it grows', () => {
    const { figma } = makeHost()
    const outer = figma.createFrame()
    outer.layoutMode = 'VERTICAL'
    outer.counterAxisSizingMode = 'AUTO'
    const inner = figma.createFrame()
    inner.layoutMode = 'HORIZONTAL'
    inner.counterAxisSizingMode = 'AUTO'
    outer.appendChild(inner)
    const after = figma.createFrame()
    outer.appendChild(after)
    const child = figma.createFrame()
    child.resize(40, 70)
    inner.appendChild(child)
    expect([inner.width, inner.height]).toEqual([40, 70])
    expect(after.y).toBe(70)
    child.resize(40, 90)
    expect(after.y).toBe(90)
    expect(outer.height).toBe(190)
  })

  test('resizing a hugging frame fixes that axis, as Figma does', () => {
    const { figma } = makeHost()
    const { parent } = frameWith(figma, [[30, 30]])
    parent.layoutMode = 'HORIZONTAL'
    parent.resize(200, 30)
    expect(parent.primaryAxisSizingMode).toBe('FIXED')
    expect(parent.width).toBe(200)
  })
})
