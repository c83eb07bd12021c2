// The global names Figma's main-thread sandbox gives a plugin, and nothing else. Both places that run
// the built main.js (a node:vm context in tests and benchmarks, a stripped realm in the playground) build
// their global scope from these lists, and a test compares what the running code sees against them.

/**
 * What Figma adds: @figma/plugin-typings 1.142.0, index.d.ts lines 5–27 declare `figma`, `__html__`,
 * `__uiFiles__`, `console`, the four timer functions and `fetch`, and nothing else.
 */
export const FIGMA_GLOBALS = [
  'figma',
  '__html__',
  '__uiFiles__',
  'console',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'fetch'
] as const

/**
 * ECMAScript's own global object properties (ECMA-262, "The Global Object", sections 19.1–19.4). Figma's
 * "How Plugins Run" page (developers.figma.com/docs/plugins/how-plugins-run) promises modern JavaScript
 * and its standard built-ins, and "does not expose browser APIs".
 *
 * Left out on purpose: `Intl` (ECMA-402, a separate standard) and `WebAssembly` (not ECMAScript), which
 * Figma does not promise; and `SharedArrayBuffer` and `Atomics`, which ECMA-262 lists but browsers give
 * only to cross-origin-isolated pages, which Figma's is not known to be. Keyframe's main thread needs
 * none of them; a change that starts to will fail here first and must be checked against Figma.
 */
export const ECMASCRIPT_GLOBALS = [
  'globalThis',
  'Infinity',
  'NaN',
  'undefined',
  'eval',
  'isFinite',
  'isNaN',
  'parseFloat',
  'parseInt',
  'decodeURI',
  'decodeURIComponent',
  'encodeURI',
  'encodeURIComponent',
  'escape',
  'unescape',
  'AggregateError',
  'Array',
  'ArrayBuffer',
  'BigInt',
  'BigInt64Array',
  'BigUint64Array',
  'Boolean',
  'DataView',
  'Date',
  'Error',
  'EvalError',
  'FinalizationRegistry',
  'Float32Array',
  'Float64Array',
  'Function',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Iterator',
  'Map',
  'Number',
  'Object',
  'Promise',
  'Proxy',
  'RangeError',
  'ReferenceError',
  'RegExp',
  'Set',
  'String',
  'Symbol',
  'SyntaxError',
  'TypeError',
  'Uint8Array',
  'Uint8ClampedArray',
  'Uint16Array',
  'Uint32Array',
  'URIError',
  'WeakMap',
  'WeakRef',
  'WeakSet',
  'JSON',
  'Math',
  'Reflect'
] as const

/** Everything main.js may find in its global scope. */
export const SANDBOX_GLOBALS: ReadonlySet<string> = new Set<string>([...FIGMA_GLOBALS, ...ECMASCRIPT_GLOBALS])

/** The console Figma gives the sandbox: typings' `Console` (index.d.ts lines 14–21) has exactly these. */
export const CONSOLE_METHODS = ['log', 'error', 'assert', 'info', 'warn', 'clear'] as const

/** Figma's main-thread fetch is not modelled: Keyframe's main thread has no network (the UI does it all). */
export function sandboxFetch(): Promise<never> {
  return Promise.reject(new Error('fetch from the main thread is not implemented in the Keyframe host: the UI does the network'))
}
