// 3. What the proxy costs, against the least a proxy could cost. One offline service stands in for fal; in
// front of it, in the same run: nothing (the client calls it directly), a bare node:http pass-through (a
// few lines that copy the request and the answer, no checks), and Keyframe's proxy in live mode, on the
// file store and on PostgreSQL. Each round sends the same call to every one of them in turn, so machine
// noise hits all alike; a figure is the per-round difference to the direct call (the latency added), p50
// and p99. Status polls go through auth, the request's binding and @fal-ai/server-proxy; submits also
// through validation, pricing, the budget's reservation and the job id's claim (one id each, budget on).
// fal's hosts reach the offline service through a bench-only global fetch (fal-redirect.ts), not the
// server's upstreamFetch option, so no AsyncLocalStorage runs in the timed process (checked before and after).
// Memory: the proxy's resident size while uploads pass through it, in a child process so only its own
// memory counts, in offline mode (the bytes land in its store) and in live mode (streamed on to a fake
// fal storage in this process).
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import pg from 'pg'
import * as z from 'zod/mini'

import { startThrowawayPostgres } from '../src/dev/throwaway-postgres'
import { openPostgresStore } from '../src/proxy/store/postgres/pg-store'
import { JsonlFile } from '../src/proxy/jsonl-file'
import { type RunningProxy, startProxy } from '../src/proxy/server'
import { falRedirect, installFalRedirect } from './fal-redirect'
import { promisesTracked } from './promise-tracking'
import { percentile, round } from './stats'

// Taken before the latency run points fal's hosts at the offline service (installFalRedirect).
const directFetch = globalThis.fetch.bind(globalThis)
const POLLS = 600
const SUBMITS = 400
const WARM_UP = 50
// Fake, but strong enough for the proxy's start-up check on PROXY_TOKENS.
export const TOKEN = 'bench-token-3e9a1c5f7b2d48e06c1a9f3b5d7e2c40'
const SUBMIT_TARGET = 'https://queue.fal.run/fal-ai/kling-image/o3/text-to-image'
const STATUS = (id: string) => `https://queue.fal.run/fal-ai/kling-image/requests/${id}/status`

/** Added latency over the direct call, ms, for one way in front of the service. */
export interface Added {
  p50: number
  p99: number
}

export interface ProxyLatencyResult {
  directP50Ms: { poll: number; submit: number }
  passThrough: { poll: Added; submit: Added }
  /** The same forward on the stack Keyframe's proxy is built on (Hono's Node adapter, fetch), with no checks. */
  honoFetch: { poll: Added; submit: Added }
  /** Keyframe on each store; PostgreSQL is absent (with why) when no server could be had. */
  keyframe: { store: 'files' | 'postgres'; poll: Added; submit: Added }[]
  /**
   * The file store's sent mark alone (one line appended and fsynced, as JsonlFile.append(…, true) does on a
   * submit), timed once per submit round in the same rounds: the floor the disk puts under a files submit.
   */
  sentMarkFsyncMs: { p50: number; p99: number }
  /**
   * PostgreSQL's two submit steps called on a store of their own (same server, own schema), once per submit
   * round outside the routes' times, and a bare round trip (SELECT 1) beside them: what the server and its
   * disk put under a PostgreSQL submit. Absent when PostgreSQL was skipped.
   */
  postgresStepsMs?: { start: Added; accept: Added; roundTrip: Added }
  /** What the bench's redirect of a fal URL costs per call (µs), paid by Keyframe's and the pass-through's forwards alike. */
  redirectUs: number
  postgresSkipped?: string
  polls: number
  submits: number
}

interface Route {
  name: string
  url: string
  token?: string
  /** A request id this route may poll (bound to its token on Keyframe's proxies). */
  requestId: string
}

