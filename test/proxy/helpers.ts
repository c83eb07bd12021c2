// Shared set-up for the proxy tests: a proxy on port 0 with a throwaway DATA_DIR and captured log lines,
// the real @fal-ai/client pointed at it, and a raw caller for what the client would never send.
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { createFalClient, type FalClient } from '@fal-ai/client'
import { afterEach } from 'vitest'

import { solidImage } from '../../src/dev/solid-image'
import { type AppOptions, type RunningProxy, startProxy } from '../../src/proxy/server'

// The client would otherwise pick up a key from the environment and send it itself.
delete process.env.FAL_KEY
delete process.env.FAL_KEY_ID
delete process.env.FAL_KEY_SECRET

/**
 * An access token for tests: plainly fake (it says test-token and whose it is) yet strong enough for the
 * proxy's start-up check (32+ characters of varied hex), and the same for the same name on every run.
 */
export function testToken(name: string): string {
  return `test-token-${name}-${createHash('sha256').update(name).digest('hex').slice(0, 32)}`
}

export interface TestProxy extends RunningProxy {
  logs: string[]
  dataDir: string
  /** Stops the server and removes its DATA_DIR (unless keepData). */
  stop(keepData?: boolean): Promise<void>
}

export async function startTestProxy(options: AppOptions = {}): Promise<TestProxy> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'keyframe-proxy-test-'))
  const logs: string[] = []
  const proxy = await startProxy({
    host: '127.0.0.1',
    port: 0,
    offlineLatencyMs: 150,
    // Most suites submit far more than a designer's few a minute; the submit limit has tests of its own.
    submitRateLimitPerMinute: 0,
    // The result keeper reads fal on its own schedule, which would add calls to suites that count them;
    // the suites about kept results turn it on.
    followIntervalMs: 0,
    ...options,
    dataDir,
    log: (line) => logs.push(line)
  })
  return {
    ...proxy,
    logs,
    dataDir,
    stop: async (keepData = false) => {
      await proxy.close()
      if (!keepData) rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

export { falClientFor } from '../../src/dev/fal-client'

export interface RawCall {
  method?: string
  target?: string | undefined
  body?: unknown
  token?: string | undefined
  headers?: Record<string, string>
}

/** A request as a browser would send it, for the cases the real client cannot produce. */
export function callProxy(proxyUrl: string, call: RawCall): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...call.headers }
  if (call.target !== undefined) headers['x-fal-target-url'] = call.target
  if (call.token) headers.authorization = `Bearer ${call.token}`
  return fetch(proxyUrl, {
    method: call.method ?? 'POST',
    headers,
    body: call.body === undefined ? undefined : typeof call.body === 'string' ? call.body : JSON.stringify(call.body)
  })
}

export const QUEUE = 'https://queue.fal.run'
export const O3_T2I = 'fal-ai/kling-image/o3/text-to-image'
export const O3_I2I = 'fal-ai/kling-image/o3/image-to-image'
export const V3_T2I = 'fal-ai/kling-image/v3/text-to-image'
export const V3_I2I = 'fal-ai/kling-image/v3/image-to-image'

/** A plain PNG of a given size and colour, as a Blob the client will upload. */
export async function pngBlob(width: number, height: number, rgb: [number, number, number]): Promise<Blob> {
  const bytes = await solidImage(width, height, { color: { r: rgb[0], g: rgb[1], b: rgb[2] } })
  return new Blob([new Uint8Array(bytes)], { type: 'image/png' })
}

export async function fetchBytes(url: string): Promise<Buffer> {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`GET ${url} -> ${res.status}`)
  return Buffer.from(await res.arrayBuffer())
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/** What the plugin sends with every submit so a resent one is recognised (src/ui/jobs/run-job.ts). */
export const JOB_HEADER = 'x-keyframe-job'

/**
 * The real client with the plugin's settings, whose proxy URL can change between calls: as when a proxy
 * restarts (here on a new port). The client is configured with a stand-in URL and its fetch sends each
 * call to wherever the proxy is now.
 */
export function followingFalClient(currentProxyUrl: () => string, token?: string): FalClient {
  const standIn = 'http://keyframe-proxy.invalid/api/fal/proxy'
  return createFalClient({
    proxyUrl: { url: standIn, when: 'always' },
    requestMiddleware: async (request) =>
      token ? { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } } : request,
    fetch: ((input: string | URL | Request, init?: RequestInit) =>
      fetch(typeof input === 'string' && input.startsWith(standIn) ? currentProxyUrl() + input.slice(standIn.length) : input, init)) as typeof fetch
  })
}

export { offlineRequests } from '../../src/dev/offline-control'

/** Ledger lines of one type (reserve, release, commit, kept) in a DATA_DIR, across its daily files. */
export function ledgerLines(dataDir: string, ledger: 'ledger' | 'ledger-offline', type: string): Record<string, unknown>[] {
  const dir = join(dataDir, ledger)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => /^\d{4}-\d{2}-\d{2}\.jsonl$/.test(name))
    .sort()
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((e) => e.type === type)
}

export interface RawHttp {
  method?: string
  path: string
  /** Sent as given, Host included (fetch would not let a test choose it). */
  headers?: Record<string, string>
  body?: string
  /** The source address to connect from, e.g. another 127.x.y.z, as a caller rotating addresses would. */
  localAddress?: string
}

/** One request over a fresh connection to the proxy's port, with full control of Host and the source address. */
export function rawHttp(proxyUrl: string, call: RawHttp): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { port } = new URL(proxyUrl)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: call.path, method: call.method ?? 'GET', headers: call.headers, localAddress: call.localAddress, agent: false },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      }
    )
    req.on('error', reject)
    req.end(call.body)
  })
}

/**
 * For a test file whose tests start their own proxies and data dirs: each test pushes its proxies onto
 * `running` and takes dirs from `tempDir()`, and both are stopped and removed after it.
 */
export function cleanedAfterEach(prefix: string): { running: TestProxy[]; tempDir: () => string } {
  const running: TestProxy[] = []
  const dirs: string[] = []
  afterEach(async () => {
    while (running.length) await running.pop()!.stop(true)
    while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true })
  })
  return {
    running,
    tempDir: () => {
      const dir = mkdtempSync(join(tmpdir(), prefix))
      dirs.push(dir)
      return dir
    }
  }
}
