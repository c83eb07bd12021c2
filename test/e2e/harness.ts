// Shared setup for the end-to-end tests: the proxy (offline) with the playground mounted, started in this
// process; the plugin built for that proxy's origin (KEYFRAME_PROXY_ORIGIN, as a team builds it), so the
// UI's network policy lets it through; Debian's Chromium driven by playwright-core; one fresh page per
// test, screenshotted at its end.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import type { Browser, FrameLocator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest'

import { type OfflineRequest, offlineRequests } from '../../src/dev/offline-control'
import type { PlaygroundApi } from '../../src/playground/page/main'
import { mountPlayground } from '../../src/playground/server'
import { type AppOptions, type RunningProxy, startProxy } from '../../src/proxy/server'
import { CHROMIUM, launchChromium } from '../../src/dev/chromium'
import { buildForProxy, type TeamBuild } from '../../src/dev/team-build'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const RESULTS = join(ROOT, 'test-results')
/** Long enough to see queued and generating, and to cancel or close mid-job. */
export const LATENCY_MS = 1500

const canRun = existsSync(CHROMIUM) || process.env.CI !== undefined

/** describe() for suites that need Chromium: skipped on a machine without it, never in CI. */
export const describeE2e = canRun ? describe : describe.skip

/** Called by one suite only, so a machine without Chromium gets one line, not one per file. */
export function announceSkip(): void {
  if (!canRun) console.warn(`\n*** End-to-end tests SKIPPED: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium ***\n`)
}

export type { OfflineRequest } from '../../src/dev/offline-control'

declare global {
  interface Window {
    playground: PlaygroundApi
  }
}

export interface E2e {
  proxy: RunningProxy
  page: Page
  /** The plugin's UI iframe. */
  ui: FrameLocator
  requests(): Promise<OfflineRequest[]>
}

/** Registers the hooks; the returned function gives the current test's page, proxy and UI. `proxyOptions` adds to the proxy's settings. */
export function useE2e(suite: string, proxyOptions: AppOptions = {}): () => E2e {
  let browser: Browser
  let proxy: RunningProxy
  let build: TeamBuild | undefined
  let dataDir: string
  let current: E2e | undefined

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (CI must run the end-to-end tests)`)
    mkdirSync(RESULTS, { recursive: true })
    dataDir = mkdtempSync(join(tmpdir(), 'keyframe-e2e-'))
    const pluginDir = (): string => {
      if (!build) throw new Error('The plugin is still being built for this proxy')
      return build.dir
    }
    ;[browser, proxy] = await Promise.all([
      launchChromium(),
      startProxy({ ...proxyOptions, port: 0, offlineLatencyMs: LATENCY_MS, dataDir, mount: (app) => mountPlayground(app, { pluginDir }), log: () => undefined })
    ])
    build = await buildForProxy(proxy.origin)
  })

  afterAll(async () => {
    await browser?.close()
    await proxy?.close()
    build?.remove()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  beforeEach(async () => {
    await fetch(`${proxy.url}/__offline/reset`, { method: 'POST' })
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    page.on('pageerror', (error) => console.error(`[${suite}] page error:`, error.message))
    await page.goto(`${proxy.url}/playground`)
    await page.evaluate(() => window.playground.ready)
    current = {
      proxy,
      page,
      ui: page.frameLocator('iframe[title="Plugin UI"]'),
      requests: () => offlineRequests(proxy.url)
    }
  })

  afterEach(async (context) => {
    if (!current) return
    const name = `${suite}-${context.task.name}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
    // The newest job card is the part of the panel worth seeing; the panel scrolls like Figma's.
    const cards = current.ui.getByRole('listitem', { name: /^Job: / })
    if ((await cards.count().catch(() => 0)) > 0) await cards.last().scrollIntoViewIfNeeded({ timeout: 1000 }).catch(() => undefined)
    await current.page.screenshot({ path: join(RESULTS, `e2e-${name}.png`) }).catch(() => undefined)
    await current.page.close()
    current = undefined
  })

  return () => {
    if (!current) throw new Error('No page: use this inside a test')
    return current
  }
}
