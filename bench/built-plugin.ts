// Runs the *built* plugin (build/main.js) against the in-memory host in Node, as the playground does in
// the browser: the script gets `figma` and `__html__` as its globals and a fresh module state per run.
import { readFileSync } from 'node:fs'

import { createFigmaHost, type DocumentJson, type FigmaHost } from '../src/host/figma'
import type { MainApi, MainMethod } from '../src/messages'
import type { MainCalls } from '../src/ui/jobs/job-deps'
import { nodeRasterizer } from '../test/host/node-rasterizer'

export interface BuiltPlugin {
  host: FigmaHost
  main: MainCalls
}

export function runBuiltPlugin(document: DocumentJson): BuiltPlugin {
  const host = createFigmaHost({ rasterize: nodeRasterizer, document })
  const code = readFileSync(new URL('../build/main.js', import.meta.url), 'utf8')
  // `window` undefined: Create Figma Plugin's events pick the main-thread side, as in Figma's sandbox.
  new Function('figma', '__html__', 'window', code)(host.figma, '', undefined)

  let nextId = 1
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  host.ui.on('RPC_RESPONSE', ((id: number, ok: boolean, value: unknown) => {
    const call = pending.get(id)
    pending.delete(id)
    if (ok) call?.resolve(value)
    else call?.reject(new Error(String(value)))
  }) as (...args: never[]) => void)
  const call = (method: MainMethod, args: unknown) =>
    new Promise((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve, reject })
      host.ui.emit('RPC_REQUEST', id, method, args)
    })
  const main = new Proxy({} as MainCalls, { get: (_, method: keyof MainApi) => (args: unknown) => call(method, args) })
  return { host, main }
}
