// 8. The two stores side by side, in one run: submits per second through the real proxy (offline mode, no
// model latency, a budget on, a job id on every submit, so each submit does the gate's whole round of
// claim, reserve, mark sent, answer and bind), and the budget check alone (spend.reserve) at p50/p99.
// The file store works under DATA_DIR; PostgreSQL is a throwaway server started as the tests start theirs
// (src/dev/throwaway-postgres.ts), so its figures are over loopback with durability off: a floor, not
// what a managed database across a network gives. Figures only; nothing here asserts on time.
import { randomBytes } from 'node:crypto'
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
// Fake, but strong enough for the proxy's start-up check on PROXY_TOKENS.
const TOKEN = 'bench-token-8d2f4a6c1e3b5d7f9a0c2e4b6d8f1a3c'
const SUBMIT_TARGET = 'https://queue.fal.run/fal-ai/kling-image/o3/text-to-image'

export type StoreCostRow =
  | { store: 'files' | 'postgres'; submitsPerSecond: number; reserveP50Ms: number; reserveP99Ms: number }
  /** No PostgreSQL could be had here: the row says why instead of a figure. */
  | { store: 'postgres'; skipped: string }

export async function measureStoreCost(): Promise<StoreCostRow[]> {
  const rows: StoreCostRow[] = []
  const dir = mkdtempSync(join(tmpdir(), 'keyframe-bench-store-'))
  try {
    rows.push({
      store: 'files',
      submitsPerSecond: await submitsPerSecond({ dataDir: join(dir, 'proxy') }),
      ...(await reserveLatency(await openFileStore(join(dir, 'store'))))
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const server = await startThrowawayPostgres()
  if (!server.ok) return [...rows, { store: 'postgres', skipped: server.why }]
  const schema = `keyframe_bench_${randomBytes(4).toString('hex')}`
  const pgDir = mkdtempSync(join(tmpdir(), 'keyframe-bench-store-'))
  try {
    rows.push({
      store: 'postgres',
      submitsPerSecond: await submitsPerSecond({ dataDir: pgDir, databaseUrl: server.url, databaseSchema: schema }),
      ...(await reserveLatency(await openPostgresStore(server.url, { schema: `${schema}_reserve`, now: Date.now })))
    })
  } finally {
    await dropSchemas(server.url, [`${schema}_offline`, `${schema}_reserve`]).catch(() => undefined)
    server.stop()
    rmSync(pgDir, { recursive: true, force: true })
  }
  return rows
}

/** SUBMITS submits, CONCURRENCY at a time, each with its own job id, through a proxy on this store. */
async function submitsPerSecond(store: { dataDir: string; databaseUrl?: string; databaseSchema?: string }): Promise<number> {
  const proxy = await startProxy({
    port: 0,
    host: '127.0.0.1',
    tokens: [TOKEN],
    offlineLatencyMs: 0,
    // Enough for every submit: the budget is checked on each, never refused.
    budgetUsdPerDay: 1000,
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
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'x-fal-target-url': SUBMIT_TARGET, 'x-keyframe-job': `bench-${i}` },
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
async function reserveLatency(store: ProxyStore): Promise<{ reserveP50Ms: number; reserveP99Ms: number }> {
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

async function dropSchemas(url: string, schemas: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await client.end()
  }
}
