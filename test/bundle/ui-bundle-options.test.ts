// build-figma-plugin.ui.js's changes to Create Figma Plugin's build, checked on real esbuild builds made with
// the build's own options and plugins: the entry's requires become imports (no lazy-init wrapper around each
// module) and a stylesheet two components import is bundled once.
import { fileURLToPath } from 'node:url'

import { build, type BuildOptions, type Plugin } from 'esbuild'
import { describe, expect, it } from 'vitest'

import overrideUi from '../../build-figma-plugin.ui.js'
import { cssModulesOnce } from '../../src/css-modules-once.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CFP_PLUGINS = `${ROOT}node_modules/@create-figma-plugin/build/lib/utilities/build-bundles-async/`

// Two commands whose UIs both use Create Figma Plugin's textbox stylesheet (Textbox imports it, and so does
// TextboxNumeric), in the form build-figma-plugin writes its UI entry.
const ENTRY = `
    const rootNode = document.getElementById('create-figma-plugin');
    const modules = {'a':require('@create-figma-plugin/ui')['Textbox'],'b':require('@create-figma-plugin/ui')['TextboxNumeric']};
    modules['a'](rootNode, {});`

async function cfpOptions(): Promise<BuildOptions> {
  const { esbuildPreactCompatPlugin } = (await import(`${CFP_PLUGINS}esbuild-preact-compat-plugin.js`)) as { esbuildPreactCompatPlugin: () => Plugin }
  const { esbuildCssModulesPlugin } = (await import(`${CFP_PLUGINS}esbuild-css-modules-plugin.js`)) as { esbuildCssModulesPlugin: (minify: boolean) => Plugin }
  return {
    bundle: true,
    jsxFactory: 'h',
    jsxFragment: 'Fragment',
    logLevel: 'silent',
    minify: false,
    outfile: `${ROOT}build/ui.js`,
    plugins: [esbuildPreactCompatPlugin(), esbuildCssModulesPlugin(false)],
    stdin: { contents: ENTRY, resolveDir: ROOT },
    target: 'chrome58',
    write: false
  }
}

async function bundle(options: BuildOptions): Promise<string> {
  const result = await build(options)
  return result.outputFiles![0]!.text
}

/** How many times each stylesheet's injection (by its element id) is in the bundle. */
function stylesheetCopies(code: string): number[] {
  const counts = new Map<string, number>()
  for (const [, id] of code.matchAll(/getElementById\("([0-9a-f]{10})"\)/g)) counts.set(id!, (counts.get(id!) ?? 0) + 1)
  return [...counts.values()]
}

describe('build/ui.js options', () => {
  it('imports the entry handlers, so no module is wrapped in a lazy initialiser', async () => {
    const plain = await bundle(await cfpOptions())
    const ours = await bundle(overrideUi(await cfpOptions()))
    expect(plain).toContain('__esm(')
    expect(ours).not.toContain('__esm(')
    expect(ours).toMatch(/modules\["a"\]\(rootNode, \{\}\)|modules\.a\(rootNode, \{\}\)/)
  })

  it('bundles a stylesheet two components import once', async () => {
    const options = await cfpOptions()
    const plain = stylesheetCopies(await bundle(options))
    const once = stylesheetCopies(await bundle({ ...options, plugins: cssModulesOnce(options.plugins!) }))
    expect(plain.some((n) => n > 1)).toBe(true)
    // The same stylesheets, each once.
    expect(once.length).toBe(plain.length)
    expect(once.every((n) => n === 1)).toBe(true)
    // And so in the build as configured.
    expect(stylesheetCopies(await bundle(overrideUi(await cfpOptions()))).every((n) => n === 1)).toBe(true)
  }, 60_000)
})
