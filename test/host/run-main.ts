// Runs the plugin's real main thread (src/main/main.ts) against an in-memory host, and gives tests
// the UI's end of the channel in Create Figma Plugin's wire format: each message is `[name, ...args]`
// (the UI posts `{ pluginMessage: [name, ...args] }`; figma.ui.onmessage receives the array).
import { vi } from 'vitest'

import type { MainApi, MainMethod } from '../../src/messages'
import { createMainCaller, type MainCalls } from '../../src/rpc-client'
import type { FigmaHost, FigmaHostOptions } from '../../src/host/figma'
import { makeHost } from './helpers'

export interface RunningPlugin {
  host: FigmaHost
  /** Create Figma Plugin's emit(name, ...args) from the UI. */
  emit(name: string, ...args: unknown[]): void
  /** Resolves with the next message named `name` the main thread sends (its arguments). */
  next(name: string): Promise<unknown[]>
  /** The main thread's API over src/rpc.ts's RPC_REQUEST / RPC_RESPONSE protocol. */
  main: MainCalls
  /** One call of it, for tests that name the method. */
  call<M extends MainMethod>(method: M, ...args: Parameters<MainApi[M]>): Promise<Awaited<ReturnType<MainApi[M]>>>
}

/**
 * Installs `figma` and `__html__` globally and imports a fresh copy of the main thread (its event
 * registry is module state, and it binds figma.ui.onmessage on import, as in Figma).
 */
export async function runMain(options: Partial<FigmaHostOptions> = {}): Promise<RunningPlugin> {
  const host = makeHost(options)
  const g = globalThis as unknown as { figma: PluginAPI; __html__: string }
  g.figma = host.figma
  g.__html__ = ''
  // A fresh copy of the main thread and of Create Figma Plugin's event registry (module state that
  // binds figma.ui.onmessage on import): vitest inlines the package, so resetModules reaches it too.
  vi.resetModules()
  const main = (await import('../../src/main/main')).default as () => void
  main()

  const waiting: Array<{ name: string; resolve: (args: unknown[]) => void }> = []
  host.ui.onMessage((message) => {
    if (!Array.isArray(message)) return
    const i = waiting.findIndex((w) => w.name === message[0])
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(message.slice(1))
  })
  const next = (name: string): Promise<unknown[]> => new Promise((resolve) => waiting.push({ name, resolve }))

  const caller = createMainCaller((id, method, args) => host.ui.emit('RPC_REQUEST', id, method, args))
  host.ui.on('RPC_RESPONSE', caller.receive as (...args: never[]) => void)

  return {
    host,
    emit: (name, ...args) => host.ui.emit(name, ...args),
    next,
    main: caller.calls,
    call: (method, ...args) => (caller.calls[method] as (...a: typeof args) => Promise<never>)(...args)
  }
}
