// 3. What the proxy costs. Latency: a status poll through the proxy in live mode (auth, allowlist,
// @fal-ai/server-proxy) to the offline service standing in for fal, against the same poll sent to the
// offline service directly. Memory: the proxy's resident size while 20 uploads of 1 MB, then of 10 MB,
// pass through it in offline mode (it runs in a child process so only its own memory is measured).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { startProxy } from '../src/proxy/server'
import { percentile, round } from './stats'

// Taken before the live proxy wraps the global fetch to route its upstream calls (see upstream-fetch.ts).
const directFetch = globalThis.fetch.bind(globalThis)
const SAMPLES = 400
// Fake, but strong enough for the proxy's start-up check on PROXY_TOKENS.
const TOKEN = 'bench-token-3e9a1c5f7b2d48e06c1a9f3b5d7e2c40'
const STATUS = (id: string) => `https://queue.fal.run/fal-ai/kling-image/requests/${id}/status`

export interface ProxyLatencyResult {
  directP50Ms: number
  proxiedP50Ms: number
  addedP50Ms: number
  addedP99Ms: number
  pollsPerSecond: number
}

export async function measureProxyLatency(): Promise<ProxyLatencyResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyframe-bench-'))
  // Rate limits off: the benchmark polls far faster than any designer's plugin would.
  const fal = await startProxy({ port: 0, offlineLatencyMs: 60_000, dataDir, rateLimitPerMinute: 0, log: () => {} })
  // Live mode, with "fal" being the offline service: the proxy's own work is all that differs.
  const live = await startProxy({
    port: 0,
    falKey: 'bench-key',
    tokens: [TOKEN],
    rateLimitPerMinute: 0,
    dataDir: join(dataDir, 'live'),
    log: () => {},
    upstreamFetch: (input, init) =>
      directFetch(fal.proxyUrl, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), 'x-fal-target-url': String(input) } })
  })
  try {
    // Submitted through the live proxy, so the request id is bound to the token that polls it.
    const answer = await fetch(live.proxyUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${TOKEN}`,
        'x-fal-target-url': 'https://queue.fal.run/fal-ai/kling-image/v3/text-to-image'
      },
      body: JSON.stringify({ prompt: 'bench' })
    })
    if (!answer.ok) throw new Error(`submit answered ${answer.status}: ${await answer.text()}`)
    const submitted = (await answer.json()) as { request_id: string }
    const poll = async (url: string, token?: string) => {
      const started = performance.now()
      const res = await fetch(url, { headers: { 'x-fal-target-url': STATUS(submitted.request_id), ...(token ? { authorization: `Bearer ${token}` } : {}) } })
      const body = await res.text()
      if (!res.ok) throw new Error(`status poll answered ${res.status}: ${body}`)
      return performance.now() - started
    }
    for (let i = 0; i < 50; i++) await Promise.all([poll(fal.proxyUrl), poll(live.proxyUrl, TOKEN)]) // warm up
    const direct: number[] = []
    const proxied: number[] = []
    // Interleaved, so machine noise hits both sides alike.
    for (let i = 0; i < SAMPLES; i++) {
      direct.push(await poll(fal.proxyUrl))
      proxied.push(await poll(live.proxyUrl, TOKEN))
    }
    const added = proxied.map((p, i) => p - direct[i]!)
    const started = performance.now()
    let polls = 0
    while (performance.now() - started < 2000) {
      await poll(live.proxyUrl, TOKEN)
      polls++
    }
    return {
      directP50Ms: round(percentile(direct, 50), 2),
      proxiedP50Ms: round(percentile(proxied, 50), 2),
      addedP50Ms: round(percentile(added, 50), 2),
      addedP99Ms: round(percentile(added, 99), 2),
      pollsPerSecond: Math.round(polls / 2)
    }
  } finally {
    await live.close()
    await fal.close()
  }
}

export interface ProxyMemoryResult {
  uploadMb: number
  uploads: number
  baselineRssMb: number
  peakRssMb: number
  growthMb: number
}

export async function measureProxyMemory(): Promise<ProxyMemoryResult[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/proxy/cli.ts'], {
    cwd: new URL('..', import.meta.url).pathname,
    env: { ...process.env, PORT: '0', FAL_KEY: '', DATA_DIR: mkdtempSync(join(tmpdir(), 'keyframe-bench-')) },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  try {
    const proxyUrl = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const match = /settings: (\S+)/.exec(out)
        if (match) resolve(match[1]!)
      })
      child.once('exit', () => reject(new Error(`the proxy exited: ${out}`)))
    })
    const results: ProxyMemoryResult[] = []
    for (const mb of [1, 10]) results.push(await uploadsThrough(proxyUrl, child.pid!, mb))
    return results
  } finally {
    child.kill()
  }
}

async function uploadsThrough(proxyUrl: string, pid: number, mb: number): Promise<ProxyMemoryResult> {
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024
  await new Promise((r) => setTimeout(r, 300))
  const baseline = rss()
  let peak = baseline
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 10)
  // The proxy sniffs uploads: a JPEG's first bytes, then filler (it checks the type, not the pixels).
  const bytes = new Uint8Array(mb * 1024 * 1024).fill(7)
  bytes.set([0xff, 0xd8, 0xff, 0xe0])
  const uploads = 20
  for (let i = 0; i < uploads; i++) {
    const initiate = await fetch(proxyUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-fal-target-url': 'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3' },
      body: JSON.stringify({ content_type: 'image/jpeg', file_name: `ref-${i}.jpg` })
    })
    const { upload_url } = (await initiate.json()) as { upload_url: string }
    const put = await fetch(upload_url, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: bytes })
    if (!put.ok) throw new Error(`upload answered ${put.status}`)
  }
  clearInterval(sampler)
  return { uploadMb: mb, uploads, baselineRssMb: round(baseline), peakRssMb: round(peak), growthMb: round(peak - baseline) }
}
