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
      const overhead = await (await import('./overhead')).measureOverhead()
      if ('skipped' in overhead) {
        console.log(`\n1. Overhead skipped: ${overhead.skipped}`)
        return []
      }
      table('1. Overhead where the designer feels it (playground, Chromium, built plugin): medians against baselines from the same run', overhead.map((f) => ({ figure: f.id, ms: f.measured, baseline: f.baseline?.value, goal: f.goal && ('atMost' in f.goal ? `≤ ${f.goal.atMost}` : `≥ ${f.goal.atLeast}`) })))
      for (const f of overhead) console.log(`- ${f.id}: ${f.note ?? ''}`)
      return overhead
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
      const { measureProxyLatency, measureProxyMemory } = await import('./proxy-cost')
      const latency = await measureProxyLatency()
      table('3a. Status polls through the proxy vs the offline service directly (goal: < 2 ms added at p50)', [latency])
      const memory = await measureProxyMemory()
      table('3b. Proxy memory while 20 uploads pass through (goal: no growth with upload size)', memory)
      return [
        {
          id: 'proxy-status-poll-added-p50',
          table: 'proxy-cost',
          name: 'Status poll latency the proxy adds, p50 (live mode to the offline service as "fal")',
          unit: 'ms',
          measured: latency.addedP50Ms,
          baseline: { name: 'the offline service directly, p50', value: latency.directP50Ms },
          goal: { atMost: 2 }
        },
        ...memory.map((row) => ({
          id: `proxy-upload-memory-${row.uploadMb}mb`,
          table: 'proxy-cost',
          name: `Proxy memory growth while ${row.uploads} uploads of ${row.uploadMb} MB pass through (offline mode)`,
          unit: 'MB' as const,
          measured: row.growthMb,
          note: 'reported only: noisy between runs'
        }))
      ]
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
      const storeCost = await (await import('./store-cost')).measureStoreCost()
      table('8. The two stores side by side: submits/s through the proxy (offline, no latency, budget on) and spend.reserve latency', storeCost)
      return storeCost.flatMap((row) =>
        'skipped' in row
          ? []
          : [
              {
                id: `store-${row.store}-submits-per-second`,
                table: 'store-cost',
                name: `Submits per second through the proxy on the ${row.store} store (offline, no latency, budget on)`,
                unit: 'per second' as const,
                measured: row.submitsPerSecond,
                note: 'reported only'
              },
              {
                id: `store-${row.store}-reserve-p50`,
                table: 'store-cost',
                name: `Budget check (spend.reserve) on the ${row.store} store, p50 (p99 ${row.reserveP99Ms} ms)`,
                unit: 'ms' as const,
                measured: row.reserveP50Ms,
                note: 'reported only'
              }
            ]
      )
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
