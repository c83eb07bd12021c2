// Figma's main-thread sandbox in the browser: main.js runs in a realm of its own (a hidden same-origin
// iframe) whose global scope is stripped down to ECMAScript's built-ins plus Figma's globals, the same
// set the Node runner gives it (src/host/figma/sandbox-globals.ts). Browser globals are removed, not
// merely hidden behind `window`: what the page would lend the realm (URL, TextEncoder, document, fetch…)
// is deleted from the iframe's window and its prototype chain. The few the browser makes impossible to
// delete (`window`, `document`, `location`, `top`) are shadowed for the plugin's code, and its
// `globalThis` is a view that does not show them. Known gap, unlike the Node runner: code that climbs to
// the realm's real global (`Function('return this')()`, sloppy `this`) still finds those four. Keyframe's
// main.js does neither; the Node runner, which has no such gap, runs every main-thread test.
import { CONSOLE_METHODS, SANDBOX_GLOBALS, sandboxFetch } from '../../host/figma/sandbox-globals'

export interface SandboxRealm {
  /** The global names the plugin's code was given, as it sees them through `globalThis`. */
  readonly globals: string[]
  run(code: string): void
  /** `typeof name` for each name, looked up from code running in the realm as main.js runs. */
  typeOf(names: readonly string[]): Record<string, string>
  /** Ends the realm: its timers stop and its iframe goes. */
  remove(): void
}

type AnyObject = Record<PropertyKey, unknown>

export function createSandboxRealm(figma: PluginAPI, html: string): SandboxRealm {
  const iframe = document.createElement('iframe')
  iframe.hidden = true
  iframe.title = 'Plugin sandbox'
  document.body.appendChild(iframe)
  // The iframe's window is a global object of its own realm; the DOM types it as Window, which has no index
  // signature for the globals this file walks and removes.
  const realm = iframe.contentWindow as unknown as AnyObject & typeof globalThis

  // Everything the browser put there, down the prototype chain (Window.prototype, EventTarget.prototype…)
  // to the realm's Object.prototype, which is ECMAScript's own.
  const stuck = new Set<string>()
  const realmObjectPrototype = (realm.Object as ObjectConstructor).prototype
  for (let holder: object | null = realm; holder && holder !== realmObjectPrototype; holder = Object.getPrototypeOf(holder)) {
    for (const name of Object.getOwnPropertyNames(holder)) {
      if (SANDBOX_GLOBALS.has(name) && holder === realm) continue
      if (!Reflect.deleteProperty(holder, name) && holder === realm) stuck.add(name)
    }
  }

  const timers = new Set<number>()
  const sandboxConsole = Object.fromEntries(CONSOLE_METHODS.map((m) => [m, (...args: unknown[]) => (console[m] as (...a: unknown[]) => void)(...args)]))
  const given: AnyObject = {
    figma,
    __html__: html,
    __uiFiles__: {},
    console: sandboxConsole,
    setTimeout: (callback: (...a: unknown[]) => void, ms?: number, ...args: unknown[]): number => {
      const id = window.setTimeout(() => {
        timers.delete(id)
        callback(...args)
      }, ms)
      timers.add(id)
      return id
    },
    setInterval: (callback: (...a: unknown[]) => void, ms?: number, ...args: unknown[]): number => {
      const id = window.setInterval(() => callback(...args), ms)
      timers.add(id)
      return id
    },
    clearTimeout: (id: number) => {
      window.clearTimeout(id)
      timers.delete(id)
    },
    clearInterval: (id: number) => {
      window.clearInterval(id)
      timers.delete(id)
    },
    fetch: sandboxFetch
  }
  for (const [name, value] of Object.entries(given)) {
    Object.defineProperty(realm, name, { value, writable: true, configurable: true, enumerable: false })
  }

  // The plugin's view of its global object: the realm's, without the names the browser would not let go.
  const visible = (key: PropertyKey): boolean => typeof key !== 'string' || !stuck.has(key)
  const globalView = new Proxy(Object.create(null) as object, {
    get: (_, key) => (visible(key) ? Reflect.get(realm, key) : undefined),
    set: (_, key, value) => visible(key) && Reflect.set(realm, key, value),
    has: (_, key) => visible(key) && Reflect.has(realm, key),
    deleteProperty: (_, key) => visible(key) && Reflect.deleteProperty(realm, key),
    ownKeys: () => Reflect.ownKeys(realm).filter(visible),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = visible(key) ? Reflect.getOwnPropertyDescriptor(realm, key) : undefined
      return descriptor && { ...descriptor, configurable: true }
    },
    defineProperty: (_, key, descriptor) => visible(key) && Reflect.defineProperty(realm, key, descriptor)
  })

  function run(code: string): unknown {
    const RealmFunction = realm.Function as FunctionConstructor
    const shadowed = [...stuck]
    return new RealmFunction(...shadowed, 'globalThis', code)(...shadowed.map(() => undefined), globalView)
  }

  return {
    globals: Object.getOwnPropertyNames(globalView),
    run,
    typeOf(names) {
      const lookups = names.filter((n) => /^[A-Za-z_$][\w$]*$/.test(n)).map((n) => `${JSON.stringify(n)}: typeof ${n}`)
      return run(`return { ${lookups.join(', ')} }`) as Record<string, string>
    },
    remove() {
      for (const id of timers) window.clearTimeout(id)
      timers.clear()
      iframe.remove()
    }
  }
}
