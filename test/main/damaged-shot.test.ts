// A panel's shot comes back from stored records (the job record a section is remade from, the job a fill
// reads): anyone can edit plugin data, so a damaged shot reads as no shot, never an empty Shot label that
// Figma may refuse, and never copied into an image's provenance.
import { describe, expect, test } from 'vitest'

import type { JobPlan } from '../../src/messages'
import { makeImage } from '../host/helpers'
import { runMain } from '../host/run-main'

const damaged = [{}, 'Wide', { type: 'Dolly zoom' }, null] as unknown[]
const plan = {
  jobId: 'shots',
  endpoint: 'fal-ai/kling-image/o3/text-to-image',
  input: { prompt: 'Ink. Panel 1: a. Panel 2: b. Panel 3: c. Panel 4: d. Panel 5: e.', resolution: '1K', aspect_ratio: '16:9', result_type: 'series', series_amount: 5 },
  panels: [...damaged.map((shot, i) => ({ number: i + 1, shot })), { number: 5, shot: { type: 'Wide', lens: '24 mm' } }],
  nominalSize: { width: 1024, height: 576 },
  costUsd: 0.14,
  title: 'Ink',
  createdAt: '2026-11-27T12:00:00.000Z'
} as unknown as JobPlan

function shotLines(section: SectionNode): (string | undefined)[] {
  return [1, 2, 3, 4, 5].map((n) => {
    const panel = section.children.find((c) => c.getPluginData('keyframe.panel') === String(n)) as FrameNode
    return (panel.children.find((c) => c.name === 'Shot') as TextNode | undefined)?.characters
  })
}

describe('a damaged stored shot reads as no shot', () => {
  test('a section remade from a stored job: only the sound shot gets its line', async () => {
    const run = await runMain()
    const made = await run.call('ensureJobSection', { ...plan, sectionId: '404:1', requestId: 'req-shots' })
    expect(made.remade).toBe(true)
    const section = (await run.host.figma.getNodeByIdAsync(made.sectionId)) as SectionNode
    expect(shotLines(section)).toEqual([undefined, undefined, undefined, undefined, 'Wide · 24 mm'])
  })

  test("a filled image's provenance leaves a damaged shot out and keeps a sound one", async () => {
    const run = await runMain()
    const ref = { jobId: 'shots', ...(await run.call('startJob', plan)) }
    for (const number of [1, 5]) {
      await run.call('fillPanel', { ...ref, number, bytes: await makeImage(1024, 576), width: 1024, height: 576, sourceUrl: `u${number}` })
    }
    const section = (await run.host.figma.getNodeByIdAsync(ref.sectionId)) as SectionNode
    const provenance = (n: number) => JSON.parse((section.children.find((c) => c.getPluginData('keyframe.panel') === String(n)) as FrameNode).getPluginData('keyframe.provenance'))
    expect(provenance(1)).not.toHaveProperty('shot')
    expect(provenance(5).shot).toEqual({ type: 'Wide', lens: '24 mm' })
  })
})