export async function measureProxyLatency(): Promise<ProxyLatencyResult> {
  const dir = mkdtempSync(join(tmpdir(), 'keyframe-bench-'))
  const closers: (() => Promise<unknown> | void)[] = []
  try {
    const fal = await startOfflineService(join(dir, 'fal'))
    closers.push(fal.close)
    const original = installFalRedirect(fal.proxyUrl)
    closers.push(() => {
      globalThis.fetch = original
    })
    const pass = await startPassThrough(fal.proxyUrl)
    closers.push(pass.close)
    const hono = await startHonoForwarder()
    closers.push(hono.close)
    const falPath = new URL(fal.proxyUrl).pathname

    const live = async (store: { databaseUrl?: string; databaseSchema?: string }, name: string) => {
      const proxy = await startLive(join(dir, name), store)
      closers.push(() => proxy.close())
      return proxy
    }
    const files = await live({}, 'files')
    const keyframe: { store: 'files' | 'postgres'; proxy: RunningProxy }[] = [{ store: 'files', proxy: files }]
    let postgresSkipped: string | undefined
    let pgAlone: PostgresSteps | undefined
    const server = await startThrowawayPostgres({ durable: true })
    if (server.ok) {
      const schema = `keyframe_bench_${randomBytes(4).toString('hex')}`
      closers.push(() => {
        server.stop()
      })
      closers.push(() => dropSchema(server.url, schema).catch(() => undefined))
      keyframe.push({ store: 'postgres', proxy: await live({ databaseUrl: server.url, databaseSchema: schema }, 'postgres') })
      pgAlone = await postgresSteps(server.url, `${schema}_alone`)
      closers.push(pgAlone.close)
      closers.push(() => dropSchema(server.url, `${schema}_alone`).catch(() => undefined))
    } else {
      postgresSkipped = server.why
    }

    // A request id each Keyframe proxy has bound to the token, to poll; the direct and pass-through routes
    // poll the first one (the service itself knows no tokens).
    const ids = await Promise.all(keyframe.map((k) => submit(k.proxy.proxyUrl, TOKEN, 'bench-poll')))
    const routes: Route[] = [
      { name: 'direct', url: fal.proxyUrl, requestId: ids[0]! },
      { name: 'pass', url: `${pass.origin}${falPath}`, requestId: ids[0]! },
      { name: 'hono', url: hono.url, requestId: ids[0]! },
      ...keyframe.map((k, i) => ({ name: k.store, url: k.proxy.proxyUrl, token: TOKEN, requestId: ids[i]! }))
    ]

    await assertNoPromiseTracking('before the rounds')
    const polls = await rounds(routes, POLLS, (route) => poll(route))
    let job = 0
    const mark = new JsonlFile(join(dir, 'fsync-alone', 'submits.jsonl'), z.object({ job: z.number() }))
    const fsyncTimes: number[] = []
    const submits = await rounds(
      routes,
      SUBMITS,
      (route) => submit(route.url, route.token, `bench-${job++}`).then(() => undefined),
      // Once a round, between the routes' calls (not inside any one's time), on the same disk and among the same neighbours.
      async () => {
        const started = performance.now()
        mark.append({ job }, true)
        fsyncTimes.push(performance.now() - started)
        await pgAlone?.once(`alone-${job}`)
      }
    )

    await assertNoPromiseTracking('after the rounds')

    return {
      directP50Ms: { poll: round(percentile(polls.direct!, 50), 2), submit: round(percentile(submits.direct!, 50), 2) },
      passThrough: { poll: added(polls.pass!, polls.direct!), submit: added(submits.pass!, submits.direct!) },
      honoFetch: { poll: added(polls.hono!, polls.direct!), submit: added(submits.hono!, submits.direct!) },
      keyframe: keyframe.map((k) => ({ store: k.store, poll: added(polls[k.store]!, polls.direct!), submit: added(submits[k.store]!, submits.direct!) })),
      sentMarkFsyncMs: { p50: round(percentile(fsyncTimes, 50), 2), p99: round(percentile(fsyncTimes, 99), 2) },
      ...(pgAlone ? { postgresStepsMs: pgAlone.times() } : {}),
      redirectUs: redirectCostUs(fal.proxyUrl),
      ...(postgresSkipped ? { postgresSkipped } : {}),
      polls: POLLS,
      submits: SUBMITS
    }
  } finally {
    for (const close of closers.reverse()) await close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The proxies timed here must run as production does: nothing in this process may track promises. */
async function assertNoPromiseTracking(when: string): Promise<void> {
  if (await promisesTracked()) {
    throw new Error(`promise tracking (an AsyncLocalStorage or async hook) is active in the bench process ${when}: it would charge the proxies a cost production does not pay; do not pass upstreamFetch to the timed proxies`)
  }
}

/** The redirect's cost per call, µs: a status poll's URL and the headers server-proxy sends with it. */
function redirectCostUs(serviceUrl: string): number {
  const redirect = falRedirect(serviceUrl)
  const headers = { authorization: 'Key bench-key', accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'fal-ai/server-proxy' }
  const calls = 100_000
  let sink = 0
  const started = performance.now()
  for (let i = 0; i < calls; i++) sink += redirect(STATUS(`req-${i & 1023}`), headers).url.length
  const us = ((performance.now() - started) * 1000) / calls
  if (sink === 0) throw new Error('the redirect produced no URL')
  return round(us, 2)
}

/**
 * `samples` rounds (after WARM_UP rounds that are thrown away), each calling every route once, starting
 * with a different one each round so no route is always first. Returns each route's times, by round.
 * `alsoEachRound` runs once per counted round, before its calls and outside their times.
 */
async function rounds(routes: Route[], samples: number, call: (route: Route) => Promise<unknown>, alsoEachRound?: () => Promise<void>): Promise<Record<string, number[]>> {
  const times: Record<string, number[]> = Object.fromEntries(routes.map((r) => [r.name, []]))
  for (let i = 0; i < WARM_UP + samples; i++) {
    if (i >= WARM_UP) await alsoEachRound?.()
    for (let j = 0; j < routes.length; j++) {
      const route = routes[(i + j) % routes.length]!
      const started = performance.now()
      await call(route)
      const elapsed = performance.now() - started
      if (i >= WARM_UP) times[route.name]!.push(elapsed)
    }
  }
  return times
}

/** Per-round difference to the direct call, p50 and p99. */
function added(through: number[], direct: number[]): Added {
  const diffs = through.map((t, i) => t - direct[i]!)
  return { p50: round(percentile(diffs, 50), 2), p99: round(percentile(diffs, 99), 2) }
}

async function poll(route: Route): Promise<void> {
  const res = await directFetch(route.url, {
    headers: { 'x-fal-target-url': STATUS(route.requestId), ...(route.token ? { authorization: `Bearer ${route.token}` } : {}) }
  })
  const body = await res.text()
  if (!res.ok) throw new Error(`status poll (${route.name}) answered ${res.status}: ${body}`)
}

async function submit(url: string, token: string | undefined, jobId: string): Promise<string> {
  const res = await directFetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-fal-target-url': SUBMIT_TARGET,
      'x-keyframe-job': jobId,
      ...(token ? { authorization: `Bearer ${token}` } : {})
    },
    body: JSON.stringify({ prompt: `bench ${jobId}` })
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`submit answered ${res.status}: ${text}`)
  return (JSON.parse(text) as { request_id: string }).request_id
}

