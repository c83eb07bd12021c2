// 5. Placing 9, 90 and 900 panels in the in-memory document through the built main thread: time per
// panel should stay flat as the section grows.
import sharp from 'sharp'

import type { JobPlan } from '../src/messages'
import { runBuiltPlugin } from './built-plugin'
import { round } from './stats'

export interface PlacementResult {
  panels: number
  msPerPanel: number
}

export async function measurePlacement(): Promise<PlacementResult[]> {
  const png = new Uint8Array(await sharp({ create: { width: 1024, height: 576, channels: 3, background: '#446688' } }).png().toBuffer())
  const results: PlacementResult[] = []
  for (const count of [9, 90, 900]) {
    const plugin = runBuiltPlugin({ children: [] })
    const plan: JobPlan = {
      jobId: `place-${count}`,
      endpoint: 'fal-ai/kling-image/o3/text-to-image',
      input: { prompt: 'bench', resolution: '1K', aspect_ratio: '16:9', num_images: count },
      panels: Array.from({ length: count }, (_, i) => ({ number: i + 1, caption: `Beat ${i + 1}` })),
      nominalSize: { width: 1024, height: 576 },
      costUsd: 0,
      title: `Placement ${count}`,
      createdAt: new Date().toISOString()
    }
    const started = performance.now()
    const { sectionId } = await plugin.main.startJob(plan)
    for (let n = 1; n <= count; n++) {
      await plugin.main.fillPanel({ jobId: plan.jobId, sectionId, number: n, bytes: png, width: 1024, height: 576, sourceUrl: 'bench' })
    }
    results.push({ panels: count, msPerPanel: round((performance.now() - started) / count, 2) })
  }
  return results
}
