// Extra esbuild settings for build/main.js (Create Figma Plugin picks this file up by name): the proxy
// origins this build's manifest allows, for Settings to check a proxy URL against (src/proxy-url.ts); the
// entry's requires as imports (src/esm-entry.js); and ES2020 rather than the build's default ES2017.
// Figma documents its main-thread sandbox as "modern JavaScript (ES2020 and beyond)", naming optional
// chaining and nullish coalescing (https://developers.figma.com/docs/plugins/how-plugins-run). Compiled
// down to ES2017, each `?.`, `??` and object spread (ES2018) became longer code or helper calls: about
// 2 kB of build/main.js. test/host/main-bundle.ts builds with the same target.
import { importEntries } from './src/esm-entry.js'
import { buildDefines } from './src/manifest-hosts.js'

/** @param {import('esbuild').BuildOptions} buildOptions */
export default function (buildOptions) {
  return { ...importEntries(buildOptions), target: 'es2020', define: { ...buildOptions.define, ...buildDefines(process.env) } }
}
