// 5. Placing 9, 90 and 900 panels in the in-memory document through the built main thread: time per
// panel should stay flat as the section grows. Two cases: images at the panel's nominal size (no panel
// changes size), and images of another size, as fal returns them (1024×572 for a 1024×576 panel, or a
// few pixels taller), where a filled panel can resize and the section re-lay out.

import { solidImage } from '../src/dev/solid-image'
import type { JobPlan } from '../src/messages'
import { runBuiltPlugin } from './built-plugin'
import { median, round } from './stats'

export const PANEL_COUNTS = [9, 90, 900] as const
const NOMINAL = { width: 1024, height: 576 }
/** Runs of each count in each case; interleaved, so a noisy spell hits every count alike. */
const RUNS = 5

export interface PlacementCase {
  id: 'nominal' | 'shorter' | 'taller'
  label: string
  image: { width: number; height: number }
}

export const CASES: PlacementCase[] = [
  { id: 'nominal', label: 'images at the nominal 1024×576', image: NOMINAL },
  { id: 'shorter', label: 'images of 1024×572 (as fal returns them)', image: { width: 1024, height: 572 } },
  // Taller than nominal: every panel needs more room than its row gives it, the case that re-lays out.
  { id: 'taller', label: 'images of 1024×580 (panels grow)', image: { width: 1024, height: 580 } }
]

export interface PlacementResult {
  case: PlacementCase['id']
  label: string
  panels: number
  msPerPanelMedian: number
  msPerPanelMax: number
  /** CPU time per panel (this process, user + system): the work itself, without the in-memory host's waits. */
  cpuMsPerPanelMedian: number
  runs: number
}

export async function measurePlacement(): Promise<PlacementResult[]> {
  const images = new Map<string, Uint8Array>()
  for (const c of CASES) {
    images.set(c.id, new Uint8Array(await solidImage(c.image.width, c.image.height, { color: '#446688' })))
  }
  const times = new Map<string, { ms: number; cpuMs: number }[]>()
  for (let run = 0; run < RUNS; run++) {
    for (const c of CASES) {
      for (const count of PANEL_COUNTS) {
        const key = `${c.id}-${count}`
        const measured = await placeOnce(c, count, images.get(c.id)!, run)
        times.set(key, [...(times.get(key) ?? []), measured])
      }
    }
  }
  return CASES.flatMap((c) =>
    PANEL_COUNTS.map((panels) => {
      const runs = times.get(`${c.id}-${panels}`)!
      const perPanel = runs.map((r) => r.ms)
      return {
        case: c.id,
        label: c.label,
        panels,
        msPerPanelMedian: round(median(perPanel), 3),
        msPerPanelMax: round(Math.max(...perPanel), 3),
        cpuMsPerPanelMedian: round(median(runs.map((r) => r.cpuMs)), 3),
        runs: runs.length
      }
    })
  )
}

function plan(jobId: string, count: number): JobPlan {
  return {
    jobId,
    endpoint: 'fal-ai/kling-image/o3/text-to-image',
    input: { prompt: 'bench', resolution: '1K', aspect_ratio: '16:9', num_images: count },
    panels: Array.from({ length: count }, (_, i) => ({ number: i + 1, caption: `Beat ${i + 1}` })),
    nominalSize: NOMINAL,
    costUsd: 0,
    title: `Placement ${count}`,
    createdAt: new Date().toISOString()
  }
}

async function fill(plugin: ReturnType<typeof runBuiltPlugin>, job: JobPlan, image: PlacementCase['image'], bytes: Uint8Array): Promise<void> {
  const { sectionId } = await plugin.main.startJob(job)
  for (let n = 1; n <= job.panels.length; n++) {
    await plugin.main.fillPanel({ jobId: job.jobId, sectionId, number: n, bytes, ...image, sourceUrl: 'bench' })
  }
}

/**
 * Milliseconds per panel, wall and CPU: the section created, then every panel filled in order, as results
 * arrive. Most of the wall time is the in-memory host delivering each message on a timer (a CPU profile of
 * 900 panels: ~70% idle), a fixed cost per panel that would hide growth in the work; CPU time shows it.
 */
async function placeOnce(c: PlacementCase, count: number, bytes: Uint8Array, run: number): Promise<{ ms: number; cpuMs: number }> {
  const plugin = runBuiltPlugin({ children: [] })
  // Warm the fresh sandbox's code first, so 9 panels are not timed cold (which would flatter the ratio).
  await fill(plugin, plan(`warm-${c.id}-${count}-${run}`, 90), c.image, bytes)
  const job = plan(`place-${c.id}-${count}-${run}`, count)
  const started = performance.now()
  const cpu = process.cpuUsage()
  await fill(plugin, job, c.image, bytes)
  const used = process.cpuUsage(cpu)
  return { ms: (performance.now() - started) / count, cpuMs: (used.user + used.system) / 1000 / count }
}
