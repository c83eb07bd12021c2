// npm run bench: what Keyframe adds on top of the model, measured within one run against baselines measured
// in the same run (ratios and medians, since these machines are shared and noisy). Every table prints its
// rows and returns its figures (bench/figures.ts): bench/results.json keeps them, and the README's
// performance table is written from them (bench/readme-table.ts).
// Names select tables (`node --import tsx bench/run.ts ledger-start`): only those run, and their figures
// replace theirs in results.json. `--check` exits non-zero when a goal is missed, naming it. Each table's
// module is imported when it runs, so one table never loads another's code.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

import { buildDefines } from '../src/manifest-hosts.js'
import { checkIds, type Figure, type JudgedFigure, judge } from './figures'
import { withTable } from './readme-table'

// The build compiles these constants in (esbuild `define`, as vitest.config.ts does for the tests); the
// bench runs the same sources under tsx, which has no defines, so it sets them as the build would.
for (const [name, value] of Object.entries(buildDefines(process.env))) {
  ;(globalThis as Record<string, unknown>)[name] = JSON.parse(value)
}

function table(title: string, rows: object[]): void {
  console.log(`\n${title}`)
  console.table(rows)
}

const TABLES: { name: string; run: () => Promise<Figure[]> }[] = [
  {
    name: 'overhead',
    run: async () => {
      const { MODEL_LATENCY_MS, measureOverhead } = await import('./overhead')
      const overhead = await measureOverhead()
      table(`1. Overhead over a ${MODEL_LATENCY_MS} ms model (goal: < 250 ms for 9 panels at 2K, panels placed as they arrive)`, overhead)
      return overhead.map((row, i) => ({
        id: `overhead-${i === 0 ? 'series-9-2k' : 'batch-4-1k'}`,
        table: 'overhead',
        name: `Overhead over the model, ${row.case} (Generate → last panel filled, minus the model's time; Node, in-memory host)`,
        unit: 'ms' as const,
        measured: row.overheadMs,
        ...(i === 0 ? { goal: { atMost: 250 } } : {})
      }))
    }
  },
  {
    name: 'reference-bytes',
    run: async () => {
      const bytes = await (await import('./reference-bytes')).measureReferenceBytes()
      table('2. Reference bytes for four 1920×1080 photographic frames (goal: ≥ 5× fewer than naive, 0 on repeat)', bytes)
      return bytes.flatMap((row) => [
        {
          id: `reference-bytes-${row.resolution.toLowerCase()}`,
          table: 'reference-bytes',
          name: `Reference bytes at ${row.resolution}, four 1920×1080 photographic frames, first generation`,
          unit: 'bytes' as const,
          measured: row.firstBytes,
          baseline: { name: 'each frame as a 2x PNG in base64', value: row.naiveBytes },
          goal: { atMost: row.naiveBytes / 5 }
        },
        {
          id: `reference-bytes-${row.resolution.toLowerCase()}-repeat`,
          table: 'reference-bytes',
          name: `Reference bytes at ${row.resolution}, the same frames again`,
          unit: 'bytes' as const,
          measured: row.repeatBytes,
          goal: { atMost: 0 }
        }
      ])
    }
  },
  {
    name: 'proxy-cost',
    run: async () => {
      const { measureProxyLatency, measureOfflineUploadMemory, measureLiveUploadMemory } = await import('./proxy-cost')
      const latency = await measureProxyLatency()
      const PASS = 'a bare node:http pass-through to the same service'
      const latencyRows = [
        { via: PASS, pollP50: latency.passThrough.poll.p50, pollP99: latency.passThrough.poll.p99, submitP50: latency.passThrough.submit.p50, submitP99: latency.passThrough.submit.p99 },
        { via: 'the same forward in Hono + fetch, no checks (breakdown)', pollP50: latency.honoFetch.poll.p50, pollP99: latency.honoFetch.poll.p99, submitP50: latency.honoFetch.submit.p50, submitP99: latency.honoFetch.submit.p99 },
        ...latency.keyframe.map((k) => ({ via: `Keyframe, ${k.store} store`, pollP50: k.poll.p50, pollP99: k.poll.p99, submitP50: k.submit.p50, submitP99: k.submit.p99 }))
      ]
      table(
        `3a. Latency added over the offline service called directly (direct p50: poll ${latency.directP50Ms.poll} ms, submit ${latency.directP50Ms.submit} ms), ms; goals: polls ≤ 1.5× the pass-through's at p50, submits ≤ 3 ms at p50`,
        latencyRows
      )
      if (latency.postgresSkipped) console.log(`PostgreSQL skipped: ${latency.postgresSkipped}`)
      const memory = [...(await measureOfflineUploadMemory()), ...(await measureLiveUploadMemory())]
      table('3b. Proxy memory while 20 uploads pass through (goal: no growth with upload size)', memory)
      const rounds = `${latency.polls} polls, ${latency.submits} submits, each round to every route in turn, after 50 warm-up rounds`
      const latencyFigures: Figure[] = latency.keyframe.flatMap((k) => [
        {
          id: `proxy-poll-added-ratio-${k.store}`,
          table: 'proxy-cost',
          name: `Status poll: latency Keyframe's proxy (${k.store} store) adds at p50, as a multiple of what ${PASS} adds`,
          unit: 'ratio' as const,
          measured: round2(k.poll.p50 / latency.passThrough.poll.p50),
          baseline: { name: `${PASS} (its added p50 = 1×)`, value: 1 },
          goal: { atMost: 1.5 },
          note: `Keyframe +${k.poll.p50} ms, pass-through +${latency.passThrough.poll.p50} ms; the bare forward on Keyframe's stack (Hono's Node adapter, fetch), no checks: +${latency.honoFetch.poll.p50} ms`
        },
        {
          id: `proxy-poll-added-p99-${k.store}`,
          table: 'proxy-cost',
          name: `Status poll: latency Keyframe's proxy (${k.store} store) adds, p99`,
          unit: 'ms' as const,
          measured: k.poll.p99,
          baseline: { name: `${PASS}, p99`, value: latency.passThrough.poll.p99 },
          note: `reported only; ${rounds}`
        },
        {
          id: `proxy-submit-added-p50-${k.store}`,
          table: 'proxy-cost',
          name: `Submit (validated, priced, reserved, job id remembered; budget on): latency Keyframe's proxy (${k.store} store) adds, p50`,
          unit: 'ms' as const,
          measured: k.submit.p50,
          baseline: { name: `${PASS}, p50`, value: latency.passThrough.submit.p50 },
          goal: { atMost: 3 }
        },
        {
          id: `proxy-submit-added-p99-${k.store}`,
          table: 'proxy-cost',
          name: `Submit: latency Keyframe's proxy (${k.store} store) adds, p99`,
          unit: 'ms' as const,
          measured: k.submit.p99,
          baseline: { name: `${PASS}, p99`, value: latency.passThrough.submit.p99 },
          note: 'reported only'
        }
      ])
      const memoryFigures: Figure[] = memory.map((row) => {
        const small = memory.find((m) => m.mode === row.mode && m.uploadMb === 1)!
        const upload = row.mode === 'live' ? 'streamed on to fal\'s storage (a fake in the bench)' : 'kept in its own store'
        return {
          id: `proxy-upload-memory-${row.mode}-${row.uploadMb}mb`,
          table: 'proxy-cost',
          name: `Proxy memory growth while ${row.uploads} uploads of ${row.uploadMb} MB pass through, ${row.mode} mode (${upload})`,
          unit: 'MB' as const,
          measured: row.growthMb,
          // No growth with upload size: ten times larger uploads may not hold even one more upload in memory.
          ...(row === small
            ? { note: 'the baseline for the 10 MB row' }
            : { baseline: { name: `the same with 1 MB uploads`, value: small.growthMb }, goal: { atMost: round2(small.growthMb + row.uploadMb) }, note: 'goal: less than one more upload held than with 1 MB' })
        }
      })
      return [...latencyFigures, ...memoryFigures]
    }
  },
  {
    name: 'bundle',
    run: async () => {
      const bundle = (await import('./bundle')).measureBundle()
      table('4a. Bundle (goal: UI < 200 kB, main < 40 kB minified)', bundle)
      const startup = await (await import('./startup')).measureStartup()
      table('4b. showUI → interactive panel in the playground (Chromium)', [startup])
      return [
        ...bundle.map((row) => ({
          id: `bundle-${row.file.replace(/^build\//, '').replace(/\.js$/, '')}`,
          table: 'bundle',
          name: `${row.file}, minified (${(row.gzippedBytes / 1000).toFixed(0)} kB gzipped)`,
          unit: 'bytes' as const,
          measured: row.minifiedBytes,
          goal: { atMost: row.goalBytes }
        })),
        ...('skipped' in startup
          ? []
          : [
              {
                id: 'open-to-interactive',
                table: 'bundle',
                name: `Open the plugin → interactive panel (playground, Chromium), median of ${startup.runs}`,
                unit: 'ms' as const,
                measured: startup.openToInteractiveMsMedian,
                note: 'reported only'
              }
            ])
      ]
    }
  },
  {
    name: 'placement',
    run: async () => {
      const placement = await (await import('./placement')).measurePlacement()
      table('5. Placement in the in-memory document (goal: flat time per panel)', placement)
      const first = placement[0]
      return placement.map((row) => ({
        id: `placement-${row.panels}`,
        table: 'placement',
        name: `Placing ${row.panels} panels, time per panel (in-memory document)`,
        unit: 'ms' as const,
        measured: row.msPerPanel,
        ...(first && row !== first ? { baseline: { name: `per panel at ${first.panels}`, value: first.msPerPanel }, goal: { atMost: round2(first.msPerPanel * 1.5) } } : {})
      }))
    }
  },
  {
    name: 'result-bytes',
    run: async () => {
      const resultBytes = await (await import('./result-bytes')).measureResultBytes()
      table('6. A 4K result sent from the UI to the main thread (goal: JPEG unless the image has alpha)', Array.isArray(resultBytes) ? resultBytes : [resultBytes])
      if (!Array.isArray(resultBytes)) return []
      return resultBytes.map((row, i) => ({
        id: `result-bytes-${i}`,
        table: 'result-bytes',
        name: `${row.result}, sent to the main thread as ${row.sentAs}`,
        unit: 'bytes' as const,
        measured: row.sentBytes,
        baseline: { name: 'the same image as PNG', value: row.pngBytes },
        goal: { atMost: row.pngBytes }
      }))
    }
  },
  {
    name: 'ledger-start',
    run: async () => {
      const ledgerStart = await (await import('./ledger-start')).measureLedgerStart()
      table('7. Proxy start-up vs ledger history (goal: start < 1 s, memory flat in history size)', ledgerStart)
      return ledgerStart.map((row) => ({
        id: `ledger-start-${row.historyEntries}`,
        table: 'ledger-start',
        name: `Proxy start-up with ${row.historyEntries.toLocaleString('en')} ledger entries of history (median)`,
        unit: 'ms' as const,
        measured: row.startMsMedian,
        goal: { atMost: 1000 }
      }))
    }
  },
  {
    name: 'store-cost',
    run: async () => {
      const cost = await (await import('./store-cost')).measureStoreCost()
      const measured = cost.rows.flatMap((row) => ('skipped' in row ? [] : [row]))
      table(
        `8. The two stores side by side: submits/s through the proxy (offline, no latency, budget on; without budget or job id: ${cost.ungatedSubmitsPerSecond}/s) and spend.reserve latency (in a Map: p50 ${cost.memoryReserve.reserveP50Ms} ms)`,
        measured.map(({ steps: _, ...row }) => row)
      )
      table("8b. Where a submit's store time goes: each store call of a submit's round, timed alone, p50 ms", measured.map((row) => ({ store: row.store, ...row.steps })))
      for (const row of cost.rows) if ('skipped' in row) console.log(`PostgreSQL skipped: ${row.skipped}`)
      const files = measured.find((row) => row.store === 'files')
      const UNGATED = 'the same proxy on the file store without budget or job id'
      const MEMORY = 'the same checks and booking in a Map'
      return measured.flatMap((row): Figure[] => {
        const steps = Object.entries(row.steps)
          .map(([step, ms]) => `${step} ${ms}`)
          .join(', ')
        const versus = row.store === 'postgres' && files
        return [
          {
            id: `store-${row.store}-submits-per-second`,
            table: 'store-cost',
            name: `Submits per second through the proxy on the ${row.store} store (offline, no latency, budget on, a job id each, 8 at a time)`,
            unit: 'per second',
            measured: row.submitsPerSecond,
            baseline: versus ? { name: 'the file store', value: files.submitsPerSecond } : { name: UNGATED, value: cost.ungatedSubmitsPerSecond },
            // A designer submits a few times a minute: 50/s answers a hundred designers who all click at once within 2 s.
            goal: { atLeast: 50 },
            note: `store calls per submit, p50 ms: ${steps}`
          },
          {
            id: `store-${row.store}-reserve-p50`,
            table: 'store-cost',
            name: `Budget check (spend.reserve) on the ${row.store} store, p50`,
            unit: 'ms',
            measured: row.reserveP50Ms,
            baseline: versus ? { name: 'the file store, p50', value: files.reserveP50Ms } : { name: `${MEMORY}, p50`, value: cost.memoryReserve.reserveP50Ms },
            // A submit may add 3 ms at p50 (proxy-cost), and makes five other store calls and an HTTP hop besides.
            goal: { atMost: 1 }
          },
          {
            id: `store-${row.store}-reserve-p99`,
            table: 'store-cost',
            name: `Budget check (spend.reserve) on the ${row.store} store, p99`,
            unit: 'ms',
            measured: row.reserveP99Ms,
            baseline: versus ? { name: 'the file store, p99', value: files.reserveP99Ms } : { name: `${MEMORY}, p99`, value: cost.memoryReserve.reserveP99Ms },
            note: 'reported only: a p99 of one run on a shared machine'
          }
        ]
      })
    }
  }
]

