// Extra esbuild settings for build/ui.js (Create Figma Plugin picks this file up by name).
// @fal-ai/client's realtime client, unused by Keyframe, pulls in @msgpack/msgpack at 28 kB; it is
// replaced with a stub that throws if anyone calls it (src/ui/stubs/msgpack.ts). The proxy origins this
// build's manifest allows are compiled in, as for build/main.js.
import { fileURLToPath } from 'node:url'

import { buildDefines } from './src/manifest-hosts.js'

const MSGPACK_STUB = fileURLToPath(new URL('./src/ui/stubs/msgpack.ts', import.meta.url))

/** @param {import('esbuild').BuildOptions} buildOptions */
export default function (buildOptions) {
  return {
    ...buildOptions,
    define: { ...buildOptions.define, ...buildDefines(process.env) },
    plugins: [
      ...(buildOptions.plugins ?? []),
      {
        name: 'keyframe-msgpack-stub',
        setup(build) {
          build.onResolve({ filter: /^@msgpack\/msgpack$/ }, () => ({ path: MSGPACK_STUB }))
        }
      }
    ]
  }
}
