// 6. Bytes of a 4K result crossing from the UI to the main thread. figma.createImage refuses WebP, so the
// UI re-encodes WebP results on a canvas (src/ui/normalise-image.ts, run here in Chromium as built for
// the plugin). Compared in the same page with the previous behaviour, PNG for everything.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'
import sharp from 'sharp'

import { CHROMIUM, launchChromium } from '../src/dev/chromium'
import { photoPng } from './photos'

export interface ResultBytesResult {
  result: string
  webpBytes: number
  sentAs: string
  sentBytes: number
  pngBytes: number
  pngOverSent: number
}

const NORMALISE = fileURLToPath(new URL('../src/ui/normalise-image.ts', import.meta.url))

export async function measureResultBytes(): Promise<ResultBytesResult[] | { skipped: string }> {
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM} (apt-get install -y chromium)` }
  const script = (await build({ entryPoints: [NORMALISE], bundle: true, write: false, format: 'iife', globalName: 'keyframeNormalise', platform: 'browser' })).outputFiles[0]!.text
  // A 4K 16:9 result (4096 × 2304, the catalog's nominal size), opaque and with an alpha channel.
  const photo = Buffer.from(await photoPng(4096, 2304, 3), 'base64')
  const cases = {
    '4K 16:9 WebP, opaque': await sharp(photo).webp({ quality: 90 }).toBuffer(),
    '4K 16:9 WebP with alpha': await sharp(photo).ensureAlpha(0.9).webp({ quality: 90 }).toBuffer()
  }
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    await page.addScriptTag({ content: script })
    const results: ResultBytesResult[] = []
    for (const [result, webp] of Object.entries(cases)) {
      const measured = await page.evaluate(async (base64) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
        const { normaliseImage } = (window as unknown as { keyframeNormalise: typeof import('../src/ui/normalise-image') }).keyframeNormalise
        const sent = await normaliseImage(bytes)
        const bitmap = await createImageBitmap(new Blob([bytes]))
        const canvas = document.createElement('canvas')
        canvas.width = bitmap.width
        canvas.height = bitmap.height
        canvas.getContext('2d')!.drawImage(bitmap, 0, 0)
        const png = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'))
        return { sentBytes: sent.bytes.byteLength, sentAs: sent.bytes[0] === 0xff ? 'JPEG' : 'PNG', pngBytes: png.size }
      }, webp.toString('base64'))
      results.push({
        result,
        webpBytes: webp.byteLength,
        sentAs: measured.sentAs,
        sentBytes: measured.sentBytes,
        pngBytes: measured.pngBytes,
        pngOverSent: Math.round((measured.pngBytes / measured.sentBytes) * 10) / 10
      })
    }
    return results
  } finally {
    await browser.close()
  }
}
