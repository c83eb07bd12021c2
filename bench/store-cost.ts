// 8. The two stores side by side, in one run: submits per second through the real proxy (offline mode, no
// model latency, a budget on, a job id on every submit, so each submit makes the gate's two store writes:
// start (claim, reserve and the sent mark at once) and accept (commit, bind and the job's answer at once)), and the budget check alone (spend.reserve) at p50/p99.
// Baselines, in the same run: the same proxy without budget or job id (what the gate costs); a reserve
// kept in a Map (the least a budget check could cost); the file store for PostgreSQL. And, printed to say
// where a submit's time goes on each store, each store call a submit makes, timed alone.
// The file store works under DATA_DIR, fsyncing what must survive a crash; PostgreSQL is a throwaway server
// (src/dev/throwaway-postgres.ts) with its shipped durability, so each commit waits for the same disk. Its
// figures are over loopback: a floor, not what a managed database across a network gives. Figures only;
// nothing here asserts on time.
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import pg from 'pg'

import { startThrowawayPostgres } from '../src/dev/throwaway-postgres'
import { startProxy } from '../src/proxy/server'
import { openFileStore } from '../src/proxy/store/files/file-store'
import { openPostgresStore } from '../src/proxy/store/postgres/pg-store'
import type { ProxyStore } from '../src/proxy/store/proxy-store'
import { percentile, round } from './stats'

const SUBMITS = 400
const CONCURRENCY = 8
const RESERVES = 1000
const STEP_ROUNDS = 300
const STEP_WARM_UP = 50
// Fake, but strong enough for the proxy's start-up check on PROXY_TOKENS.
const TOKEN = 'bench-token-8d2f4a6c1e3b5d7f9a0c2e4b6d8f1a3c'
const SUBMIT_TARGET = 'https://queue.fal.run/fal-ai/kling-image/o3/text-to-image'

export interface StepTimes {
  /** p50 of each store call a submit makes, ms, in the order it makes them. */
  start: number
  accept: number
}

export type StoreCostRow =
  | { store: 'files' | 'postgres'; submitsPerSecond: number; reserveP50Ms: number; reserveP99Ms: number; steps: StepTimes }
  /** No PostgreSQL could be had here: the row says why instead of a figure. */
  | { store: 'postgres'; skipped: string }

export interface StoreCost {
  rows: StoreCostRow[]
  /** The same proxy on the file store with neither budget nor job id: the gate's round is skipped. */
  ungatedSubmitsPerSecond: number
  /** spend.reserve's checks and booking, in a Map in this process. */
  memoryReserve: { reserveP50Ms: number; reserveP99Ms: number }
}

