// The storyboard PDF, checked by a real PDF reader (pdf.js), not by the code that wrote it: one page per
// section, the title, date, every panel number and caption as text, the images painted, empty panels
// drawn with their status, and characters Helvetica cannot show replaced visibly.
import { describe, expect, test } from 'vitest'

import type { ExportPanel, ExportStoryboard } from '../../src/messages'
import { jpegInfo, textWidth, toWinAnsi, wrapText, writePdf } from '../../src/ui/export/pdf-writer'
import { canvasRows, storyboardDocument, storyboardPdf } from '../../src/ui/export/storyboard-pdf'
import { makeImage } from '../host/helpers'
import { readPdf } from './read-pdf'

function panel(number: number, over: Partial<ExportPanel> = {}): ExportPanel {
  const column = (number - 1) % 2
  const row = Math.floor((number - 1) / 2)
  return {
    id: `p${number}`,
    number,
    caption: `Mara crosses the harbour, beat ${number}.`,
    shot: '',
    prompt: 'p',
    model: 'Kling Image O3 text-to-image',
    resolution: '1K',
    aspectRatio: '16:9',
    costUsd: 0.028,
    requestId: `req-${number}`,
    x: 40 + column * 520,
    y: 80 + row * 340,
    imageWidth: 480,
    imageHeight: 270,
    hasImage: true,
    ...over
  }
}

const board = (name: string, panels: ExportPanel[], running = false): ExportStoryboard => ({ id: name, name, running, panels })
const jpeg = () => makeImage(960, 540, 'jpeg', { r: 40, g: 90, b: 160 })
const CREATED = new Date('2026-11-27T10:00:00Z')

