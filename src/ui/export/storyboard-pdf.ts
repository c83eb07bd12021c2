// A storyboard as PDF pages: one page per section, with its title, the date, and its panels in the rows the
// designer sees on the canvas, each with its number and caption as text. A panel still waiting for its
// image is an empty box with its status. Pure: images come in as JPEG bytes by panel id.
import type { Box } from '../../box'
import type { ExportPanel, ExportStoryboard } from '../../messages'
import { type PdfDocument, type PdfOp, type PdfPage, type Rgb, wrapText, writePdf } from './pdf-writer'

/** A4, in points. Landscape unless the panels stand in more rows than columns. */
const A4 = { long: 842, short: 595 }
const MARGIN = 36
const GAP = { x: 14, y: 16 }
const CAPTION = { size: 9, line: 11, indent: 18 }
const NUMBER_SIZE = 11
const INK: Rgb = [0.13, 0.13, 0.13]
const MUTED: Rgb = [0.45, 0.45, 0.45]
const PLACEHOLDER: Rgb = [0.93, 0.93, 0.93]
const BORDER: Rgb = [0.8, 0.8, 0.8]

export interface StoryboardPdfInput {
  storyboards: readonly ExportStoryboard[]
  /** JPEG bytes by panel id; a panel without one is drawn as an empty box with its status. */
  images: ReadonlyMap<string, Uint8Array>
  /** Shown under each title, as given (the caller formats it). */
  date: string
  createdAt: Date
}

/** Groups panels into the rows they stand in on the canvas, each row left to right. */
export function canvasRows(panels: readonly ExportPanel[]): ExportPanel[][] {
  const sorted = [...panels].sort((a, b) => a.y - b.y || a.x - b.x)
  const rows: ExportPanel[][] = []
  for (const panel of sorted) {
    const row = rows.at(-1)
    // Same row while its top is within half an image of the row's first panel.
    if (row && panel.y - row[0]!.y < row[0]!.imageHeight / 2) row.push(panel)
    else rows.push([panel])
  }
  return rows.map((row) => row.sort((a, b) => a.x - b.x))
}

interface Cell {
  panel: ExportPanel
  x: number
  y: number
  width: number
  imageHeight: number
  caption: string[]
}

/** Panels narrower than this make captions of a word a line: the grid is reflowed instead. */
const MIN_CELL_WIDTH = 120

/**
 * Sizes the grid to fit the area: the widest panels whose rows (images and captions) fit its height.
 * Undefined when that would make panels narrower than `minWidth`.
 */
function layoutGrid(rows: ExportPanel[][], area: Box, minWidth: number): Cell[] | undefined {
  const columns = Math.max(...rows.map((r) => r.length))
  let width = (area.width - GAP.x * (columns - 1)) / columns
  for (;;) {
    if (width < minWidth) return undefined
    const cells: Cell[] = []
    let top = area.y
    for (const row of rows) {
      let rowHeight = 0
      row.forEach((panel, i) => {
        const imageHeight = (width * panel.imageHeight) / Math.max(1, panel.imageWidth)
        // The shot prints after the caption ("… (Wide · 24 mm)"): one text run, so rows are sized as before.
        const caption = wrapText(panel.shot === '' ? panel.caption : `${panel.caption} (${panel.shot})`.trim(), CAPTION.size, width - CAPTION.indent)
        const textHeight = Math.max(NUMBER_SIZE + 2, caption.length * CAPTION.line)
        rowHeight = Math.max(rowHeight, imageHeight + 6 + textHeight)
        cells.push({ panel, x: i * (width + GAP.x), y: top, width, imageHeight, caption })
      })
      top += rowHeight + GAP.y
    }
    if (top - GAP.y - area.y <= area.height) {
      const gridWidth = columns * width + (columns - 1) * GAP.x
      const left = area.x + (area.width - gridWidth) / 2
      return cells.map((c) => ({ ...c, x: left + c.x }))
    }
    width *= 0.95
  }
}

/** Panels in number order, `columns` to a row. */
function reflow(panels: readonly ExportPanel[], columns: number): ExportPanel[][] {
  const sorted = [...panels].sort((a, b) => a.number - b.number)
  const rows: ExportPanel[][] = []
  for (let i = 0; i < sorted.length; i += columns) rows.push(sorted.slice(i, i + columns))
  return rows
}

