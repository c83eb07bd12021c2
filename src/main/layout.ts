// Pure geometry for a generation's section: panel sizes, a grid whose columns suit the aspect ratio,
// and a free spot on the page. No Figma calls, so it is tested directly.
import type { PixelSize } from '../kling'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export const PANEL_STYLE = {
  /** Longest side of the image inside a panel, in canvas units (the fill keeps full resolution). */
  imageLongSide: 480,
  padding: 12,
  gap: 8,
  numberSize: 16,
  captionSize: 13,
  gridGap: 32,
  sectionPadding: 48,
  /** Space kept clear around a new section so it never touches existing work. */
  clearance: 120
} as const

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
