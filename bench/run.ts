// npm run bench: what Keyframe adds on top of the model, measured within one run (ratios and
// differences, since these machines are shared and noisy). Prints tables, writes bench/results.json.
import { writeFileSync } from 'node:fs'

import { measureBundle } from './bundle'
import { MODEL_LATENCY_MS, measureOverhead } from './overhead'
import { measurePlacement } from './placement'
import { measureProxyLatency, measureProxyMemory } from './proxy-cost'
import { measureReferenceBytes } from './reference-bytes'
import { measureResultBytes } from './result-bytes'
import { measureStartup } from './startup'

function table(title: string, rows: object[]): void {
  console.log(`\n${title}`)
  console.table(rows)
}

const results: Record<string, unknown> = { when: new Date().toISOString(), modelLatencyMs: MODEL_LATENCY_MS }

const overhead = await measureOverhead()
table(`1. Overhead over a ${MODEL_LATENCY_MS} ms model (goal: < 250 ms for 9 panels at 2K, panels placed as they arrive)`, overhead)
results.overhead = overhead

const bytes = await measureReferenceBytes()
table('2. Reference bytes for four 1920×1080 photographic frames (goal: ≥ 5× fewer than naive, 0 on repeat)', bytes)
results.referenceBytes = bytes

const latency = await measureProxyLatency()
table('3a. Status polls through the proxy vs the offline service directly (goal: < 2 ms added at p50)', [latency])
const memory = await measureProxyMemory()
table('3b. Proxy memory while 20 uploads pass through (goal: no growth with upload size)', memory)
results.proxy = { latency, memory }

const bundle = measureBundle()
table('4a. Bundle (goal: UI < 200 kB, main < 40 kB minified)', bundle)
const startup = await measureStartup()
table('4b. showUI → interactive panel in the playground (Chromium)', [startup])
results.bundle = bundle
results.startup = startup

const placement = await measurePlacement()
table('5. Placement in the in-memory document (goal: flat time per panel)', placement)
results.placement = placement

const resultBytes = await measureResultBytes()
table('6. A 4K result sent from the UI to the main thread (goal: JPEG unless the image has alpha)', Array.isArray(resultBytes) ? resultBytes : [resultBytes])
results.resultBytes = resultBytes

writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`)
console.log('\nWrote bench/results.json')
