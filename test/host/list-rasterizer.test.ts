// The playground's canvas export (display list, images decoded once) against its SVG path, in Chromium:
// the same size and format, and the same pixels within antialiasing and JPEG noise, for what the plugin
// exports (image fills FILL and FIT, solid fills, text, clipping, rounded corners, group opacity, overflow).
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { describeE2e } from '../e2e/harness'
import { launchChromium } from '../../src/dev/chromium'
import type { Comparison, Scenario } from './browser/compare-page'

declare global {
  interface Window {
    compare(scenario: Scenario, settings: ExportSettings): Promise<Comparison>
    decodesFor(times: number): Promise<number>
  }
}

describeE2e('list rasterizer against the SVG path', () => {
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    const script = await build({
      entryPoints: [fileURLToPath(new URL('./browser/compare-page.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      logLevel: 'silent'
    })
    browser = await launchChromium()
    page = await browser.newPage()
    await page.setContent('<!doctype html><html><body></body></html>')
    await page.addScriptTag({ content: script.outputFiles[0]!.text })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
  })

  // Largest mean channel difference allowed (0–255): measured 0.001–1.1; text antialiasing and JPEG noise differ.
  const cases: [Scenario, ExportSettings, number][] = [
    ['photo', { format: 'JPG', constraint: { type: 'WIDTH', value: 2048 } }, 1],
    ['photo', { format: 'PNG', constraint: { type: 'SCALE', value: 0.25 } }, 1],
    ['card', { format: 'PNG', constraint: { type: 'SCALE', value: 2 } }, 2],
    ['card', { format: 'JPG' }, 4],
    ['overflow', { format: 'PNG' }, 2]
  ]

  for (const [scenario, settings, tolerance] of cases) {
    it(`${scenario} as ${settings.format} ${JSON.stringify((settings as { constraint?: unknown }).constraint ?? {})}`, async () => {
      const result = await page.evaluate(([s, e]) => window.compare(s, e), [scenario, settings] as const)
      expect(result.list).toEqual(result.svg)
      expect(result.list.format).toBe(settings.format)
      // Not blank: a canvas that drew nothing would differ from the SVG by far more, but say so plainly.
      expect(result.listMean).toBeGreaterThan(20)
      expect(result.meanDiff).toBeLessThan(tolerance)
      expect(result.farShare).toBeLessThan(0.01)
    }, 60_000)
  }

  it('decodes each image fill once across exports', async () => {
    expect(await page.evaluate(() => window.decodesFor(3))).toBe(1)
  }, 60_000)
})
