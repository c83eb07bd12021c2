// One run of the plugin's main thread. The host models a single run, but in Figma a plugin can be closed and
// opened again on the same file: each run gets its own `figma` that forwards to the host while the run is
// alive, remembers the handlers the run registered, and drops them when it ends. After that, whatever
// the old main thread still has in flight fails as it would in Figma: the plugin is gone.
import type { FigmaHost } from '../../host/figma'

type Handler = (...args: never[]) => unknown
type Registration = { target: 'figma' | 'ui'; type: string; fn: Handler }

export interface PluginScope {
  figma: PluginAPI
  readonly alive: boolean
  /** Ends the run as Figma does: `close` handlers run, then every handler is dropped and the UI closed. */
  end(): void
}

export function createPluginScope(host: FigmaHost, onClosePlugin: () => void): PluginScope {
  // The scope forwards members by name, whatever their type: the host's API as a plain bag of members (a cast,
  // because PluginAPI has no index signature), and the result as PluginAPI again below.
  const real = host.figma as unknown as Record<PropertyKey, unknown>
  const realUi = host.figma.ui as unknown as Record<PropertyKey, unknown>
  const registered: Registration[] = []
  const closeHandlers: Handler[] = []
  let alive = true

  const gone = (key: PropertyKey): Error => new Error(`in ${String(key)}: The plugin has been closed`)

  function listen(target: 'figma' | 'ui', source: Record<PropertyKey, unknown>, method: 'on' | 'once' | 'off') {
    return (type: string, fn: Handler): void => {
      // Close handlers stay here: the host's own close would end the host, not just this run.
      if (target === 'figma' && type === 'close') {
        if (method === 'off') closeHandlers.splice(closeHandlers.indexOf(fn) >>> 0, 1)
        else closeHandlers.push(fn)
        return
      }
      ;(source[method] as (t: string, f: Handler) => void).call(source, type, fn)
      if (method === 'off') registered.splice(registered.findIndex((r) => r.fn === fn) >>> 0, 1)
      else registered.push({ target, type, fn })
    }
  }

  function forward(source: Record<PropertyKey, unknown>, overrides: Record<string, unknown>): object {
    return new Proxy(source, {
      get(target, key) {
        if (!alive) throw gone(key)
        if (typeof key === 'string' && key in overrides) return overrides[key]
        const value = Reflect.get(target, key)
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
      },
      set(target, key, value) {
        if (!alive) throw gone(key)
        return Reflect.set(target, key, value)
      }
    })
  }

  const ui = forward(realUi, { on: listen('ui', realUi, 'on'), once: listen('ui', realUi, 'once'), off: listen('ui', realUi, 'off') })
  const figma = forward(real, {
    ui,
    on: listen('figma', real, 'on'),
    once: listen('figma', real, 'once'),
    off: listen('figma', real, 'off'),
    closePlugin: (message?: string) => {
      if (message !== undefined && message !== '') host.figma.notify(message)
      onClosePlugin()
    }
  }) as unknown as PluginAPI

  return {
    figma,
    get alive() {
      return alive
    },
    end() {
      if (!alive) return
      for (const fn of closeHandlers.splice(0)) {
        try {
          ;(fn as () => void)()
        } catch (error) {
          console.error('The plugin\'s close handler threw', error)
        }
      }
      alive = false
      for (const r of registered.splice(0)) {
        const source = r.target === 'figma' ? real : realUi
        ;(source.off as (t: string, f: Handler) => void).call(source, r.type, r.fn)
      }
      host.figma.ui.onmessage = undefined
      if (host.ui.shown) host.figma.ui.close()
    }
  }
}
