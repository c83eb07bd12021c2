// Opens a PDF with a real reader (pdfjs-dist, Mozilla's PDF.js) and returns what a person would get from
// it: each page's size, its text as the reader extracts it, and how many images it paints.
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs'

export interface ReadPage {
  width: number
  height: number
  /** The page's text items joined with spaces, whitespace collapsed. */
  text: string
  images: number
}

export async function readPdf(bytes: Uint8Array): Promise<{ pages: ReadPage[]; title: string }> {
  // pdf.js takes over (detaches) the buffer it is given: hand it a copy.
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise
  try {
    const pages: ReadPage[] = []
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i)
      const [, , width, height] = page.view
      const content = await page.getTextContent()
      const text = content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim()
      const ops = await page.getOperatorList()
      const images = ops.fnArray.filter((fn) => fn === OPS.paintImageXObject).length
      pages.push({ width: width!, height: height!, text, images })
    }
    const info = (await doc.getMetadata()).info as { Title?: string }
    return { pages, title: info.Title ?? '' }
  } finally {
    await doc.destroy()
  }
}
