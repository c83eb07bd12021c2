// Pure geometry for a generation's section: panel sizes, a grid whose columns suit the aspect ratio,
// and a free spot on the page. No Figma calls, so it is tested directly.
import type { Box as Rect } from '../box'
import type { PixelSize } from '../kling'

export type { Rect }

export const PANEL_STYLE = {
  /** Longest side of the image inside a panel, in canvas units (the fill keeps full resolution). */
  imageLongSide: 480,
  padding: 12,
  gap: 8,
  /** Panel numbers sit in a dark badge, bold and big enough to read at 100% zoom. */
  numberSize: 22,
  badgePadding: { x: 9, y: 3 },
  captionSize: 13,
  /** The shot line ("Wide · 24 mm") under the caption: smaller, in the secondary colour. */
  shotSize: 11,
  gridGap: 32,
  sectionPadding: 48,
  /** Space kept clear around a new section so it never touches existing work. */
  clearance: 120
} as const

/** How far the flow of sections may grow before it starts a new column (down) or a new row (across). */
export const FLOW_LIMITS = { columnHeight: 6000, rowWidth: 16000 } as const

/** Display size of a panel's image for an output of the given pixel size. */
export function panelImageSize(output: PixelSize, longSide: number = PANEL_STYLE.imageLongSide): PixelSize {
  const scale = longSide / Math.max(output.width, output.height)
  return { width: Math.round(output.width * scale), height: Math.round(output.height * scale) }
}

/**
 * Columns for `count` panels of the given aspect ratio (width / height): wide panels stack in fewer
 * columns, tall ones sit side by side, so the sheet stays roughly 16:10.
 */
export function gridColumns(count: number, aspect: number): number {
  if (count <= 1) return 1
  const sheetAspect = 1.6
  return Math.max(1, Math.min(count, Math.ceil(Math.sqrt((count * sheetAspect) / aspect) - 1e-9)))
}

/** Positions of panels laid out in rows; each row is as tall as its tallest panel. */
export function gridPositions(sizes: readonly PixelSize[], columns: number, gap: number = PANEL_STYLE.gridGap): { positions: Rect[]; size: PixelSize } {
  const positions: Rect[] = []
  let y = 0
  let width = 0
  for (let start = 0; start < sizes.length; start += columns) {
    const row = sizes.slice(start, start + columns)
    let x = 0
    for (const size of row) {
      positions.push({ x, y, ...size })
      x += size.width + gap
    }
    width = Math.max(width, x - gap)
    y += Math.max(...row.map((s) => s.height)) + gap
  }
  return { positions, size: { width, height: Math.max(0, y - gap) } }
}

function overlaps(a: Rect, b: Rect, margin: number): boolean {
  return (
    a.x < b.x + b.width + margin &&
    b.x < a.x + a.width + margin &&
    a.y < b.y + b.height + margin &&
    b.y < a.y + a.height + margin
  )
}

/**
 * Where to put a new section of `size` so it overlaps nothing in `occupied`: to the right of the
 * anchor (the selection, or the viewport centre), stepping right past whatever is in the way.
 */
export function findFreeSpot(size: PixelSize, anchor: Rect, occupied: readonly Rect[], margin: number = PANEL_STYLE.clearance): Rect {
  const spot: Rect = { x: anchor.x + anchor.width + margin, y: anchor.y, ...size }
  // Each step moves past one blocker, so this ends after at most occupied.length steps.
  for (let i = 0; i <= occupied.length; i++) {
    const blockers = occupied.filter((r) => overlaps(spot, r, margin))
    if (blockers.length === 0) return spot
    spot.x = Math.max(...blockers.map((r) => r.x + r.width)) + margin
  }
  return spot
}

/**
 * Where a new section goes when the page already has Keyframe sections (`sections`, oldest first):
 * left-aligned below the last one; when that column would grow taller than `columnHeight`, at the top of
 * a new column to its right; when the columns would grow wider than `rowWidth`, at the left of a new row
 * below everything. Whatever is in the way is stepped past downwards, so the spot never overlaps anything
 * in `occupied`. With no Keyframe section yet, beside the anchor (see findFreeSpot).
 */
