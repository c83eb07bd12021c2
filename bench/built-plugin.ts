// Runs the *built* plugin (build/main.js) against the in-memory host in Node, as the playground does in
// the browser: in a sandbox with only Figma's globals, and a fresh module state per run.
import { readFileSync } from 'node:fs'

import { createFigmaHost, type DocumentJson, type FigmaHost } from '../src/host/figma'
import { runInSandbox } from '../src/host/node-sandbox'
import { createMainCaller, type MainCalls } from '../src/rpc-client'
import { nodeRasterizer } from '../src/dev/node-rasterizer'

export interface BuiltPlugin {
  host: FigmaHost
  main: MainCalls
}

export function runBuiltPlugin(document: DocumentJson): BuiltPlugin {
  const host = createFigmaHost({ rasterize: nodeRasterizer, document })
  const code = readFileSync(new URL('../build/main.js', import.meta.url), 'utf8')
  runInSandbox(code, host, { filename: 'build/main.js' })

  const caller = createMainCaller((id, method, args) => host.ui.emit('RPC_REQUEST', id, method, args))
  host.ui.on('RPC_RESPONSE', caller.receive as (...args: never[]) => void)
  return { host, main: caller.calls }
}
