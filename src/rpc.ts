// A typed request/response channel over Create Figma Plugin's emit/on. The UI calls
// `mainCalls().fillPanel(image)` and gets a promise; the main thread answers through `serveMainApi`,
// and a thrown error comes back to the caller as a rejected promise with the same message.
import { emit, on } from '@create-figma-plugin/utilities'

import { errorMessage } from './error-message'
import type { MainApi, MainMethod, RpcRequestHandler, RpcResponseHandler } from './messages'
import { createMainCaller, type MainCaller, type MainCalls } from './rpc-client'

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

let caller: MainCaller | undefined

/** UI: the main thread's API, each call answered through RPC_RESPONSE. */
export function mainCalls(): MainCalls {
  if (!caller) {
    const created = createMainCaller((id, method, args) => emit<RpcRequestHandler>('RPC_REQUEST', id, method, args))
    on<RpcResponseHandler>('RPC_RESPONSE', created.receive)
    caller = created
  }
  return caller.calls
}
