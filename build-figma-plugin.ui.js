// Extra esbuild settings for build/ui.js (Create Figma Plugin picks this file up by name).
// @fal-ai/client's realtime client, unused by Keyframe, pulls in @msgpack/msgpack (28 kB) and robot3; the
// module is replaced with a stub that throws if anyone calls it (src/ui/stubs/fal-realtime.ts). The proxy
// origins this build's manifest allows are compiled in, and the entry's requires become imports
// (src/esm-entry.js), as for build/main.js. A stylesheet two components import is bundled once
// (src/css-modules-once.js).
import { fileURLToPath } from 'node:url'

import { cssModulesOnce } from './src/css-modules-once.js'
import { importEntries } from './src/esm-entry.js'
import { buildDefines } from './src/manifest-hosts.js'

const REALTIME_STUB = fileURLToPath(new URL('./src/ui/stubs/fal-realtime.ts', import.meta.url))

/** @param {import('esbuild').BuildOptions} buildOptions */
export default function (buildOptions) {
  return {
    ...importEntries(buildOptions),
    define: { ...buildOptions.define, ...buildDefines(process.env) },
    plugins: [
      ...cssModulesOnce(buildOptions.plugins ?? []),
      {
        name: 'keyframe-fal-realtime-stub',
        setup(build) {
          // The client requires it as "./realtime" from its own src folder.
          build.onResolve({ filter: /^\.\/realtime$/ }, (args) =>
            /@fal-ai[\\/]client[\\/]src$/.test(args.resolveDir) ? { path: REALTIME_STUB } : undefined
          )
        }
      }
    ]
  }
}
