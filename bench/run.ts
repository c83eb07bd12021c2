// npm run bench: what Keyframe adds on top of the model, measured within one run (ratios and
// differences, since these machines are shared and noisy). Prints tables, writes bench/results.json.
// Names select tables (`node --import tsx bench/run.ts ledger-start`): only those run, and results.json
// is left alone. Each table's module is imported when it runs, so one table never loads another's code.
import { writeFileSync } from 'node:fs'

import { buildDefines } from '../src/manifest-hosts.js'

// The build compiles these constants in (esbuild `define`, as vitest.config.ts does for the tests); the
// bench runs the same sources under tsx, which has no defines, so it sets them as the build would.
for (const [name, value] of Object.entries(buildDefines(process.env))) {
  ;(globalThis as Record<string, unknown>)[name] = JSON.parse(value)
}

function table(title: string, rows: object[]): void {
  console.log(`\n${title}`)
  console.table(rows)
}

const results: Record<string, unknown> = { when: new Date().toISOString() }

const TABLES: { name: string; run: () => Promise<void> }[] = [
  {
    name: 'overhead',
    run: async () => {
      const { MODEL_LATENCY_MS, measureOverhead } = await import('./overhead')
      const overhead = await measureOverhead()
      table(`1. Overhead over a ${MODEL_LATENCY_MS} ms model (goal: < 250 ms for 9 panels at 2K, panels placed as they arrive)`, overhead)
      results.modelLatencyMs = MODEL_LATENCY_MS
      results.overhead = overhead
    }
  },
  {
    name: 'reference-bytes',
    run: async () => {
      const bytes = await (await import('./reference-bytes')).measureReferenceBytes()
      table('2. Reference bytes for four 1920×1080 photographic frames (goal: ≥ 5× fewer than naive, 0 on repeat)', bytes)
      results.referenceBytes = bytes
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
      results.proxy = { latency, memory }
    }
  },
  {
    name: 'bundle',
    run: async () => {
      const bundle = (await import('./bundle')).measureBundle()
      table('4a. Bundle (goal: UI < 200 kB, main < 40 kB minified)', bundle)
      const startup = await (await import('./startup')).measureStartup()
      table('4b. showUI → interactive panel in the playground (Chromium)', [startup])
      results.bundle = bundle
      results.startup = startup
    }
  },
  {
    name: 'placement',
    run: async () => {
      const placement = await (await import('./placement')).measurePlacement()
      table('5. Placement in the in-memory document (goal: flat time per panel)', placement)
      results.placement = placement
    }
  },
  {
    name: 'result-bytes',
    run: async () => {
      const resultBytes = await (await import('./result-bytes')).measureResultBytes()
      table('6. A 4K result sent from the UI to the main thread (goal: JPEG unless the image has alpha)', Array.isArray(resultBytes) ? resultBytes : [resultBytes])
      results.resultBytes = resultBytes
    }
  },
  {
    name: 'ledger-start',
    run: async () => {
      const ledgerStart = await (await import('./ledger-start')).measureLedgerStart()
      table('7. Proxy start-up vs ledger history (goal: start < 1 s, memory flat in history size)', ledgerStart)
      results.ledgerStart = ledgerStart
    }
  },
  {
    name: 'store-cost',
    run: async () => {
      const storeCost = await (await import('./store-cost')).measureStoreCost()
      table('8. The two stores side by side: submits/s through the proxy (offline, no latency, budget on) and spend.reserve latency', storeCost)
      results.storeCost = storeCost
    }
  }
]

const only = process.argv.slice(2)
const unknown = only.filter((name) => !TABLES.some((t) => t.name === name))
if (unknown.length > 0) {
  console.error(`Unknown bench table ${unknown.join(', ')}: choose from ${TABLES.map((t) => t.name).join(', ')}.`)
  process.exit(1)
}
for (const t of TABLES) if (only.length === 0 || only.includes(t.name)) await t.run()

if (only.length === 0) {
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`)
  console.log('\nWrote bench/results.json')
}
