// 7. Proxy start-up against the size of its ledger history. The ledger keeps one file per UTC day and
// reads only today's at start (src/proxy/store/files/spend-store.ts), so start time and memory should not depend on how
// many days of history lie beside it. History is generated in a temp dir (reserve + commit pairs spread
// over past days, 1,000 entries a day) plus the same 1,000 entries for today in every case; each start
// runs in a child process so only the proxy's own memory is measured.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

import { median, round } from './stats'

const SIZES = [0, 100_000, 1_000_000]
const PER_DAY = 1000
// Enough starts for a median that a noisy spell on a shared machine does not move by half.
const RUNS = 7
const ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface LedgerStartRow {
  historyEntries: number
  historyMb: number
  startMsMedian: number
  rssDeltaMb: number
  heapDeltaMb: number
  runs: number
}

export async function measureLedgerStart(): Promise<LedgerStartRow[]> {
  // Every history is written first and the starts are interleaved (0, 100k, 1M, 0, …), so neither the
  // writeback of 166 MB just written nor a noisy spell on the machine lands on one size only.
  const cases = SIZES.map((entries) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keyframe-bench-ledger-'))
    return { entries, dataDir, bytes: writeHistory(join(dataDir, 'ledger'), entries), runs: [] as ChildResult[] }
  })
  try {
    for (let run = 0; run < RUNS; run++) for (const c of cases) c.runs.push(startInChild(c.dataDir))
    return cases.map(({ entries, bytes, runs }) => ({
      historyEntries: entries,
      historyMb: round(bytes / 1e6),
      startMsMedian: round(median(runs.map((r) => r.startMs))),
      rssDeltaMb: round(median(runs.map((r) => r.rssDeltaMb))),
      heapDeltaMb: round(median(runs.map((r) => r.heapDeltaMb))),
      runs: runs.length
    }))
  } finally {
    for (const c of cases) rmSync(c.dataDir, { recursive: true, force: true })
  }
}

/** Past days' files holding `entries` lines in all, and today's with PER_DAY; returns the history's bytes. */
function writeHistory(dir: string, entries: number): number {
  mkdirSync(dir, { recursive: true })
  const dayMs = 86_400_000
  let bytes = 0
  const write = (daysAgo: number, count: number) => {
    const day = new Date(Date.now() - daysAgo * dayMs).toISOString().slice(0, 10)
    const lines: string[] = []
    for (let i = 0; i < count; i += 2) {
      const id = `${day}-${i}`
      const at = `${day}T12:00:00.000Z`
      lines.push(JSON.stringify({ type: 'reserve', id, token: 'f'.repeat(64), day, mills: 28, endpoint: 'fal-ai/kling-image/o3/text-to-image', at }))
      lines.push(JSON.stringify({ type: 'commit', id, request_id: `req-${id}`, at }))
    }
    const text = `${lines.join('\n')}\n`
    writeFileSync(join(dir, `${day}.jsonl`), text)
    return text.length
  }
  for (let daysAgo = 1; daysAgo <= Math.ceil(entries / PER_DAY); daysAgo++) bytes += write(daysAgo, Math.min(PER_DAY, entries - (daysAgo - 1) * PER_DAY))
  write(0, PER_DAY)
  return bytes
}

interface ChildResult {
  startMs: number
  rssDeltaMb: number
  heapDeltaMb: number
}

function startInChild(dataDir: string): ChildResult {
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', dataDir], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000
  })
  if (run.status !== 0) throw new Error(`ledger-start child failed: ${run.stderr}`)
  return JSON.parse(run.stdout.trim().split('\n').pop() as string) as ChildResult
}

/** In the child: start a live proxy on `dataDir` and report how long it took and what it added. */
async function child(dataDir: string): Promise<void> {
  const { startProxy } = await import('../src/proxy/server')
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined)
  gc()
  const before = process.memoryUsage()
  const started = performance.now()
  // Live mode needs a token; fake, but strong enough for the start-up check.
  const proxy = await startProxy({ falKey: 'bench-key', tokens: ['bench-token-7c2e9a4f1b8d36e05a9c2f7b4e1d8a63'], port: 0, dataDir, log: () => undefined })
  const startMs = performance.now() - started
  gc()
  const after = process.memoryUsage()
  await proxy.close()
  const mb = (n: number) => n / 1024 / 1024
  console.log(JSON.stringify({ startMs, rssDeltaMb: mb(after.rss - before.rss), heapDeltaMb: mb(after.heapUsed - before.heapUsed) }))
}

if (process.argv[2] === '--child' && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await child(process.argv[3] as string)
}
