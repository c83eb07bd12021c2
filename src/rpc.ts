// A typed request/response channel over Create Figma Plugin's emit/on. The UI calls
// `callMain('fillPanel', image)` and gets a promise; the main thread answers through `serveMainApi`,
// and a thrown error comes back to the caller as a rejected promise with the same message.
import { emit, on } from '@create-figma-plugin/utilities'

import { errorMessage } from './error-message'
import type { MainApi, MainMethod, RpcRequestHandler, RpcResponseHandler } from './messages'

type ArgsOf<M extends MainMethod> = Parameters<MainApi[M]>
type ResultOf<M extends MainMethod> = Awaited<ReturnType<MainApi[M]>>
export type MainApiImplementation = {
  [M in MainMethod]: (...args: ArgsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>
}

/** Main thread: answer every call from the UI. */
export function serveMainApi(api: MainApiImplementation): () => void {
  return on<RpcRequestHandler>('RPC_REQUEST', (id, method, args) => {
    const fn = api[method] as (arg: unknown) => unknown
    Promise.resolve()
      .then(() => fn(args))
      .then(
        (value) => emit<RpcResponseHandler>('RPC_RESPONSE', id, true, value),
        (error: unknown) => emit<RpcResponseHandler>('RPC_RESPONSE', id, false, errorMessage(error))
      )
  })
}

const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
let nextId = 1
let listening = false

/** UI: call the main thread. */
export function callMain<M extends MainMethod>(method: M, ...args: ArgsOf<M>): Promise<ResultOf<M>> {
  if (!listening) {
    listening = true
    on<RpcResponseHandler>('RPC_RESPONSE', (id, ok, value) => {
      const call = pending.get(id)
      if (!call) return
      pending.delete(id)
      if (ok) call.resolve(value)
      else call.reject(new Error(String(value)))
    })
  }
  const id = nextId++
  return new Promise<ResultOf<M>>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
    emit<RpcRequestHandler>('RPC_REQUEST', id, method, args[0])
  })
}
