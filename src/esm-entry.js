// Create Figma Plugin's build writes each bundle's entry as `{'<command>': require('./<src>')['<handler>'], …}`.
// A module reached through `require` makes esbuild wrap every ES module below it in a lazy initialiser
// (its `__esm` helper) and call that initialiser at each import: about 2 kB of build/main.js and 6 kB of
// build/ui.js that do nothing, as the entry requires every module at once anyway. Rewriting each require
// as an `import * as` of the same file keeps the same modules, handlers and order of evaluation, minus the
// wrappers. Plain JavaScript because the build loads it before any TypeScript is compiled.

const REQUIRE = /require\('([^'\\]+)'\)\['([^'\\]+)'\]/g

/**
 * The build options with the entry's requires turned into imports.
 * @param {import('esbuild').BuildOptions} buildOptions
 * @returns {import('esbuild').BuildOptions}
 */
export function importEntries(buildOptions) {
  const stdin = buildOptions.stdin
  if (stdin === undefined || typeof stdin.contents !== 'string') {
    throw new Error('The plugin build no longer passes its entry as stdin: update src/esm-entry.js for this version of @create-figma-plugin/build.')
  }
  const imports = []
  const contents = stdin.contents.replace(REQUIRE, (_, path, handler) => {
    const name = `__keyframeEntry${imports.length}`
    imports.push(`import * as ${name} from ${JSON.stringify(path)};`)
    return `${name}[${JSON.stringify(handler)}]`
  })
  if (imports.length === 0) {
    throw new Error('The plugin build\'s entry has no `require(…)[…]` to rewrite: update src/esm-entry.js for this version of @create-figma-plugin/build.')
  }
  return { ...buildOptions, stdin: { ...stdin, contents: `${imports.join('\n')}\n${contents}` } }
}