describe('the storyboard PDF, as a PDF reader sees it', () => {
  test('one page per section, title, date, every number and caption as text, every image painted', async () => {
    const harbour = board('Neon harbour', [1, 2, 3, 4].map((n) => panel(n)))
    const rooftop = board('Rooftop chase', [panel(1, { id: 'r1', caption: 'A leap between roofs.', shot: 'Wide · 24 mm' }), panel(2, { id: 'r2', caption: 'Landing hard.' })])
    const images = new Map<string, Uint8Array>()
    for (const id of ['p1', 'p2', 'p3', 'p4', 'r1', 'r2']) images.set(id, await jpeg())
    const { bytes, replaced } = storyboardPdf({ storyboards: [harbour, rooftop], images, date: '27 November 2026', createdAt: CREATED })
    expect(replaced).toBe(0)

    const pdf = await readPdf(bytes)
    expect(pdf.pages).toHaveLength(2)
    expect(pdf.title).toBe('Neon harbour, Rooftop chase')
    const [first, second] = pdf.pages
    expect(first!.text).toMatch(/^Neon harbour 27 November 2026 · 4 panels/)
    for (const n of [1, 2, 3, 4]) expect(first!.text).toContain(`${n} Mara crosses the harbour, beat ${n}.`)
    expect(first!.images).toBe(4)
    expect(first!.text).toContain('Keyframe · page 1 of 2')
    expect(second!.text).toMatch(/^Rooftop chase 27 November 2026 · 2 panels/)
    // A panel's shot prints after its caption; a panel without one prints as before.
    expect(second!.text).toContain('1 A leap between roofs. (Wide · 24 mm)')
    expect(second!.text).toContain('2 Landing hard.')
    expect(second!.images).toBe(2)
    // A 2×2 grid is printed landscape; a single column of panels portrait.
    expect(first!.width).toBeGreaterThan(first!.height)
  })

  test('a panel still waiting is an empty box with its status, and the page still comes out', async () => {
    const waiting = panel(2, { hasImage: false, status: 'Waiting for Kling…', prompt: '', requestId: '', costUsd: null })
    const images = new Map([['p1', await jpeg()]])
    const { bytes } = storyboardPdf({ storyboards: [board('Harbour', [panel(1), waiting], true)], images, date: '2026-11-27', createdAt: CREATED })
    const [page] = (await readPdf(bytes)).pages
    expect(page!.images).toBe(1)
    expect(page!.text).toContain('Waiting for Kling…')
    expect(page!.text).toContain('2 Mara crosses the harbour, beat 2.')
  })

  test('characters WinAnsi cannot show become a visible "?", counted; accented Latin and typographic quotes stay', async () => {
    const caption = 'Mara – “Zoë” says 你好 🙂'
    const { bytes, replaced } = storyboardPdf({
      storyboards: [board('Café Ω', [panel(1, { caption })])],
      images: new Map([['p1', await jpeg()]]),
      date: '2026-11-27',
      createdAt: CREATED
    })
    expect(replaced).toBe(4) // 你, 好, 🙂 and Ω
    const [page] = (await readPdf(bytes)).pages
    expect(page!.text).toContain('Café ?')
    expect(page!.text).toContain('Mara – “Zoë” says ?? ?')
  })

  test('a long caption wraps within its panel and is all there', async () => {
    const long = 'Mara walks the length of the pier while the fog rolls in from the sea and the harbour lights flicker one by one behind her.'
    const { bytes } = storyboardPdf({
      storyboards: [board('Harbour', [panel(1, { caption: long }), panel(2)])],
      images: new Map(),
      date: '2026-11-27',
      createdAt: CREATED
    })
    expect((await readPdf(bytes)).pages[0]!.text).toContain(long)
  })

  test('nine portrait panels in one row, or nine rows of one, fit on their page with captions inside it', () => {
    const caption = 'A caption long enough to wrap onto two or three lines in a narrow panel of the grid.'
    const row = Array.from({ length: 9 }, (_, i) => panel(i + 1, { x: i * 300, y: 0, imageWidth: 270, imageHeight: 480, caption }))
    const column = Array.from({ length: 9 }, (_, i) => panel(i + 1, { x: 0, y: i * 400, caption }))
    const doc = storyboardDocument({ storyboards: [board('Row', row), board('Column', column)], images: new Map(), date: 'd', createdAt: CREATED })
    const [wide, tall] = doc.pages
    expect(wide!.width).toBeGreaterThan(wide!.height)
    expect(tall!.height).toBeGreaterThan(tall!.width)
    // Reflowed into a grid rather than printed as slivers: the row's panels wider than nine abreast could
    // be (770 pt less eight gaps, over nine: 73 pt), the column's at least 120 pt wide.
    const widths = (p: (typeof doc.pages)[number]) => p.ops.flatMap((op) => (op.kind === 'rect' ? [op.width] : []))
    expect(widths(wide!)).toHaveLength(9)
    expect(Math.min(...widths(wide!))).toBeGreaterThan(73)
    expect(widths(tall!)).toHaveLength(9)
    expect(Math.min(...widths(tall!))).toBeGreaterThanOrEqual(120)
    for (const page of doc.pages) {
      const footer = page.ops.filter((op) => op.kind === 'text' && op.text.startsWith('Keyframe · page'))
      expect(footer).toHaveLength(1)
      for (const op of page.ops.filter((o) => !footer.includes(o))) {
        expect(op.x).toBeGreaterThanOrEqual(0)
        expect(op.y).toBeGreaterThanOrEqual(0)
        const right = op.kind === 'text' ? op.x + textWidth(op.text, op.size, op.bold) : op.x + op.width
        const bottom = op.kind === 'text' ? op.y : op.y + op.height
        expect(right).toBeLessThanOrEqual(page.width)
        expect(bottom).toBeLessThanOrEqual(page.height - 30) // clear of the footer line
      }
    }
  })

  test('panels are grouped in the rows they stand in on the canvas', () => {
    const moved = [panel(1, { x: 600, y: 80 }), panel(2, { x: 40, y: 90 }), panel(3, { x: 40, y: 420 })]
    expect(canvasRows(moved).map((r) => r.map((p) => p.number))).toEqual([[2, 1], [3]])
  })
})

describe('the PDF writer', () => {
  test('WinAnsi: Latin-1 and the typographic characters keep their codes; tabs and newlines are spaces', () => {
    expect(toWinAnsi('é…€\t\n')).toEqual({ codes: [0xe9, 0x85, 0x80, 32, 32], replaced: 0 })
    expect(toWinAnsi('ő')).toEqual({ codes: [63], replaced: 1 })
  })

  test('text widths follow Helvetica metrics, and wrapping never exceeds the width', () => {
    expect(textWidth('Hello', 10)).toBeCloseTo(22.78, 2)
    expect(textWidth('Hello', 10, true)).toBeGreaterThan(textWidth('Hello', 10))
    const lines = wrapText('a bb ccc dddddddddddddddddddddddddddddd', 10, 40)
    expect(lines.every((l) => textWidth(l, 10) <= 40)).toBe(true)
    expect(lines.length).toBeGreaterThan(2)
    expect(lines.join('').replace(/ /g, '')).toBe('abbcccdddddddddddddddddddddddddddddd')
  })

  test('a JPEG is read for its size; anything else is refused by name', async () => {
    expect(jpegInfo(await makeImage(64, 32, 'jpeg'))).toEqual({ width: 64, height: 32, components: 3 })
    expect(() => jpegInfo(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toThrow('A panel image is not a JPEG, so it cannot go in the PDF.')
    expect(() => writePdf({ title: 't', images: [], pages: [], createdAt: CREATED })).toThrow('A PDF needs at least one page.')
  })
})
