import { describe, expect, it } from 'vitest'

import { findFreeSpot, gridColumns, gridPositions, panelImageSize } from '../../src/main/layout'

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
