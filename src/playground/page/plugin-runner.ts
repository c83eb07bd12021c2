// Opens and closes the built plugin: fetches build/main.js, build/ui.js and manifest.json, runs main.js
// the way Figma's sandbox does (a realm with only Figma's globals), and shows its UI when it calls
// showUI, under the network policy the manifest asks for.
import type { FigmaHost } from '../../host/figma'
import { type NetworkAccess, uiContentSecurityPolicy } from './network-policy'
import { createPluginScope, type PluginScope } from './plugin-scope'
import { openPluginWindow, type PluginWindow } from './plugin-window'
import { createSandboxRealm, type SandboxRealm } from './sandbox-realm'
import type { Theme } from './theme'

async function fetchBuilt(file: string): Promise<string> {
  const response = await fetch(`/playground/plugin/${file}`, { cache: 'no-store' })
  const text = await response.text()
  if (!response.ok) throw new Error(text.trim() || `build/${file} could not be loaded (${response.status})`)
  return text
}

export interface PluginRunner {
  readonly running: boolean
  readonly uiReady: boolean
  /** The global names the current run's main.js was given. */
  readonly sandboxGlobals: string[]
  /** `typeof` each name, looked up in the current run's sandbox. */
  sandboxTypeOf(names: readonly string[]): Record<string, string>
  /** Resolves when the current run's UI is ready (rejects when the plugin could not start). */
  ready(): Promise<void>
  open(): Promise<void>
  close(): void
  /** Called every frame: shows the UI once the plugin asks for it, follows resizes. */
  sync(): void
}

export function createPluginRunner(
  host: FigmaHost,
  frame: HTMLElement,
  titleEl: HTMLElement,
  onError: (error: unknown) => void,
  /** Figma's theme as the plugin window opens. */
  theme: () => Theme
): PluginRunner {
  let scope: PluginScope | undefined
  let realm: SandboxRealm | undefined
  let win: PluginWindow | undefined
  let policy = ''
  let starting: Promise<void> = Promise.reject(new Error('The plugin has not been opened'))
  starting.catch(() => undefined)
  let uiShown: () => void = () => undefined
  let uiShownPromise: Promise<void> = Promise.resolve()

  function close(): void {
    scope?.end()
    scope = undefined
    realm?.remove()
    realm = undefined
    win?.remove()
    win = undefined
  }

  async function start(): Promise<void> {
    const [main, ui, manifest] = await Promise.all([fetchBuilt('main.js'), fetchBuilt('ui.js'), fetchBuilt('manifest.json')])
    close()
    policy = uiContentSecurityPolicy((JSON.parse(manifest) as { networkAccess?: NetworkAccess }).networkAccess)
    uiShownPromise = new Promise<void>((resolve) => (uiShown = resolve))
    scope = createPluginScope(host, close)
    realm = createSandboxRealm(scope.figma, ui)
    try {
      realm.run(main)
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
      win = openPluginWindow(host, frame, titleEl, host.figma.pluginId ?? '', policy, theme())
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
    get sandboxGlobals() {
      return realm?.globals ?? []
    },
    sandboxTypeOf(names) {
      if (!realm) throw new Error('The plugin is not running')
      return realm.typeOf(names)
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
