// Runs the plugin's real main thread (src/main/main.ts) against an in-memory host, and gives tests
// the UI's end of the channel in Create Figma Plugin's wire format: each message is `[name, ...args]`
// (the UI posts `{ pluginMessage: [name, ...args] }`; figma.ui.onmessage receives the array).
import { vi } from 'vitest'

import type { MainApi, MainMethod } from '../../src/messages'
import type { FigmaHost, FigmaHostOptions } from '../../src/host/figma'
import { makeHost } from './helpers'

const EVENTS_URL = new URL('../../node_modules/@create-figma-plugin/utilities/lib/events.js', import.meta.url).href
let runs = 0

export interface RunningPlugin {
  host: FigmaHost
  /** Create Figma Plugin's emit(name, ...args) from the UI. */
  emit(name: string, ...args: unknown[]): void
  /** Resolves with the next message named `name` the main thread sends (its arguments). */
  next(name: string): Promise<unknown[]>
  /** Calls the main thread through src/rpc.ts's RPC_REQUEST / RPC_RESPONSE protocol. */
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
  vi.resetModules()
  // Create Figma Plugin's event registry is module state in node_modules, which vitest loads once and
  // never re-evaluates: give each run a fresh copy, so it binds to this host's figma.ui.onmessage.
  const run = ++runs
  vi.doMock('@create-figma-plugin/utilities', async () => {
    const actual = await vi.importActual<typeof import('@create-figma-plugin/utilities')>('@create-figma-plugin/utilities')
    const events = (await import(/* @vite-ignore */ `${EVENTS_URL}?run=${run}`)) as Pick<typeof actual, 'on' | 'once' | 'emit'>
    return { ...actual, on: events.on, once: events.once, emit: events.emit }
  })
  const main = (await import('../../src/main/main')).default as () => void
  main()

  const waiting: Array<{ name: string; resolve: (args: unknown[]) => void }> = []
  host.ui.onMessage((message) => {
    if (!Array.isArray(message)) return
    const i = waiting.findIndex((w) => w.name === message[0])
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(message.slice(1))
  })
  const next = (name: string): Promise<unknown[]> => new Promise((resolve) => waiting.push({ name, resolve }))

  let nextId = 1
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  host.ui.on('RPC_RESPONSE', ((id: number, ok: boolean, value: unknown) => {
    const call = pending.get(id)
    if (!call) return
    pending.delete(id)
    if (ok) call.resolve(value)
    else call.reject(new Error(String(value)))
  }) as (...args: never[]) => void)

  return {
    host,
    emit: (name, ...args) => host.ui.emit(name, ...args),
    next,
    call: (method, ...args) =>
      new Promise((resolve, reject) => {
        const id = nextId++
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
        host.ui.emit('RPC_REQUEST', id, method, args[0])
      })
  }
}
