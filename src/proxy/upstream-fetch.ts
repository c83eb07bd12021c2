// Lets tests replace the fetch that @fal-ai/server-proxy uses to reach fal, without touching any other
// fetch in the process. server-proxy calls the global `fetch` and has no option for it, so when (and
// only when) a server is given `upstreamFetch`, the global is wrapped once to consult an
// AsyncLocalStorage slot that is set just around our handleRequest call. Production never installs it.
import { AsyncLocalStorage } from 'node:async_hooks'

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

const slot = new AsyncLocalStorage<FetchLike>()
let installed = false

export function runWithUpstreamFetch<T>(upstream: FetchLike | undefined, run: () => Promise<T>): Promise<T> {
  if (!upstream) return run()
  if (!installed) {
    const original = globalThis.fetch
    globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) =>
      (slot.getStore() ?? original)(input, init)) as typeof fetch
    installed = true
  }
  return slot.run(upstream, run)
}
