// Strict proxies: the host answers only what it implements. Anything else throws, so a plugin that
// relies on an API we do not model fails loudly in tests instead of reading `undefined`.

export class NotImplementedError extends Error {
  constructor(what: string) {
    super(`not implemented in the Keyframe host: ${what}`)
    this.name = 'NotImplementedError'
  }
}

// Keys that test runners, loggers and `await` probe on any object; answering `undefined` is what a
// real Figma object does for them and keeps failure messages readable.
const PROBE_KEYS = new Set([
  'then', 'toJSON', 'constructor', '$$typeof', 'asymmetricMatch', 'nodeType', 'tagName',
  '@@__IMMUTABLE_ITERABLE__@@', '@@__IMMUTABLE_RECORD__@@', '_isMockFunction', 'inspect', 'length'
])

// Members Figma declares `readonly` (plugin-api.d.ts) that the host implements: assigning one is a
// TypeError there too. Any other getter without a setter here is settable in Figma but not modelled.
const READ_ONLY_IN_FIGMA = new Set([
  'id', 'type', 'parent', 'removed', 'children', 'width', 'height', 'absoluteBoundingBox', 'hash', 'bounds',
  'root', 'currentUser', 'editorType', 'command', 'pluginId', 'mixed', 'viewport', 'clientStorage', 'ui'
])

const publicKeyCache = new WeakMap<object, Set<string>>()

/** Public API of an object: getters and methods on its prototype chain whose names do not start with `_`. */
export function publicKeysOf(target: object): Set<string> {
  const proto = Object.getPrototypeOf(target) as object
  const cached = publicKeyCache.get(proto)
  if (cached) return cached
  const keys = new Set<string>()
  for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const k of Object.getOwnPropertyNames(p)) if (!k.startsWith('_') && k !== 'constructor') keys.add(k)
  }
  publicKeyCache.set(proto, keys)
  return keys
}

function hasSetter(target: object, key: string): boolean {
  for (let p: object | null = Object.getPrototypeOf(target) as object; p; p = Object.getPrototypeOf(p) as object | null) {
    const d = Object.getOwnPropertyDescriptor(p, key)
    if (d) return typeof d.set === 'function'
  }
  return false
}

export interface StrictOptions {
  /** Name used in errors, e.g. `figma` or `FrameNode`. */
  label: () => string
  /** Called before every access; may throw (removed nodes, closed plugin). */
  guard?: (key: string, kind: 'get' | 'set' | 'call') => void
  /** Keys this object does not have but that other objects of the same family do: they read as undefined. */
  absentKeys?: () => Set<string>
  /**
   * Runs every read, write and call made through this proxy. The host uses it to know which plugin run
   * (which user) is acting, when two runs share one document.
   */
  enter?: <R>(fn: () => R) => R
  /** Called after a write or call succeeded (the host reports document changes from here). */
  after?: (key: string, kind: 'set' | 'call', args: unknown[]) => void
}

const rawOf = new WeakMap<object, object>()

// A count that moves whenever anything may have changed what a host shows: every write, and every call but a
// read (get…, find…, exportAsync), through any API object, in any host of this realm; and the hosts' own
// load and select. A view that sees it unmoved can skip looking at the document. It errs towards moving.
let revision = 0
const READ_ONLY_CALL = /^(get|find)[A-Z]|^exportAsync$/

/** Something may have changed what a host shows. */
export function noteChange(): void {
  revision++
}

export function changeCount(): number {
  return revision
}

/** A call's outcome, and for an async one its settling too, notes a change (the caller sees the same outcome). */
function noted(key: string, call: () => unknown): unknown {
  if (READ_ONLY_CALL.test(key)) return call()
  let result: unknown
  try {
    result = call()
  } finally {
    revision++
  }
  if (result instanceof Promise) {
    return result.then(
      (value: unknown) => {
        revision++
        return value
      },
      (error: unknown) => {
        revision++
        throw error
      }
    )
  }
  return result
}

/** The implementation object behind a strict proxy (or the value itself when it is not one). */
export function unwrap<T>(value: T): T {
  return (value !== null && typeof value === 'object' ? (rawOf.get(value) as T | undefined) : undefined) ?? value
}

export function strictProxy<T extends object>(target: T, options: StrictOptions): T {
  const bound = new Map<string, unknown>()
  const enter = options.enter ?? (<R>(fn: () => R): R => fn())

  function read(t: T, key: string | symbol): unknown {
    if (typeof key === 'symbol') return key === Symbol.toStringTag ? options.label() : undefined
    const keys = publicKeysOf(t)
    if (!keys.has(key) && !(key in Object.prototype)) {
      if (PROBE_KEYS.has(key) || options.absentKeys?.().has(key)) return undefined
      throw new NotImplementedError(`${options.label()}.${key}`)
    }
    const value: unknown = Reflect.get(t, key, t)
    if (typeof value === 'function') {
      // Methods run against the implementation object, so internals stay reachable for it alone.
      let fn = bound.get(key)
      if (!fn) {
        fn = (...args: unknown[]) =>
          enter(() => {
            options.guard?.(key, 'call')
            return noted(key, () => {
              const result = (value as (...a: unknown[]) => unknown).apply(t, args)
              options.after?.(key, 'call', args)
              return result
            })
          })
        bound.set(key, fn)
      }
      return fn
    }
    options.guard?.(key, 'get')
    return value
  }

  function write(t: T, key: string | symbol, value: unknown): boolean {
    if (typeof key === 'symbol') throw new TypeError('Cannot set symbol properties')
    if (!publicKeysOf(t).has(key)) throw new NotImplementedError(`${options.label()}.${key} (set)`)
    if (!hasSetter(t, key)) {
      if (!READ_ONLY_IN_FIGMA.has(key)) throw new NotImplementedError(`${options.label()}.${key} (set)`)
      throw new TypeError(`Cannot assign to read only property '${key}' of object '${options.label()}'`)
    }
    options.guard?.(key, 'set')
    try {
      const done = Reflect.set(t, key, value, t)
      options.after?.(key, 'set', [value])
      return done
    } finally {
      revision++
    }
  }

  const proxy = new Proxy(target, {
    get: (t, key) => enter(() => read(t, key)),
    set: (t, key, value) => enter(() => write(t, key, value)),
    has(t, key) {
      return typeof key === 'string' && publicKeysOf(t).has(key)
    },
    ownKeys() {
      return []
    },
    defineProperty(_t, key) {
      throw new NotImplementedError(`${options.label()}.${String(key)} (define)`)
    },
    deleteProperty(_t, key) {
      throw new TypeError(`Cannot delete property '${String(key)}' of ${options.label()}`)
    }
  })
  rawOf.set(proxy, target)
  return proxy
}

/**
 * A strict proxy handed to the plugin as Figma's interface (`PluginAPI`, `FrameNode`…). The one cast the
 * host cannot avoid: the implementation models only part of each interface, on purpose, and the proxy
 * makes every other member throw instead of reading `undefined`, so the type the plugin sees stays honest.
 */
export function asFigmaApi<Api>(target: object, options: StrictOptions): Api {
  return strictProxy(target, options) as unknown as Api
}
