// Create Figma Plugin's CSS modules plugin compiles a stylesheet to a new temporary module each time it is
// imported, so a stylesheet two components import is bundled twice: textbox.module.css, which Textbox and
// TextboxNumeric both import, put 1.5 kB of the same CSS and class names into build/ui.js twice (the second
// copy's <style> is skipped at run time, as both carry the same element id). This wraps the plugin so each
// stylesheet is compiled once and every later import resolves to that same module. Plain JavaScript because
// the build loads it before any TypeScript is compiled.
import { resolve } from 'node:path'

const CSS_MODULES_PLUGIN = 'css-modules'

/**
 * The build's plugins with the CSS modules plugin resolving each stylesheet once.
 * @param {import('esbuild').Plugin[]} plugins
 * @returns {import('esbuild').Plugin[]}
 */
export function cssModulesOnce(plugins) {
  const index = plugins.findIndex((p) => p.name === CSS_MODULES_PLUGIN)
  if (index === -1) {
    throw new Error(`The plugin build has no "${CSS_MODULES_PLUGIN}" esbuild plugin any more: update src/css-modules-once.js for this version of @create-figma-plugin/build.`)
  }
  const original = plugins[index]
  /** @type {import('esbuild').Plugin} */
  const once = {
    name: `${CSS_MODULES_PLUGIN}-once`,
    setup(build) {
      return original.setup({
        ...build,
        onResolve(options, callback) {
          /** @type {Map<string, Promise<import('esbuild').OnResolveResult | null | undefined>>} */
          const resolved = new Map()
          build.onResolve(options, (args) => {
            const key = stylesheetKey(args.path, args.resolveDir)
            let result = resolved.get(key)
            if (result === undefined) {
              result = Promise.resolve(callback(args))
              resolved.set(key, result)
            }
            return result
          })
        }
      })
    }
  }
  return [...plugins.slice(0, index), once, ...plugins.slice(index + 1)]
}

/** What the plugin's own resolution depends on: a leading "!" (global CSS) and the stylesheet's path. */
function stylesheetKey(path, resolveDir) {
  const global = path.startsWith('!')
  const bare = global ? path.slice(1) : path
  // Package paths ("@create-figma-plugin/ui/…") the plugin finds from the working directory, whoever imports them.
  const absolute = bare.startsWith('.') ? resolve(resolveDir, bare) : bare
  return `${global ? '!' : ''}${absolute}`
}
