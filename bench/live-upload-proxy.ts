// The proxy in live mode for bench/proxy-cost.ts's memory figure, in a process of its own so its resident
// size is only its own. Every call it makes to fal (storage initiate, the upload PUT) goes to the fake fal
// storage the bench runs (FAKE_FAL_ORIGIN), same path and query; nothing reaches the network.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { startProxy } from '../src/proxy/server'

// Taken before the proxy wraps the global fetch to route its upstream calls (upstream-fetch.ts).
const directFetch = globalThis.fetch.bind(globalThis)
const origin = process.env.FAKE_FAL_ORIGIN
const token = process.env.BENCH_TOKEN
if (!origin || !token) throw new Error('FAKE_FAL_ORIGIN and BENCH_TOKEN must be set (bench/proxy-cost.ts starts this)')

const proxy = await startProxy({
  port: 0,
  host: '127.0.0.1',
  falKey: 'bench-key',
  tokens: [token],
  rateLimitPerMinute: 0,
  submitRateLimitPerMinute: 0,
  dataDir: process.env.DATA_DIR || mkdtempSync(join(tmpdir(), 'keyframe-bench-')),
  log: () => {},
  upstreamFetch: (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
    return directFetch(`${origin}${url.pathname}${url.search}`, init)
  }
})
console.log(`proxy: ${proxy.proxyUrl}`)
