// 4b. Opening the plugin in the playground (Chromium) until its panel is interactive: main.js run,
// showUI, the UI iframe loaded, rendered and listening (its first message back to the main thread).
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { PlaygroundApi } from '../src/playground/page/main'
import { playgroundMount } from '../src/playground/server'
import { startProxy } from '../src/proxy/server'
import { CHROMIUM, launchChromium } from '../src/dev/chromium'
import { median, round } from './stats'

const RUNS = 7

export interface StartupResult {
  openToInteractiveMsMedian: number
  openToInteractiveMsMin: number
  runs: number
}

export async function measureStartup(): Promise<StartupResult | { skipped: string }> {
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM} (apt-get install -y chromium)` }
  const proxy = await startProxy({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'keyframe-bench-')), mount: playgroundMount(false), log: () => {} })
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(`${proxy.url}/playground`)
    await page.evaluate(() => (window as unknown as { playground: PlaygroundApi }).playground.ready)
    const times: number[] = []
    for (let i = 0; i < RUNS; i++) {
      times.push(
        await page.evaluate(async () => {
          const playground = (window as unknown as { playground: PlaygroundApi }).playground
          playground.closePlugin()
          const started = performance.now()
          await playground.openPlugin()
          return performance.now() - started
        })
      )
    }
    return { openToInteractiveMsMedian: round(median(times)), openToInteractiveMsMin: round(Math.min(...times)), runs: RUNS }
  } finally {
    await browser.close()
    await proxy.close()
  }
}
