// 1. What the plugin and proxy add on top of the model's own time: Generate → last panel filled, minus
// the offline service's fixed latency; and Generate → first panel filled.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { DEFAULT_SETTINGS, type FormSettings, toGenerationSettings } from '../src/ui/form/form-settings'
import { runJob } from '../src/ui/jobs/run-job'
import { startProxy } from '../src/proxy/server'
import { runBuiltPlugin } from './built-plugin'
import { nodeJobDeps } from './node-job-deps'
import { median, round } from './stats'

export const MODEL_LATENCY_MS = 2250
const RUNS = 3

interface Case {
  name: string
  settings: Partial<FormSettings>
}

const CASES: Case[] = [
  { name: 'O3 series of 9 at 2K', settings: { output: 'series', count: 9, resolution: '2K', prompt: nineBeats() } },
  { name: 'batch of 4 at 1K', settings: { output: 'variations', count: 4, resolution: '1K', prompt: 'A lighthouse in a storm, one warm window' } }
]

export interface OverheadResult {
  case: string
  overheadMs: number
  firstPanelMs: number
  lastPanelMs: number
}

export async function measureOverhead(): Promise<OverheadResult[]> {
  const proxy = await startProxy({ port: 0, offlineLatencyMs: MODEL_LATENCY_MS, dataDir: mkdtempSync(join(tmpdir(), 'keyframe-bench-')), log: () => {} })
  const results: OverheadResult[] = []
  try {
    for (const c of CASES) {
      const firsts: number[] = []
      const lasts: number[] = []
      for (let run = 0; run < RUNS; run++) {
        const plugin = runBuiltPlugin({ children: [] })
        const fills: number[] = []
        const main = new Proxy(plugin.main, {
          get: (target, method: keyof typeof plugin.main) =>
            method === 'fillPanel'
              ? async (image: never) => {
                  await target.fillPanel(image)
                  fills.push(performance.now())
                }
              : target[method]
        })
        const deps = nodeJobDeps(proxy.proxyUrl, main)
        const settings = toGenerationSettings({ ...DEFAULT_SETTINGS, ...c.settings }, '')
        let phase = ''
        let message = ''
        const started = performance.now()
        await runJob(deps, { jobId: crypto.randomUUID(), title: c.name, references: [], textLayers: [], settings }, {
          isCancelled: () => false,
          report: (u) => {
            phase = u.phase ?? phase
            message = u.message ?? message
          }
        })
        if (phase !== 'done') throw new Error(`${c.name} ended ${phase}: ${message}`)
        firsts.push(fills[0]! - started)
        lasts.push(fills.at(-1)! - started)
      }
      const last = median(lasts)
      results.push({ case: c.name, overheadMs: round(last - MODEL_LATENCY_MS), firstPanelMs: round(median(firsts)), lastPanelMs: round(last) })
    }
  } finally {
    await proxy.close()
  }
  return results
}

function nineBeats(): string {
  const beats = ['ferry docks', 'rain on the pier', 'market lights', 'a stranger', 'the chase', 'dead end', 'she turns', 'his face', 'dawn']
  return `Noir graphic novel style. ${beats.map((b, i) => `Panel ${i + 1}: ${b}.`).join(' ')}`
}