function round2(n: number): number {
  return Math.round(n * 100) / 100
}

const args = process.argv.slice(2)
const check = args.includes('--check')
const only = args.filter((a) => !a.startsWith('--'))
const unknown = only.filter((name) => !TABLES.some((t) => t.name === name))
if (unknown.length > 0) {
  console.error(`Unknown bench table ${unknown.join(', ')}: choose from ${TABLES.map((t) => t.name).join(', ')}.`)
  process.exit(1)
}

const RESULTS = new URL('./results.json', import.meta.url)
const README = new URL('../README.md', import.meta.url)
interface Results {
  when: string
  figures: JudgedFigure[]
}
const earlier: Results = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Results) : { when: '', figures: [] }

const ran = TABLES.filter((t) => only.length === 0 || only.includes(t.name))
const measured: JudgedFigure[] = []
for (const t of ran) {
  const figures: Figure[] = await t.run()
  for (const f of figures) if (f.table !== t.name) throw new Error(`Figure ${f.id} names table ${f.table}, but table ${t.name} made it.`)
  measured.push(...figures.map(judge))
}
checkIds(measured)

// A named run replaces only its tables' figures; a full run replaces them all, in the tables' order.
const ranNames = new Set(ran.map((t) => t.name))
const kept = (Array.isArray(earlier.figures) ? earlier.figures : []).filter((f) => !ranNames.has(f.table))
const order = TABLES.map((t) => t.name)
const figures = [...kept, ...measured].sort((a, b) => order.indexOf(a.table) - order.indexOf(b.table))
writeFileSync(RESULTS, `${JSON.stringify({ when: new Date().toISOString(), figures }, null, 2)}\n`)
writeFileSync(README, withTable(readFileSync(README, 'utf8'), figures))
console.log('\nWrote bench/results.json and the README\'s performance table')

if (check) {
  const missed = measured.filter((f) => f.met === false)
  if (missed.length > 0) {
    console.error(`\n${missed.length} goal${missed.length === 1 ? '' : 's'} missed:`)
    for (const f of missed) console.error(`- ${f.id}: ${f.name}: ${f.measured} ${f.unit}, goal ${JSON.stringify(f.goal)}`)
    process.exit(1)
  }
  console.log(`\nEvery goal met (${measured.filter((f) => f.met).length} figures with goals).`)
}
