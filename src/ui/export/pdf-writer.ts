// A small PDF writer: pages with JPEG images (DCTDecode XObjects, the JPEG bytes as they are), filled and
// stroked rectangles, and text in Helvetica / Helvetica-Bold with WinAnsi encoding. These two are among
// the 14 fonts every PDF reader has, so nothing is embedded and the text can be searched and copied.
// Written here rather than taken from a library: the UI bundle is held near 200 kB, and jsPDF or
// pdf-lib would add hundreds of kB for the few operations a storyboard page needs.
//
// Coordinates are in points from the page's top left (PDF's own origin is the bottom left).

import type { Box } from '../../box'

export type Rgb = readonly [number, number, number]

export type PdfOp =
  | { kind: 'text'; x: number; y: number; size: number; text: string; bold?: boolean; color?: Rgb }
  | ({ kind: 'image'; image: number } & Box)
  | ({ kind: 'rect'; fill?: Rgb; stroke?: Rgb } & Box)

export interface PdfPage {
  width: number
  height: number
  ops: PdfOp[]
}

export interface PdfDocument {
  title: string
  /** JPEG files, drawn by index from `image` ops. */
  images: readonly Uint8Array[]
  pages: readonly PdfPage[]
  createdAt: Date
}

/** Helvetica's advance widths (thousandths of an em) for ASCII 32–126, from the fonts' AFM metrics. */
const WIDTHS = {
  regular: [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584,
    556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278,
    469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260,
    334, 584
  ],
  bold: [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584,
    611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333,
    584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280,
    389, 584
  ]
}

/** WinAnsi's codes 0x80–0x9F, which are not Latin-1's: the Unicode character each one shows. */
const WIN_ANSI_HIGH: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02c6: 0x88, 0x2030: 0x89,
  0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95,
  0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98, 0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f
}

/** Shown in place of a character Helvetica's WinAnsi encoding has no code for. */
export const REPLACEMENT = '?'

/**
 * The text as WinAnsi codes. Tabs and line breaks become spaces; a character WinAnsi cannot show becomes
 * "?", so the reader sees something is missing instead of a silent gap, and is counted.
 */
export function toWinAnsi(text: string): { codes: number[]; replaced: number } {
  const codes: number[] = []
  let replaced = 0
  for (const char of text.normalize('NFC')) {
    const cp = char.codePointAt(0)!
    if (cp === 9 || cp === 10 || cp === 13) codes.push(32)
    else if ((cp >= 32 && cp <= 126) || (cp >= 0xa0 && cp <= 0xff)) codes.push(cp)
    else if (WIN_ANSI_HIGH[cp] !== undefined) codes.push(WIN_ANSI_HIGH[cp])
    else {
      codes.push(REPLACEMENT.charCodeAt(0))
      replaced++
    }
  }
  return { codes, replaced }
}

/** The width of the text in points. Outside ASCII the width is an estimate (a typical letter's). */
export function textWidth(text: string, size: number, bold = false): number {
  const table = bold ? WIDTHS.bold : WIDTHS.regular
  let total = 0
  for (const code of toWinAnsi(text).codes) total += table[code - 32] ?? (bold ? 611 : 556)
  return (total * size) / 1000
}