export function flowSpot(
  size: PixelSize,
  sections: readonly Rect[],
  occupied: readonly Rect[],
  anchor: Rect,
  limits: { columnHeight: number; rowWidth: number } = FLOW_LIMITS,
  margin: number = PANEL_STYLE.clearance
): Rect {
  const last = sections.at(-1)
  if (!last) return findFreeSpot(size, anchor, occupied, margin)
  const left = Math.min(...sections.map((r) => r.x))
  let rowTop = columnTop(sections, last, margin)
  const spot: Rect = { x: last.x, y: last.y + last.height + margin, ...size }
  const bottomOfAll = (): number => Math.max(...occupied.map((r) => r.y + r.height), ...sections.map((r) => r.y + r.height))
  // Each pass steps past a blocker, or moves to a new column or row: bounded by the things on the page.
  for (let i = 0; i < 3 * (occupied.length + sections.length) + 3; i++) {
    if (spot.y + spot.height > rowTop + limits.columnHeight && spot.y > rowTop) {
      const column = [...sections, ...occupied].filter((r) => r.x < spot.x + spot.width && spot.x < r.x + r.width && r.y >= rowTop)
      spot.x = Math.max(spot.x + spot.width, ...column.map((r) => r.x + r.width)) + margin
      spot.y = rowTop
    }
    if (spot.x + spot.width > left + limits.rowWidth && spot.x > left) {
      spot.x = left
      spot.y = bottomOfAll() + margin
      rowTop = spot.y
    }
    const blockers = occupied.filter((r) => overlaps(spot, r, margin))
    if (blockers.length === 0) return spot
    spot.y = Math.max(...blockers.map((r) => r.y + r.height)) + margin
  }
  // Below everything on the page is always free.
  return { ...spot, x: left, y: bottomOfAll() + margin }
}

/** The top of the column `last` ends: up through the sections left-aligned with it, stacked close above. */
function columnTop(sections: readonly Rect[], last: Rect, margin: number): number {
  let top = last
  for (let i = 0; i < sections.length; i++) {
    const above = sections.find((r) => r !== top && r.x === top.x && r.y + r.height <= top.y && top.y - (r.y + r.height) <= 2 * margin)
    if (!above) break
    top = above
  }
  return top.y
}

export interface Neighbour {
  id: string
  rect: Rect
  /** Keyframe's own section, which may be moved along its column; the designer's own work never is. */
  movable: boolean
}

/**
 * A section grew from `before` to `after` (beats added to it) and must not cover anything. The moves that
 * make room: Keyframe's sections below it in its column move down together, by as much as it grew, so the
 * column keeps its order and spacing. Undefined when that cannot clear it (the designer's own work is in
 * the way, or a moved section would land on it): then the grown section itself must move.
 */
export function roomBelow(before: Rect, after: Rect, neighbours: readonly Neighbour[], margin: number = PANEL_STYLE.clearance): { id: string; dy: number }[] | undefined {
  const covered = neighbours.filter((n) => overlaps(after, n.rect, margin))
  if (covered.length === 0) return []
  if (covered.some((n) => !n.movable)) return undefined
  const beforeBottom = before.y + before.height
  const inColumn = (r: Rect) => r.x < after.x + after.width && after.x < r.x + r.width && r.y >= beforeBottom
  const dy = Math.max(...covered.map((n) => after.y + after.height + margin - n.rect.y))
  const moving = neighbours.filter((n) => n.movable && inColumn(n.rect))
  if (covered.some((n) => !moving.includes(n))) return undefined
  const staying = neighbours.filter((n) => !moving.includes(n))
  const landsOnSomething = moving.some((n) => staying.some((s) => overlaps({ ...n.rect, y: n.rect.y + dy }, s.rect, margin)) || overlaps({ ...n.rect, y: n.rect.y + dy }, after, margin))
  return landsOnSomething ? undefined : moving.map((n) => ({ id: n.id, dy }))
}
