// Extra esbuild settings for build/main.js (Create Figma Plugin picks this file up by name): the proxy
// origins this build's manifest allows, for Settings to check a proxy URL against (src/proxy-url.ts).
import { buildDefines } from './src/manifest-hosts.js'

/** @param {import('esbuild').BuildOptions} buildOptions */
export default function (buildOptions) {
  return { ...buildOptions, define: { ...buildOptions.define, ...buildDefines(process.env) } }
}
