// Opens and closes the built plugin: fetches build/main.js and build/ui.js, runs main.js the way Figma's
// sandbox does (`figma` and `__html__` as globals, no `window`), and shows its UI when it calls showUI.
import type { FigmaHost } from '../../host/figma'
import { createPluginScope, type PluginScope } from './plugin-scope'
import { openPluginWindow, type PluginWindow } from './plugin-window'

async function fetchBuilt(file: string): Promise<string> {
  const response = await fetch(`/playground/plugin/${file}`, { cache: 'no-store' })
  const text = await response.text()
  if (!response.ok) throw new Error(text.trim() || `build/${file} could not be loaded (${response.status})`)
  return text
}

export interface PluginRunner {
  readonly running: boolean
  readonly uiReady: boolean
  /** Resolves when the current run's UI is ready (rejects when the plugin could not start). */
  ready(): Promise<void>
  open(): Promise<void>
  close(): void
  /** Called every frame: shows the UI once the plugin asks for it, follows resizes. */
  sync(): void
}

export function createPluginRunner(host: FigmaHost, frame: HTMLElement, titleEl: HTMLElement, onError: (error: unknown) => void): PluginRunner {
  let scope: PluginScope | undefined
  let win: PluginWindow | undefined
  let starting: Promise<void> = Promise.reject(new Error('The plugin has not been opened'))
  starting.catch(() => undefined)
  let uiShown: () => void = () => undefined
  let uiShownPromise: Promise<void> = Promise.resolve()

  function close(): void {
    scope?.end()
    scope = undefined
    win?.remove()
    win = undefined
  }

  async function start(): Promise<void> {
    const [main, ui] = await Promise.all([fetchBuilt('main.js'), fetchBuilt('ui.js')])
    close()
    uiShownPromise = new Promise<void>((resolve) => (uiShown = resolve))
    scope = createPluginScope(host, close)
    // Figma's sandbox: the plugin sees `figma` and `__html__`, and no browser `window`.
    const run = new Function('figma', '__html__', 'window', main) as (f: PluginAPI, html: string, w: undefined) => void
    try {
      run(scope.figma, ui, undefined)
    } catch (error) {
      close()
      throw error
    }
    sync()
    await uiShownPromise
    await win!.ready
  }

  function sync(): void {
    if (scope?.alive && host.ui.shown && !host.ui.closed && !win) {
      win = openPluginWindow(host, frame, titleEl, host.figma.pluginId ?? '')
      uiShown()
    }
    win?.sync()
  }

  return {
    get running() {
      return scope?.alive === true
    },
    get uiReady() {
      return win?.isReady === true
    },
    ready: () => starting,
    open() {
      starting = start()
      starting.catch(onError)
      return starting
    },
    close,
    sync
  }
}
