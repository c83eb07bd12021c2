// Bundles the playground page (src/playground/page/*.ts, with the in-memory Figma host) for the browser.
// Built once, on the first request, so `npm start` stays quick and the page always matches the source.
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

const ENTRY = fileURLToPath(new URL('./page/main.ts', import.meta.url))

let bundled: Promise<string> | undefined

export function pageScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    sourcemap: 'inline',
    logLevel: 'silent'
  }).then(
    (result) => result.outputFiles[0]!.text,
    (error: unknown) => {
      // A broken build is reported, and tried again on the next request once the source is fixed.
      bundled = undefined
      throw error
    }
  )
  return bundled
}
