// Draws a PDF page to a PNG with pdf.js and @napi-rs/canvas, so a person can look at what a reader shows.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

const FONTS = fileURLToPath(new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url))

export async function renderPdfPage(bytes: Uint8Array, number: number, path: string, scale = 1.5): Promise<void> {
  const doc = await getDocument({ data: new Uint8Array(bytes), standardFontDataUrl: FONTS, verbosity: 0 }).promise
  try {
    const page = await doc.getPage(number)
    const viewport = page.getViewport({ scale })
    const canvasFactory = doc.canvasFactory as { create(w: number, h: number): { canvas: { toBuffer(type: string): Buffer }; context: unknown } }
    const { canvas, context } = canvasFactory.create(Math.ceil(viewport.width), Math.ceil(viewport.height))
    await page.render({ canvasContext: context as CanvasRenderingContext2D, viewport }).promise
    writeFileSync(path, canvas.toBuffer('image/png'))
  } finally {
    await doc.destroy()
  }
}