/**
 * The offline service standing in for fal, in a process of its own as fal is: its work on a submit (which
 * goes on after it answered) must not hold up the event loop of the proxies measured here.
 */
async function startOfflineService(dataDir: string): Promise<{ proxyUrl: string; close: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/proxy/cli.ts'], {
    cwd: new URL('..', import.meta.url).pathname,
    // The jobs stay queued for the whole run: no image is generated in the background while we time.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', FAL_KEY: '', DATABASE_URL: '', PROXY_TOKENS: '', DATA_DIR: dataDir, OFFLINE_LATENCY_MS: '3600000', RATE_LIMIT_PER_MINUTE: '0', SUBMIT_RATE_LIMIT_PER_MINUTE: '0' },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const proxyUrl = await urlPrinted(child, /settings: (\S+)/)
  return {
    proxyUrl,
    close: async () => {
      child.kill()
      await exited
    }
  }
}

/**
 * Keyframe's proxy in live mode, with "fal" being the offline service (reached through the bench's global
 * fetch, installFalRedirect): the proxy's own work is all that differs. No upstreamFetch, as in production.
 */
function startLive(dataDir: string, store: { databaseUrl?: string; databaseSchema?: string }): Promise<RunningProxy> {
  return startProxy({
    port: 0,
    host: '127.0.0.1',
    falKey: 'bench-key',
    tokens: [TOKEN],
    // Rate limits off: the benchmark calls far faster than any designer's plugin would. The budget stays
    // on, high enough that no submit is refused, so every submit is priced and reserved.
    rateLimitPerMinute: 0,
    submitRateLimitPerMinute: 0,
    budgetUsdPerDay: 1_000_000,
    dataDir,
    log: () => {},
    ...store
  })
}

