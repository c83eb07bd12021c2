// The playground's routes on the proxy's server: the page, its script, and the built plugin it runs
// (main.js, ui.js and the manifest.json whose networkAccess the page enforces on the plugin's UI).
// Served from the same origin as the proxy, so the page can point the plugin at it without settings.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import type { Hono } from 'hono'

import { pageScript } from './bundle-page'
import { PAGE_HTML } from './page-html'

export const PLAYGROUND_PATH = '/playground'
/** The project folder: manifest.json, and build/ beneath it, as `npm run build` leaves them. */
const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url))
const NO_STORE = { 'cache-control': 'no-store' }

export interface PlaygroundOptions {
  /**
   * Where the plugin to run was built: a folder holding manifest.json and build/ (this project by default;
   * the end-to-end tests build one for their own proxy origin, as a team would with KEYFRAME_PROXY_ORIGIN).
   */
  pluginDir?: () => string
}

const PLUGIN_FILES: Record<string, { path: string; type: string }> = {
  'main.js': { path: 'build/main.js', type: 'text/javascript; charset=utf-8' },
  'ui.js': { path: 'build/ui.js', type: 'text/javascript; charset=utf-8' },
  'manifest.json': { path: 'manifest.json', type: 'application/json; charset=utf-8' }
}

export function mountPlayground(app: Hono, options: PlaygroundOptions = {}): void {
  const pluginDir = options.pluginDir ?? (() => PROJECT_DIR)
  app.get(PLAYGROUND_PATH, (c) => c.html(PAGE_HTML, 200, NO_STORE))
  app.get(`${PLAYGROUND_PATH}/app.js`, async (c) => {
    try {
      return c.body(await pageScript(), 200, { 'content-type': 'text/javascript; charset=utf-8', ...NO_STORE })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
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
