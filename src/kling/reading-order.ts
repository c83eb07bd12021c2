// Text layers become prompt beats in reading order: rows top to bottom, left to right within a row.
// Two layers share a row when their vertical extents overlap by at least half the shorter one, so a
// storyboard laid out as a loose grid reads the way a person reads it.

import type { Box } from '../box'

export function inReadingOrder<T extends Box>(items: readonly T[]): T[] {
  const byTop = [...items].sort((a, b) => a.y - b.y || a.x - b.x)
  const rows: { top: number; bottom: number; items: T[] }[] = []
  for (const item of byTop) {
    const row = rows.find((r) => sharesRow(r, item))
    if (row) {
      row.items.push(item)
      row.top = Math.min(row.top, item.y)
      row.bottom = Math.max(row.bottom, item.y + item.height)
    } else {
      rows.push({ top: item.y, bottom: item.y + item.height, items: [item] })
    }
  }
  return rows.flatMap((r) => r.items.sort((a, b) => a.x - b.x))
}

function sharesRow(row: { top: number; bottom: number; items: Box[] }, item: Box): boolean {
  const overlap = Math.min(row.bottom, item.y + item.height) - Math.max(row.top, item.y)
  const shorter = Math.min(item.height, ...row.items.map((i) => i.height))
  return overlap > 0 && overlap >= shorter / 2
}