/** Breaks text into lines no wider than `width`; a word longer than a line is split where it must be. */
export function wrapText(text: string, size: number, width: number, bold = false): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`
    if (textWidth(candidate, size, bold) <= width) {
      line = candidate
      continue
    }
    if (line !== '') lines.push(line)
    line = word
    while (textWidth(line, size, bold) > width && line.length > 1) {
      let cut = line.length - 1
      while (cut > 1 && textWidth(line.slice(0, cut), size, bold) > width) cut--
      lines.push(line.slice(0, cut))
      line = line.slice(cut)
    }
  }
  if (line !== '') lines.push(line)
  return lines
}

/** A JPEG's pixel size and colour components, from its start-of-frame marker. */
export function jpegInfo(bytes: Uint8Array): { width: number; height: number; components: number } {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('A panel image is not a JPEG, so it cannot go in the PDF.')
  let at = 2
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) throw new Error('A panel image is a damaged JPEG, so it cannot go in the PDF.')
    const marker = bytes[at + 1]!
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!
    // SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (bytes[at + 5]! << 8) | bytes[at + 6]!, width: (bytes[at + 7]! << 8) | bytes[at + 8]!, components: bytes[at + 9]! }
    }
    at += 2 + length
  }
  throw new Error('A panel image is a damaged JPEG (no frame size), so it cannot go in the PDF.')
}

const num = (n: number): string => String(Math.round(n * 100) / 100)
const color = (c: Rgb): string => c.map(num).join(' ')
const hex = (codes: readonly number[]): string => codes.map((c) => c.toString(16).padStart(2, '0')).join('')

/** A PDF string for the Info dictionary: UTF-16BE with its byte-order mark, as hex, so any title survives. */
function infoString(text: string): string {
  let out = 'feff'
  for (let i = 0; i < text.length; i++) out += text.charCodeAt(i).toString(16).padStart(4, '0')
  return `<${out}>`
}

function pdfDate(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `D:${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`
}

function contentStream(page: PdfPage, stats: { replaced: number }): string {
  const y = (top: number) => num(page.height - top)
  return page.ops
    .map((op) => {
      if (op.kind === 'image') {
        return `q ${num(op.width)} 0 0 ${num(op.height)} ${num(op.x)} ${y(op.y + op.height)} cm /Im${op.image} Do Q`
      }
      if (op.kind === 'rect') {
        const box = `${num(op.x)} ${y(op.y + op.height)} ${num(op.width)} ${num(op.height)} re`
        const paint = op.fill && op.stroke ? 'B' : op.fill ? 'f' : 'S'
        return `q ${op.fill ? `${color(op.fill)} rg ` : ''}${op.stroke ? `${color(op.stroke)} RG 0.5 w ` : ''}${box} ${paint} Q`
      }
      const { codes, replaced } = toWinAnsi(op.text)
      stats.replaced += replaced
      return `BT /${op.bold === true ? 'F2' : 'F1'} ${num(op.size)} Tf ${color(op.color ?? [0, 0, 0])} rg ${num(op.x)} ${y(op.y)} Td <${hex(codes)}> Tj ET`
    })
    .join('\n')
}

const ascii = (text: string): Uint8Array => {
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

/** The document as PDF 1.4 bytes, and how many characters were shown as "?". */
export function writePdf(doc: PdfDocument): { bytes: Uint8Array; replaced: number } {
  if (doc.pages.length === 0) throw new Error('A PDF needs at least one page.')
  const stats = { replaced: 0 }
  // Objects: 1 catalog, 2 page tree, 3 and 4 fonts, 5 info, then the images, then each page and its content.
  const objects: (string | Uint8Array)[][] = []
  const firstImage = 6
  const firstPage = firstImage + doc.images.length
  const pageIds = doc.pages.map((_, i) => firstPage + 2 * i)
  objects.push(['<< /Type /Catalog /Pages 2 0 R >>'])
  objects.push([`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${doc.pages.length} >>`])
  objects.push(['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'])
  objects.push(['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>'])
  objects.push([`<< /Title ${infoString(doc.title)} /Producer (Keyframe) /CreationDate (${pdfDate(doc.createdAt)}) >>`])
  for (const jpeg of doc.images) {
    const { width, height, components } = jpegInfo(jpeg)
    const space = components === 1 ? '/DeviceGray' : components === 4 ? '/DeviceCMYK' : '/DeviceRGB'
    objects.push([
      `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace ${space} /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`,
      jpeg,
      '\nendstream'
    ])
  }
  const xobjects = doc.images.map((_, i) => `/Im${i} ${firstImage + i} 0 R`).join(' ')
  doc.pages.forEach((page, i) => {
    objects.push([
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(page.width)} ${num(page.height)}] /Contents ${pageIds[i]! + 1} 0 R ` +
        `/Resources << /Font << /F1 3 0 R /F2 4 0 R >>${xobjects === '' ? '' : ` /XObject << ${xobjects} >>`} >> >>`
    ])
    const content = contentStream(page, stats)
    objects.push([`<< /Length ${content.length} >>\nstream\n${content}\nendstream`])
  })

  const chunks: Uint8Array[] = []
  let length = 0
  const put = (part: string | Uint8Array) => {
    const bytes = typeof part === 'string' ? ascii(part) : part
    chunks.push(bytes)
    length += bytes.length
  }
  // The second line's bytes above 127 tell file tools the file is binary.
  put('%PDF-1.4\n')
  put(new Uint8Array([0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a]))
  const offsets: number[] = []
  objects.forEach((parts, i) => {
    offsets.push(length)
    put(`${i + 1} 0 obj\n`)
    parts.forEach(put)
    put('\nendobj\n')
  })
  const xref = length
  put(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`)
  for (const offset of offsets) put(`${String(offset).padStart(10, '0')} 00000 n \n`)
  put(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`)

  const bytes = new Uint8Array(length)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.length
  }
  return { bytes, replaced: stats.replaced }
}
