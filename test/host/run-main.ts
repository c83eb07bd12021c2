// Runs the plugin's real main thread (src/main/main.ts, bundled) against an in-memory host, inside a
// sandbox with only Figma's globals, and gives tests the UI's end of the channel in Create Figma Plugin's
// wire format: each message is `[name, ...args]` (the UI posts `{ pluginMessage: [name, ...args] }`;
// figma.ui.onmessage receives the array).
import type { MainApi, MainMethod, SelectionSnapshot } from '../../src/messages'
import { createMainCaller, type MainCalls } from '../../src/rpc-client'
import type { DocumentJson, FigmaHost, FigmaHostOptions } from '../../src/host/figma'
import { runInSandbox, type SandboxRun } from '../../src/host/node-sandbox'
import { makeHost } from './helpers'
import { mainBundle } from './main-bundle'

export interface RunningPlugin {
  host: FigmaHost
  sandbox: SandboxRun
  /** Create Figma Plugin's emit(name, ...args) from the UI. */
  emit(name: string, ...args: unknown[]): void
  /** Resolves with the next message named `name` the main thread sends (its arguments). */
  next(name: string): Promise<unknown[]>
  /** The main thread's API over src/rpc.ts's RPC_REQUEST / RPC_RESPONSE protocol. */
  main: MainCalls
  /** One call of it, for tests that name the method. */
  call<M extends MainMethod>(method: M, ...args: Parameters<MainApi[M]>): Promise<Awaited<ReturnType<MainApi[M]>>>
}

export interface RunMainOptions extends Partial<FigmaHostOptions> {
  /** The build's environment, e.g. KEYFRAME_PROXY_ORIGIN for a team build; the test process's by default. */
  buildEnv?: Record<string, string | undefined>
  /**
   * Run on this host instead of a new one: another person's run of the plugin on a file already open
   * (`host.join({ user })`), or the same person reopening it. The other options are then ignored.
   */
  host?: FigmaHost
}

/** A fresh run of the main thread (module state included, as in Figma), on a fresh host unless one is given. */
export async function runMain({ buildEnv, host: given, ...options }: RunMainOptions = {}): Promise<RunningPlugin> {
  const host = given ?? makeHost(options)
  const sandbox = runInSandbox(await mainBundle(buildEnv), host)

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
    sandbox,
    emit: (name, ...args) => host.ui.emit(name, ...args),
    next,
    main: caller.calls,
    call: (method, ...args) => (caller.calls[method] as (...a: typeof args) => Promise<never>)(...args)
  }
}

/** The first selection the plugin sends once its UI says it is ready, for a document with a selection. */
export async function firstSelection(document: DocumentJson): Promise<SelectionSnapshot> {
  const run = await runMain({ document })
  const changed = run.next('SELECTION_CHANGED')
  run.emit('UI_READY')
  return ((await changed) as [SelectionSnapshot])[0]
}
