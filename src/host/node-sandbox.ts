// Runs a built main.js in Node the way Figma's sandbox runs it: in a realm of its own (node:vm) whose
// global scope holds ECMAScript's built-ins and Figma's globals and nothing else: no URL, TextEncoder,
// structuredClone, Buffer, process or require. Tests and benchmarks run the main thread only this way.
// (Node only; the playground builds the same scope in the browser in src/playground/page/sandbox-realm.ts.)
import vm from 'node:vm'

import type { FigmaHost } from './figma'
import { CONSOLE_METHODS, SANDBOX_GLOBALS, sandboxFetch } from './figma/sandbox-globals'

export interface SandboxRun {
  /** The names in the global scope the plugin's code was given (its own top-level declarations come after). */
  readonly globals: readonly string[]
  /** Stops the timers the plugin left running. */
  dispose(): void
}

export function runInSandbox(code: string, host: FigmaHost, options: { filename?: string; html?: string } = {}): SandboxRun {
  const timers = new Map<number, NodeJS.Timeout>()
  let nextTimer = 1
  // Figma's timers return numbers (typings, index.d.ts lines 22–25); Node's return objects.
  const setTimer = (repeat: boolean) => (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number => {
    const id = nextTimer++
    const fire = (): void => {
      if (!repeat) timers.delete(id)
      callback(...args)
    }
    timers.set(id, repeat ? setInterval(fire, ms) : setTimeout(fire, ms))
    return id
  }
  const clearTimer = (id: number): void => {
    const timer = timers.get(id)
    if (timer) clearTimeout(timer)
    timers.delete(id)
  }
  const sandboxConsole = Object.fromEntries(CONSOLE_METHODS.map((m) => [m, (...args: unknown[]) => (console[m] as (...a: unknown[]) => void)(...args)]))

  const context = vm.createContext({
    figma: host.figma,
    __html__: options.html ?? '',
    __uiFiles__: {},
    console: sandboxConsole,
    setTimeout: setTimer(false),
    setInterval: setTimer(true),
    clearTimeout: clearTimer,
    clearInterval: clearTimer,
    fetch: sandboxFetch
  })
  // V8 gives every context a few globals Figma does not promise (Intl, WebAssembly, …): take them away.
  const names = (): string[] => vm.runInContext('Object.getOwnPropertyNames(globalThis)', context) as string[]
  for (const name of names()) {
    if (!SANDBOX_GLOBALS.has(name)) vm.runInContext(`delete globalThis[${JSON.stringify(name)}]`, context)
  }
  const given = names()
  vm.runInContext(code, context, { filename: options.filename ?? 'main.js' })
  return {
    globals: given,
    dispose() {
      for (const timer of timers.values()) clearTimeout(timer)
      timers.clear()
    }
  }
}