/**
 * The canvas's rows when they fit the page at a readable size. Otherwise (a long single row or column
 * would leave each panel a sliver) the panels in number order, in whichever number of columns gives
 * them the most width.
 */
function arrange(rows: ExportPanel[][], area: Box): Cell[] {
  const asOnCanvas = layoutGrid(rows, area, MIN_CELL_WIDTH)
  if (asOnCanvas) return asOnCanvas
  const panels = rows.flat()
  let best: Cell[] = []
  for (let columns = 1; columns <= panels.length; columns++) {
    const cells = layoutGrid(reflow(panels, columns), area, 1) ?? []
    if ((cells[0]?.width ?? 0) > (best[0]?.width ?? 0)) best = cells
  }
  return best
}

function page(storyboard: ExportStoryboard, images: ReadonlyMap<string, Uint8Array>, imageIndex: Map<string, number>, date: string, at: number, of: number): PdfPage {
  const rows = canvasRows(storyboard.panels)
  const columns = Math.max(...rows.map((r) => r.length))
  const landscape = columns >= rows.length
  const width = landscape ? A4.long : A4.short
  const height = landscape ? A4.short : A4.long
  const ops: PdfOp[] = []

  const title = wrapText(storyboard.name, 18, width - 2 * MARGIN, true)
  title.forEach((line, i) => ops.push({ kind: 'text', x: MARGIN, y: MARGIN + 14 + i * 22, size: 18, bold: true, text: line, color: INK }))
  const dateY = MARGIN + 14 + title.length * 22
  const count = storyboard.panels.length
  ops.push({ kind: 'text', x: MARGIN, y: dateY, size: 10, text: `${date} · ${count} panel${count === 1 ? '' : 's'}`, color: MUTED })
  ops.push({ kind: 'text', x: MARGIN, y: height - MARGIN + 14, size: 8, text: `Keyframe · page ${at} of ${of}`, color: MUTED })

  const top = dateY + 18
  const cells = arrange(rows, { x: MARGIN, y: top, width: width - 2 * MARGIN, height: height - MARGIN - top })
  for (const cell of cells) {
    const { panel, x, y, width: w, imageHeight: h } = cell
    const index = imageIndex.get(panel.id)
    if (index !== undefined && images.has(panel.id)) {
      ops.push({ kind: 'image', image: index, x, y, width: w, height: h })
    } else {
      ops.push({ kind: 'rect', x, y, width: w, height: h, fill: PLACEHOLDER, stroke: BORDER })
      wrapText(panel.status ?? 'No image', CAPTION.size, w - 16).forEach((line, i) =>
        ops.push({ kind: 'text', x: x + 8, y: y + 16 + i * CAPTION.line, size: CAPTION.size, text: line, color: MUTED })
      )
    }
    const below = y + h + 6
    ops.push({ kind: 'text', x, y: below + NUMBER_SIZE - 1, size: NUMBER_SIZE, bold: true, text: String(panel.number), color: INK })
    cell.caption.forEach((line, i) =>
      ops.push({ kind: 'text', x: x + CAPTION.indent, y: below + 9 + i * CAPTION.line, size: CAPTION.size, text: line, color: INK })
    )
  }
  return { width, height, ops }
}

/** The pages, ready for the writer: one per section, images shared by index. */
export function storyboardDocument(input: StoryboardPdfInput): PdfDocument {
  const jpegs: Uint8Array[] = []
  const imageIndex = new Map<string, number>()
  for (const storyboard of input.storyboards) {
    for (const panel of storyboard.panels) {
      const bytes = input.images.get(panel.id)
      if (bytes && !imageIndex.has(panel.id)) imageIndex.set(panel.id, jpegs.push(bytes) - 1)
    }
  }
  const total = input.storyboards.length
  const pages = input.storyboards.map((s, i) => page(s, input.images, imageIndex, input.date, i + 1, total))
  const title = input.storyboards.map((s) => s.name).join(', ')
  return { title, images: jpegs, pages, createdAt: input.createdAt }
}

/** The PDF, and how many characters Helvetica could not show (printed as "?"). */
export function storyboardPdf(input: StoryboardPdfInput): { bytes: Uint8Array; replaced: number } {
  return writePdf(storyboardDocument(input))
}