export async function measureStoreCost(): Promise<StoreCost> {
  const rows: StoreCostRow[] = []
  const dir = mkdtempSync(join(tmpdir(), 'keyframe-bench-store-'))
  let ungatedSubmitsPerSecond: number
  try {
    ungatedSubmitsPerSecond = await submitsPerSecond({ dataDir: join(dir, 'ungated') }, false)
    rows.push({
      store: 'files',
      submitsPerSecond: await submitsPerSecond({ dataDir: join(dir, 'proxy') }),
      ...(await reserveLatency(await openFileStore(join(dir, 'store')))),
      steps: await stepTimes(await openFileStore(join(dir, 'steps')))
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const memoryReserve = await reserveLatency(memorySpend())
  const server = await startThrowawayPostgres({ durable: true })
  if (!server.ok) return { rows: [...rows, { store: 'postgres', skipped: server.why }], ungatedSubmitsPerSecond, memoryReserve }
  const schema = `keyframe_bench_${randomBytes(4).toString('hex')}`
  const pgDir = mkdtempSync(join(tmpdir(), 'keyframe-bench-store-'))
  try {
    rows.push({
      store: 'postgres',
      submitsPerSecond: await submitsPerSecond({ dataDir: pgDir, databaseUrl: server.url, databaseSchema: schema }),
      ...(await reserveLatency(await openPostgresStore(server.url, { schema: `${schema}_reserve`, now: Date.now }))),
      steps: await stepTimes(await openPostgresStore(server.url, { schema: `${schema}_steps`, now: Date.now }))
    })
  } finally {
    await dropSchemas(server.url, [`${schema}_offline`, `${schema}_reserve`, `${schema}_steps`]).catch(() => undefined)
    server.stop()
    rmSync(pgDir, { recursive: true, force: true })
  }
  return { rows, ungatedSubmitsPerSecond, memoryReserve }
}

/**
 * SUBMITS submits, CONCURRENCY at a time, each with its own job id, through a proxy on this store; with
 * `gated` false, with neither budget nor job id (the baseline).
 */
async function submitsPerSecond(store: { dataDir: string; databaseUrl?: string; databaseSchema?: string }, gated = true): Promise<number> {
  const proxy = await startProxy({
    port: 0,
    host: '127.0.0.1',
    tokens: [TOKEN],
    offlineLatencyMs: 0,
    // Enough for every submit: the budget is checked on each, never refused.
    budgetUsdPerDay: gated ? 1000 : 'off',
    rateLimitPerMinute: 0,
    submitRateLimitPerMinute: 0,
    log: () => {},
    ...store
  })
  try {
    let next = 0
    const worker = async () => {
      while (next < SUBMITS) {
        const i = next++
        const res = await fetch(proxy.proxyUrl, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'x-fal-target-url': SUBMIT_TARGET, ...(gated ? { 'x-keyframe-job': `bench-${i}` } : {}) },
          body: JSON.stringify({ prompt: `bench ${i}` })
        })
        if (res.status !== 200) throw new Error(`Submit ${i} answered ${res.status}: ${await res.text()}`)
        await res.arrayBuffer()
      }
    }
    const started = performance.now()
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    return Math.round((SUBMITS / (performance.now() - started)) * 1000)
  } finally {
    await proxy.close()
  }
}

/** RESERVES reservations one after another against a budget they never reach. */
async function reserveLatency(store: Pick<ProxyStore, 'spend' | 'close'>): Promise<{ reserveP50Ms: number; reserveP99Ms: number }> {
  try {
    const times: number[] = []
    for (let i = 0; i < RESERVES; i++) {
      const started = performance.now()
      const r = await store.spend.reserve({ token: `bench-${i % 4}`, costMills: 28, limits: { tokenMills: 1e9, teamMills: 1e10 }, endpoint: 'fal-ai/kling-image/o3/text-to-image' })
      times.push(performance.now() - started)
      if (!r.ok) throw new Error(`Reservation ${i} was refused by the ${r.budget} budget`)
    }
    return { reserveP50Ms: round(percentile(times, 50), 3), reserveP99Ms: round(percentile(times, 99), 3) }
  } finally {
    await store.close()
  }
}

/** The least a budget check could cost: the same two limits and a booking, in a Map, nothing written down. */
function memorySpend(): Pick<ProxyStore, 'spend' | 'close'> {
  const spent = new Map<string, number>()
  const reserve: ProxyStore['spend']['reserve'] = async ({ token, costMills, limits }) => {
    const day = new Date().toISOString().slice(0, 10)
    const mine = spent.get(`${day} ${token}`) ?? 0
    const team = spent.get(day) ?? 0
    if (limits.tokenMills !== undefined && mine + costMills > limits.tokenMills) return { ok: false, budget: 'token', spentMills: mine, budgetMills: limits.tokenMills, costMills }
    if (limits.teamMills !== undefined && team + costMills > limits.teamMills) return { ok: false, budget: 'team', spentMills: team, budgetMills: limits.teamMills, costMills }
    spent.set(`${day} ${token}`, mine + costMills)
    spent.set(day, team + costMills)
    return { ok: true, booking: { id: randomUUID(), token, day, mills: costMills } }
  }
  const unused = async () => {
    throw new Error('not used by the bench')
  }
  return { spend: { reserve, end: unused, spent: unused, spendByToken: unused }, close: async () => undefined }
}

/** Each store call of a submit's round, in its order, timed alone: where a submit's time goes on this store. */
async function stepTimes(store: ProxyStore): Promise<StepTimes> {
  const times: Record<keyof StepTimes, number[]> = { start: [], accept: [] }
  const timed = async <T>(step: keyof StepTimes, i: number, call: () => Promise<T>): Promise<T> => {
    const started = performance.now()
    const result = await call()
    if (i >= STEP_WARM_UP) times[step].push(performance.now() - started)
    return result
  }
  const endpoint = 'fal-ai/kling-image/o3/text-to-image'
  try {
    for (let i = 0; i < STEP_WARM_UP + STEP_ROUNDS; i++) {
      const jobId = `bench-step-${i}`
      const requestId = `bench-request-${i}`
      const started = await timed('start', i, () =>
        store.submits.start({ jobId, token: 'bench', fingerprint: 'bench', costMills: 28, limits: { tokenMills: 1e9, teamMills: 1e10 }, endpoint })
      )
      if (started.kind !== 'sent') throw new Error(`job ${jobId} was not started (${started.kind})`)
      await timed('accept', i, () =>
        store.submits.accept({ booking: started.booking, requestId, token: 'bench', endpoint, job: { jobId, answer: { status: 200, body: '{}', requestId } } })
      )
    }
    const p50 = (step: keyof StepTimes) => round(percentile(times[step], 50), 3)
    return { start: p50('start'), accept: p50('accept') }
  } finally {
    await store.close()
  }
}

async function dropSchemas(url: string, schemas: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await client.end()
  }
}
