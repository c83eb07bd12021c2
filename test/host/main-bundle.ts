// The main thread as Figma receives it: src/main/main.ts bundled into one script with the settings Create
// Figma Plugin's build uses for build/main.js (esbuild, platform "neutral", the same defines, and the
// target es2020 build-figma-plugin.main.js sets), made from the source on first use so tests never run a
// stale build. Runs only in a sandbox (src/host/node-sandbox.ts).
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

import { buildDefines } from '../../src/manifest-hosts.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

const bundles = new Map<string, Promise<string>>()

/** The bundle as a build with this environment makes it (KEYFRAME_PROXY_ORIGIN decides which proxies it allows). */
export function mainBundle(env: Record<string, string | undefined> = process.env): Promise<string> {
  const define = buildDefines(env)
  const key = JSON.stringify(define)
  const cached = bundles.get(key)
  if (cached) return cached
  const bundled = build({
    stdin: { contents: "import main from './src/main/main'\nmain()\n", resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    write: false,
    platform: 'neutral',
    define,
    target: 'es2020',
    sourcemap: 'inline',
    logLevel: 'silent'
  }).then((result) => result.outputFiles[0]!.text)
  bundles.set(key, bundled)
  return bundled
}
