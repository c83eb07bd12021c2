// The playground's routes on the proxy's server: the page, its script, and the built plugin it runs
// (main.js, ui.js and the manifest.json whose networkAccess the page enforces on the plugin's UI).
// Served from the same origin as the proxy, so the page can point the plugin at it without settings.
// It belongs to offline mode: a live proxy serves it only when PLAYGROUND=1 says so, and then bundles
// the page at start-up, never on a request from whoever reaches it first.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import type { Hono } from 'hono'

import { pageScript } from './bundle-page'
import { PAGE_HTML } from './page-html'
import { PLAYGROUND_PATH } from './playground-setting'
import { errorMessage } from '../error-message'

export { PLAYGROUND_PATH, playgroundInLiveMode } from './playground-setting'

/** The project folder: manifest.json, and build/ beneath it, as `npm run build` leaves them. */
const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url))
const NO_STORE = { 'cache-control': 'no-store' }

export interface PlaygroundOptions {
  /**
   * Where the plugin to run was built: a folder holding manifest.json and build/ (this project by default;
   * the end-to-end tests build one for their own proxy origin, as a team would with KEYFRAME_PROXY_ORIGIN).
   */
  pluginDir?: () => string
  /** What bundles the page script (tests count its calls); the real bundler by default. */
  bundle?: () => Promise<string>
  /** Bundle now and serve that, rather than on the first request (live mode). */
  bundleAtStart?: boolean
}

/**
 * `startProxy`'s mount for \`npm start\`: the playground in offline mode; in live mode only when
 * `inLiveMode`, and bundled at start-up there.
 */
export function playgroundMount(inLiveMode: boolean, options: PlaygroundOptions = {}) {
  return (app: Hono, proxy: { mode: 'live' | 'offline' }): void => {
    if (proxy.mode === 'live' && !inLiveMode) return
    mountPlayground(app, { ...options, bundleAtStart: proxy.mode === 'live' })
  }
}

const PLUGIN_FILES: Record<string, { path: string; type: string }> = {
  'main.js': { path: 'build/main.js', type: 'text/javascript; charset=utf-8' },
  'ui.js': { path: 'build/ui.js', type: 'text/javascript; charset=utf-8' },
  'manifest.json': { path: 'manifest.json', type: 'application/json; charset=utf-8' }
}

export function mountPlayground(app: Hono, options: PlaygroundOptions = {}): void {
  const pluginDir = options.pluginDir ?? (() => PROJECT_DIR)
  const bundle = options.bundle ?? pageScript
  let script = bundle
  if (options.bundleAtStart) {
    const once = bundle()
    once.catch(() => undefined) // reported on request; an unawaited rejection would end the process
    script = () => once
  }
  app.get(PLAYGROUND_PATH, (c) => c.html(PAGE_HTML, 200, NO_STORE))
  app.get(`${PLAYGROUND_PATH}/app.js`, async (c) => {
    try {
      return c.body(await script(), 200, { 'content-type': 'text/javascript; charset=utf-8', ...NO_STORE })
    } catch (error) {
      const message = errorMessage(error)
      return c.text(`The playground page did not bundle:\n${message}`, 500)
    }
  })
  for (const [name, file] of Object.entries(PLUGIN_FILES)) {
    // Read on every request: a rebuild (npm run watch) shows up on the next reopen without a restart.
    app.get(`${PLAYGROUND_PATH}/plugin/${name}`, async (c) => {
      try {
        const body = await readFile(join(pluginDir(), file.path), 'utf8')
        return c.body(body, 200, { 'content-type': file.type, ...NO_STORE })
      } catch {
        return c.text(`${file.path} is missing: run npm run build`, 503, NO_STORE)
      }
    })
  }
}
