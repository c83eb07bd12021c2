// The playground's routes on the proxy's server: the page, its script, and the built plugin it runs.
// Served from the same origin as the proxy, so the page can point the plugin at it without settings.
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

import type { Hono } from 'hono'

import { pageScript } from './bundle-page'
import { PAGE_HTML } from './page-html'

export const PLAYGROUND_PATH = '/playground'
const BUILD_DIR = fileURLToPath(new URL('../../build/', import.meta.url))
const NO_STORE = { 'cache-control': 'no-store' }

export function mountPlayground(app: Hono): void {
  app.get(PLAYGROUND_PATH, (c) => c.html(PAGE_HTML, 200, NO_STORE))
  app.get(`${PLAYGROUND_PATH}/app.js`, async (c) => {
    try {
      return c.body(await pageScript(), 200, { 'content-type': 'text/javascript; charset=utf-8', ...NO_STORE })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      return c.text(`The playground page did not bundle:\n${message}`, 500)
    }
  })
  for (const file of ['main.js', 'ui.js']) {
    // Read on every request: a rebuild (npm run watch) shows up on the next reopen without a restart.
    app.get(`${PLAYGROUND_PATH}/plugin/${file}`, async (c) => {
      try {
        const code = await readFile(BUILD_DIR + file, 'utf8')
        return c.body(code, 200, { 'content-type': 'text/javascript; charset=utf-8', ...NO_STORE })
      } catch {
        return c.text(`build/${file} is missing: run npm run build`, 503, NO_STORE)
      }
    })
  }
}
