// The calling end of the UI → main-thread channel, independent of how messages travel: the plugin UI
// uses Create Figma Plugin's emit/on (src/rpc.ts), tests and benchmarks use the in-memory host's UI end.
// Free of Figma and of @create-figma-plugin/utilities, so it loads anywhere.
import type { MainApi, MainMethod } from './messages'

/** The main thread's API as a caller sees it: every method returns a promise. */
export type MainCalls = {
  [M in MainMethod]: (...args: Parameters<MainApi[M]>) => Promise<Awaited<ReturnType<MainApi[M]>>>
}

export interface MainCaller {
  calls: MainCalls
  /** Feed every RPC_RESPONSE here: settles the call it answers. */
  receive(id: number, ok: boolean, value: unknown): void
}

/** `send` delivers one RPC_REQUEST (id, method, its single argument) to the main thread. */
export function createMainCaller(send: (id: number, method: MainMethod, args: unknown) => void): MainCaller {
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  let nextId = 1
  const call = (method: MainMethod, args: unknown) =>
    new Promise((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve, reject })
      send(id, method, args)
    })
  return {
    calls: new Proxy({} as MainCalls, { get: (_, method: MainMethod) => (args: unknown) => call(method, args) }),
    receive(id, ok, value) {
      const settle = pending.get(id)
      if (!settle) return
      pending.delete(id)
      if (ok) settle.resolve(value)
      else settle.reject(new Error(String(value)))
    }
  }
}
