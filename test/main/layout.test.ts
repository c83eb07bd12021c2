import { describe, expect, it } from 'vitest'

import type { Box } from '../../src/box'
import { findFreeSpot, flowSpot, gridColumns, gridPositions, panelImageSize, roomBelow } from '../../src/main/layout'

describe('panel geometry', () => {
  it('sizes the image to a 480 px long side at the output aspect ratio', () => {
    expect(panelImageSize({ width: 2048, height: 1152 })).toEqual({ width: 480, height: 270 })
    expect(panelImageSize({ width: 1152, height: 2048 })).toEqual({ width: 270, height: 480 })
  })

  it('picks fewer columns for wide panels and more for tall ones', () => {
    expect(gridColumns(1, 16 / 9)).toBe(1)
    expect(gridColumns(4, 16 / 9)).toBe(2)
    expect(gridColumns(9, 16 / 9)).toBe(3)
    expect(gridColumns(4, 9 / 16)).toBe(4)
    expect(gridColumns(9, 21 / 9)).toBeLessThan(gridColumns(9, 1))
  })

  it('lays panels out in rows as tall as their tallest panel', () => {
    const { positions, size } = gridPositions(
      [
        { width: 100, height: 50 },
        { width: 100, height: 80 },
        { width: 100, height: 50 }
      ],
      2,
      10
    )
    expect(positions.map((p) => [p.x, p.y])).toEqual([
      [0, 0],
      [110, 0],
      [0, 90]
    ])
    expect(size).toEqual({ width: 210, height: 140 })
  })
})

describe('a free spot on the page', () => {
  const anchor = { x: 0, y: 0, width: 100, height: 100 }

  it('goes to the right of the anchor when nothing is there', () => {
    expect(findFreeSpot({ width: 300, height: 200 }, anchor, [], 50)).toEqual({ x: 150, y: 0, width: 300, height: 200 })
  })

  it('steps past everything in the way, keeping the margin', () => {
    const occupied = [
      { x: 150, y: 0, width: 400, height: 400 },
      { x: 600, y: 100, width: 100, height: 100 }
    ]
    const spot = findFreeSpot({ width: 300, height: 200 }, anchor, occupied, 50)
    expect(spot.x).toBe(750)
    for (const r of occupied) expect(spot.x >= r.x + r.width + 50 || spot.x + spot.width + 50 <= r.x).toBe(true)
  })
})

describe('the flow of sections on a page', () => {
  const anchor = { x: 0, y: 0, width: 0, height: 0 }
  const limits = { columnHeight: 3000, rowWidth: 5000 }
  const clear = (a: Box, b: Box) =>
    a.x >= b.x + b.width || b.x >= a.x + a.width || a.y >= b.y + b.height || b.y >= a.y + a.height

  it('with no Keyframe section yet, goes beside the anchor', () => {
    expect(flowSpot({ width: 100, height: 100 }, [], [], { x: 10, y: 20, width: 50, height: 50 }, limits, 100)).toMatchObject({ x: 160, y: 20 })
  })

  it('goes below the last Keyframe section, left-aligned with it', () => {
    const first = { x: 500, y: 0, width: 1000, height: 800 }
    expect(flowSpot({ width: 600, height: 400 }, [first], [first], anchor, limits, 100)).toEqual({ x: 500, y: 900, width: 600, height: 400 })
  })

  it('steps down past a designer frame in the way, never on top of it', () => {
    const first = { x: 0, y: 0, width: 1000, height: 800 }
    const poster = { x: 200, y: 950, width: 400, height: 600 }
    const spot = flowSpot({ width: 600, height: 400 }, [first], [first, poster], anchor, limits, 100)
    expect(spot).toMatchObject({ x: 0, y: 1650 })
    expect(clear(spot, poster)).toBe(true)
  })

  it('starts a new column at the top when the column would grow too tall', () => {
    const a = { x: 0, y: 0, width: 1000, height: 1200 }
    const b = { x: 0, y: 1300, width: 1200, height: 1200 }
    const spot = flowSpot({ width: 800, height: 900 }, [a, b], [a, b], anchor, limits, 100)
    expect(spot).toMatchObject({ x: 1300, y: 0 })
  })

  it('starts a new row below everything when the columns would grow too wide', () => {
    const a = { x: 0, y: 0, width: 2000, height: 2500 }
    const b = { x: 2100, y: 0, width: 2000, height: 2500 }
    const tall = { x: 4500, y: -200, width: 100, height: 4000 }
    const spot = flowSpot({ width: 1500, height: 1000 }, [a, b], [a, b, tall], anchor, limits, 100)
    expect(spot).toMatchObject({ x: 0, y: 3900 })
  })

  it('never overlaps anything, however crowded the page (fixed pseudo-random pages)', () => {
    let seed = 7
    const rand = (n: number) => ((seed = (seed * 16807) % 2147483647) % n)
    for (let page = 0; page < 200; page++) {
      const occupied = Array.from({ length: 1 + rand(25) }, () => ({ x: rand(8000) - 2000, y: rand(8000) - 2000, width: 50 + rand(2000), height: 50 + rand(2000) }))
      const sections = occupied.slice(0, rand(occupied.length) + 1)
      const size = { width: 200 + rand(2500), height: 200 + rand(2500) }
      const spot = flowSpot(size, sections, occupied, anchor, limits, 100)
      for (const r of occupied) expect(clear(spot, r), JSON.stringify({ page, spot, r })).toBe(true)
      // Never an endless line to the right: the spot stays within the row's width or starts at its left.
      expect(spot.x <= Math.min(...sections.map((s) => s.x)) + limits.rowWidth).toBe(true)
    }
  })
})

describe('making room when a storyboard grows', () => {
  const rect = (x: number, y: number, width: number, height: number) => ({ x, y, width, height })
  const before = rect(0, 0, 1000, 800)
  const after = rect(0, 0, 1000, 1400)

  it('nothing covered: nothing moves', () => {
    expect(roomBelow(before, after, [{ id: 'far', rect: rect(3000, 0, 500, 500), movable: false }], 100)).toEqual([])
  })

  it("Keyframe's sections below move down together by the growth, keeping their spacing", () => {
    const below = { id: 'b', rect: rect(0, 920, 800, 600), movable: true }
    const further = { id: 'c', rect: rect(0, 1620, 800, 600), movable: true }
    const aside = { id: 'd', rect: rect(2000, 920, 800, 600), movable: true }
    const moves = roomBelow(before, after, [below, further, aside], 100)
    // 1400 + 100 margin − 920 = 580: b clears the grown section by the margin, c keeps its 100 from b.
    expect(moves).toEqual([
      { id: 'b', dy: 580 },
      { id: 'c', dy: 580 }
    ])
  })

  it("the designer's own work in the way is never moved: the grown section must move instead", () => {
    expect(roomBelow(before, after, [{ id: 'sketch', rect: rect(100, 1000, 300, 300), movable: false }], 100)).toBeUndefined()
  })

  it('a section that would be pushed onto the designer\'s work: the grown section must move instead', () => {
    const below = { id: 'b', rect: rect(0, 920, 800, 600), movable: true }
    const sketch = { id: 'sketch', rect: rect(0, 1700, 300, 300), movable: false }
    expect(roomBelow(before, after, [below, sketch], 100)).toBeUndefined()
  })

  it('a section beside it that the wider section now covers is not in its column: the grown section moves', () => {
    const wider = rect(0, 0, 2200, 800)
    expect(roomBelow(before, wider, [{ id: 'right', rect: rect(1200, 0, 800, 600), movable: true }], 100)).toBeUndefined()
  })
})
