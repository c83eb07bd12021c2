// 4a. What Figma loads: the built plugin's two files, minified and gzipped, against what the libraries
// alone cost in them. Each file is built again here the way `build-figma-plugin --minify` builds it (the
// same entry, esbuild options and this repo's override files) with esbuild's metafile, which says how many
// output bytes each input contributed. The shipped file in build/ is what is measured; the rebuild only
// splits it up, and a size that differs from the shipped one is reported rather than hidden.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

import { readConfigAsync } from '@create-figma-plugin/common'
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CFP_PLUGINS = `${ROOT}node_modules/@create-figma-plugin/build/lib/utilities/build-bundles-async/`

export interface BundleResult {
  file: string
  minifiedBytes: number
  gzippedBytes: number
  goalBytes: number
  /** Bytes the libraries (everything from node_modules) put into the minified file. */
  libraryBytes: number
  /** Bytes Keyframe's own modules put into it. */
  ownBytes: number
  /** The same bundle built without minification. */
  unminifiedBytes: number
  /** The rebuild's size, to show it matches the shipped file. */
  rebuiltBytes: number
  /** The five largest contributors: a library by package, Keyframe's code by file. */
  top: { what: string; bytes: number }[]
}

const GOALS = { ui: 200_000, main: 40_000 } as const

type Entry = { commandId: string; src: string; handler: string }
type Command = { commandId?: string | null; main?: { src: string; handler: string } | null; ui?: { src: string; handler: string } | null }

export async function measureBundle(): Promise<BundleResult[]> {
  const results: BundleResult[] = []
  for (const kind of ['ui', 'main'] as const) {
    const file = `build/${kind}.js`
    const shipped = readFileSync(new URL(`../${file}`, import.meta.url))
    const minified = await rebuild(kind, true)
    const unminified = await rebuild(kind, false)
    const output = Object.values(minified.metafile.outputs)[0]!
    const byWhat = new Map<string, number>()
    let libraryBytes = 0
    let ownBytes = 0
    for (const [path, input] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1]
      // Create Figma Plugin's CSS modules are compiled to temp files: they are its UI library's styles.
      const what = pkg ?? (/\.module\.js$|\/base\.js$/.test(path) && !path.startsWith('src/') ? '@create-figma-plugin/ui' : path)
      byWhat.set(what, (byWhat.get(what) ?? 0) + input.bytesInOutput)
      if (what.startsWith('src/')) ownBytes += input.bytesInOutput
      else if (what !== '<stdin>') libraryBytes += input.bytesInOutput
    }
    results.push({
      file,
      minifiedBytes: shipped.byteLength,
      gzippedBytes: gzipSync(shipped, { level: 9 }).byteLength,
      goalBytes: GOALS[kind],
      libraryBytes,
      ownBytes,
      unminifiedBytes: unminified.bytes,
      rebuiltBytes: minified.bytes,
      top: [...byWhat].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([what, bytes]) => ({ what, bytes }))
    })
  }
  return results
}

/** One bundle, built as build-figma-plugin builds it, in memory. */
async function rebuild(kind: 'ui' | 'main', minify: boolean): Promise<{ bytes: number; metafile: Metafile }> {
  const config = (await readConfigAsync()) as unknown as Command & { relaunchButtons: Command[] | null }
  const entries: Entry[] = []
  for (const command of [config, ...(config.relaunchButtons ?? [])]) {
    const item = command[kind]
    if (command.commandId && item) entries.push({ commandId: command.commandId, ...item })
  }
  const modules = `{${entries.map((e) => `'${e.commandId}':require('./${e.src}')['${e.handler}']`).join(',')}}`
  const first = entries[0]!.commandId
  // The entry files build-figma-plugin writes (its build-bundles-async.js), word for word in effect.
  const contents =
    kind === 'main'
      ? `const modules = ${modules};
    const commandId = (${entries.length === 1} || typeof figma.command === 'undefined' || figma.command === '' || figma.command === 'generate') ? '${first}' : figma.command;
    modules[commandId]();`
      : `const rootNode = document.getElementById('create-figma-plugin');
    const modules = ${modules};
    const commandId = __FIGMA_COMMAND__ === '' ? '${first}' : __FIGMA_COMMAND__;
    if (typeof modules[commandId] === 'undefined') {
      throw new Error('No UI defined for command \`' + commandId + '\`');
    }
    modules[commandId](rootNode, __SHOW_UI_DATA__);`
  const common: BuildOptions = { bundle: true, logLevel: 'silent', minify, outfile: `${ROOT}build/${kind}.js`, stdin: { contents, resolveDir: ROOT }, write: false, metafile: true }
  let options: BuildOptions
  if (kind === 'main') {
    options = { ...common, platform: 'neutral', plugins: [], target: 'es2017' }
  } else {
    const { esbuildPreactCompatPlugin } = (await import(`${CFP_PLUGINS}esbuild-preact-compat-plugin.js`)) as { esbuildPreactCompatPlugin: () => Plugin }
    const { esbuildCssModulesPlugin } = (await import(`${CFP_PLUGINS}esbuild-css-modules-plugin.js`)) as { esbuildCssModulesPlugin: (minify: boolean) => Plugin }
    options = {
      ...common,
      jsxFactory: 'h',
      jsxFragment: 'Fragment',
      loader: { '.gif': 'dataurl', '.jpg': 'dataurl', '.png': 'dataurl', '.svg': 'dataurl' },
      plugins: [esbuildPreactCompatPlugin(), esbuildCssModulesPlugin(minify)],
      target: 'chrome58'
    }
  }
  const override = (await import(`${ROOT}build-figma-plugin.${kind}.js`)) as { default: (o: BuildOptions) => BuildOptions }
  const result = await build(override.default(options))
  return { bytes: result.outputFiles![0]!.contents.byteLength, metafile: result.metafile! }
}
