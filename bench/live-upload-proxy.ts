// The proxy in live mode for bench/proxy-cost.ts's memory figure, in a process of its own so its resident
// size is only its own. Every call it makes to fal (storage initiate, the upload PUT) goes to the fake fal
// storage the bench runs (FAKE_FAL_ORIGIN), same path and query; nothing reaches the network.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { startProxy } from '../src/proxy/server'

const directFetch = globalThis.fetch.bind(globalThis)
const origin = process.env.FAKE_FAL_ORIGIN
const token = process.env.BENCH_TOKEN
if (!origin || !token) throw new Error('FAKE_FAL_ORIGIN and BENCH_TOKEN must be set (bench/proxy-cost.ts starts this)')

// fal's hosts go to the fake storage through the global fetch, not the server's upstreamFetch option: that
// option brings an AsyncLocalStorage (src/proxy/upstream-fetch.ts) the production proxy never carries.
const FAL_HOSTS = new Set(['rest.fal.ai', 'v3.fal.media', 'queue.fal.run', 'fal.run'])
globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
  return directFetch(FAL_HOSTS.has(url.host) ? `${origin}${url.pathname}${url.search}` : url.href, init)
}) as typeof fetch

const proxy = await startProxy({
  port: 0,
  host: '127.0.0.1',
  falKey: 'bench-key',
  tokens: [token],
  rateLimitPerMinute: 0,
  submitRateLimitPerMinute: 0,
  dataDir: process.env.DATA_DIR || mkdtempSync(join(tmpdir(), 'keyframe-bench-')),
  log: () => {}
})
console.log(`proxy: ${proxy.proxyUrl}`)