/**
 * The least a proxy could be: copy the request to the service and its answer back, over kept-alive
 * connections, naming the service as Host as any forwarder does. It sends the call's target through the
 * same redirect Keyframe's upstream fetch takes here, so both pay it.
 */
async function startPassThrough(serviceUrl: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const agent = new Agent({ keepAlive: true })
  const host = new URL(serviceUrl).host
  const redirect = falRedirect(serviceUrl)
  const server: Server = createServer((req, res) => {
    const target = req.headers['x-fal-target-url']
    if (typeof target !== 'string') return void res.writeHead(400).end()
    const { url, headers } = redirect(target, { ...(req.headers as Record<string, string>), host })
    const upstream = httpRequest(url, { method: req.method, headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      agent.destroy()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}

/**
 * Not a baseline but a breakdown: the forward alone on Keyframe's stack (Hono on @hono/node-server, the
 * upstream call to the target URL through the global fetch, redirected as Keyframe's is, bodies read whole
 * as Keyframe's route reads them), without any check.
 */
async function startHonoForwarder(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = new Hono()
  app.all('*', async (c) => {
    const headers: Record<string, string> = {}
    for (const [key, value] of Object.entries(c.req.header())) if (key.startsWith('x-fal-') || key === 'content-type') headers[key] = value
    const target = headers['x-fal-target-url']
    if (target === undefined) return c.text('x-fal-target-url is missing', 400)
    const body = c.req.method === 'GET' ? undefined : await c.req.text()
    const answer = await fetch(target, { method: c.req.method, headers, body })
    return new Response(await answer.text(), { status: answer.status, headers: { 'content-type': answer.headers.get('content-type') ?? 'application/json' } })
  })
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      ;(server as Server).closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}

interface PostgresSteps {
  /** One submit's store steps as the route makes them (start, then accept), and a bare round trip, each timed. */
  once(jobId: string): Promise<void>
  times(): { start: Added; accept: Added; roundTrip: Added }
  close(): Promise<void>
}

/** PostgreSQL's submit steps on a store of their own: the same calls the route makes, with nothing around them. */
async function postgresSteps(url: string, schema: string): Promise<PostgresSteps> {
  const store = await openPostgresStore(url, { schema, now: () => Date.now() })
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const start: number[] = []
  const accept: number[] = []
  const roundTrip: number[] = []
  const timed = async <T>(into: number[], step: () => Promise<T>): Promise<T> => {
    const started = performance.now()
    const value = await step()
    into.push(performance.now() - started)
    return value
  }
  const spread = (xs: number[]): Added => ({ p50: round(percentile(xs, 50), 2), p99: round(percentile(xs, 99), 2) })
  return {
    async once(jobId) {
      await timed(roundTrip, () => client.query('SELECT 1'))
      const started = await timed(start, () =>
        store.submits.start({ jobId, token: 'bench-alone', fingerprint: jobId, costMills: 1, limits: { tokenMills: 1_000_000_000, teamMills: undefined }, endpoint: 'fal-ai/kling-image/o3/text-to-image' })
      )
      if (started.kind !== 'sent') throw new Error(`the store alone did not start ${jobId}: ${started.kind}`)
      const answer = { status: 200, body: JSON.stringify({ request_id: `req-${jobId}` }), requestId: `req-${jobId}` }
      await timed(accept, () =>
        store.submits.accept({ booking: started.booking, requestId: `req-${jobId}`, token: 'bench-alone', endpoint: 'fal-ai/kling-image/o3/text-to-image', job: { jobId, answer } })
      )
    },
    times: () => ({ start: spread(start), accept: spread(accept), roundTrip: spread(roundTrip) }),
    close: async () => {
      await client.end()
      await store.close()
    }
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await client.end()
  }
}

export interface ProxyMemoryResult {
  mode: 'offline' | 'live'
  uploadMb: number
  uploads: number
  baselineRssMb: number
  peakRssMb: number
  growthMb: number
}

/** Offline mode: the proxy is the CLI with no fal key, and keeps the bytes in its own store. */
export async function measureOfflineUploadMemory(): Promise<ProxyMemoryResult[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyframe-bench-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/proxy/cli.ts'], {
    cwd: new URL('..', import.meta.url).pathname,
    env: { ...process.env, PORT: '0', FAL_KEY: '', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  try {
    const proxyUrl = await urlPrinted(child, /settings: (\S+)/)
    const results: ProxyMemoryResult[] = []
    for (const mb of [1, 10]) results.push(await uploadsThrough('offline', proxyUrl, child.pid!, mb))
    return results
  } finally {
    child.kill()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * Live mode: the proxy (bench/live-upload-proxy.ts, a child) streams each upload on to the upload URL "fal"
 * gave; that fake fal storage is a node:http server here that counts the bytes and keeps none.
 */
export async function measureLiveUploadMemory(): Promise<ProxyMemoryResult[]> {
  const storage = await startFakeFalStorage()
  const dataDir = mkdtempSync(join(tmpdir(), 'keyframe-bench-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/live-upload-proxy.ts'], {
    cwd: new URL('..', import.meta.url).pathname,
    env: { ...process.env, FAKE_FAL_ORIGIN: storage.origin, DATA_DIR: dataDir, BENCH_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  try {
    const proxyUrl = await urlPrinted(child, /proxy: (\S+)/)
    const results: ProxyMemoryResult[] = []
    for (const mb of [1, 10]) {
      const before = storage.received()
      const row = await uploadsThrough('live', proxyUrl, child.pid!, mb, TOKEN)
      // Every byte must have reached "fal", or the figure measured a proxy that dropped them.
      const expected = row.uploads * mb * 1024 * 1024
      if (storage.received() - before !== expected) throw new Error(`fake fal storage received ${storage.received() - before} bytes, expected ${expected}`)
      results.push(row)
    }
    return results
  } finally {
    child.kill()
    await storage.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * The URL the child prints at start-up. Once it is read the child's output is drained unread: the service
 * logs a line per request, and matching each against all it printed so far ran in this process, among the
 * calls being timed, and grew with every request.
 */
function urlPrinted(child: ReturnType<typeof spawn>, pattern: RegExp): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = ''
    const read = (chunk: Buffer) => {
      out += chunk.toString()
      const match = pattern.exec(out)
      if (!match) return
      child.stdout!.off('data', read)
      child.stdout!.resume()
      resolve(match[1]!)
    }
    child.stdout!.on('data', read)
    child.once('exit', () => reject(new Error(`the proxy exited: ${out}`)))
  })
}

/** fal's storage as far as the proxy sees it: initiate answers a signed upload URL; a PUT there is read and dropped. */
async function startFakeFalStorage(): Promise<{ origin: string; received: () => number; close: () => Promise<void> }> {
  let next = 0
  let received = 0
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url?.startsWith('/storage/upload/initiate')) {
      req.resume()
      req.on('end', () => {
        const n = ++next
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ upload_url: `https://v3.fal.media/upload/obj-${n}?sig=signed-${n}`, file_url: `https://v3.fal.media/files/obj-${n}/ref.jpg` }))
      })
      return
    }
    if (req.method === 'PUT' && req.url?.startsWith('/upload/')) {
      req.on('data', (chunk: Buffer) => (received += chunk.length))
      req.on('end', () => res.writeHead(200).end())
      return
    }
    req.resume()
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}

async function uploadsThrough(mode: 'offline' | 'live', proxyUrl: string, pid: number, mb: number, token?: string): Promise<ProxyMemoryResult> {
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024
  await new Promise((r) => setTimeout(r, 300))
  const baseline = rss()
  let peak = baseline
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 10)
  // The proxy sniffs uploads: a JPEG's first bytes, then filler (it checks the type, not the pixels).
  const bytes = new Uint8Array(mb * 1024 * 1024).fill(7)
  bytes.set([0xff, 0xd8, 0xff, 0xe0])
  const uploads = 20
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  try {
    for (let i = 0; i < uploads; i++) {
      const initiate = await directFetch(proxyUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-fal-target-url': 'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3', ...auth },
        body: JSON.stringify({ content_type: 'image/jpeg', file_name: `ref-${i}.jpg` })
      })
      if (!initiate.ok) throw new Error(`upload initiate answered ${initiate.status}: ${await initiate.text()}`)
      const { upload_url } = (await initiate.json()) as { upload_url: string }
      const put = await directFetch(upload_url, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: bytes })
      if (!put.ok) throw new Error(`upload answered ${put.status}: ${await put.text()}`)
      await put.arrayBuffer()
    }
  } finally {
    clearInterval(sampler)
  }
  return { mode, uploadMb: mb, uploads, baselineRssMb: round(baseline), peakRssMb: round(peak), growthMb: round(peak - baseline) }
}
