// A panel's caption comes back from a stored record when a paid job's section is made again (the job record
// the UI resumes from): anyone can edit plugin data, so a caption that is not text is named in the section's
// summary and left in the record, its panel placed without one, and the other panels placed as usual.
import { describe, expect, test } from 'vitest'

import type { JobPlan } from '../../src/messages'
import { makeImage } from '../host/helpers'
import { runMain } from '../host/run-main'

const plan = {
  jobId: 'captions',
  endpoint: 'fal-ai/kling-image/o3/text-to-image',
  input: { prompt: 'Ink. Panel 1: a. Panel 2: b. Panel 3: c. Panel 4: d. Panel 5: e.', resolution: '1K', aspect_ratio: '16:9', result_type: 'series', series_amount: 5 },
  panels: [
    { number: 1, caption: 'Mara boards the ferry.' },
    { number: 2, caption: 42 },
    { number: 3, caption: { text: 'She looks back.' } },
    { number: 4, caption: null },
    { number: 5 }
  ],
  nominalSize: { width: 1024, height: 576 },
  costUsd: 0.14,
  title: 'Ink',
  createdAt: '2026-11-27T12:00:00.000Z'
} as unknown as JobPlan

const panelOf = (section: SectionNode, n: number) => section.children.find((c) => c.getPluginData('keyframe.panel') === String(n)) as FrameNode
const textOf = (frame: FrameNode, name: string) => (frame.children.find((c) => c.name === name) as TextNode | undefined)?.characters

describe('a damaged stored caption', () => {
  test('a section remade from a stored job: every panel placed, the damaged captions named and kept in the record', async () => {
    const run = await runMain()
    const made = await run.call('ensureJobSection', { ...plan, sectionId: '404:1', requestId: 'req-captions' })
    expect(made.remade).toBe(true)
    const section = (await run.host.figma.getNodeByIdAsync(made.sectionId)) as SectionNode
    expect([1, 2, 3, 4, 5].map((n) => textOf(panelOf(section, n), 'Caption'))).toEqual(['Mara boards the ferry.', undefined, undefined, undefined, undefined])
    const summary = textOf(section as unknown as FrameNode, 'Summary') ?? ''
    expect(summary.split('\n').slice(2)).toEqual([
      "Panel 2's caption in this job's record is a number, not text, so it is placed without one; the record keeps it as it was.",
      "Panel 3's caption in this job's record is an object, not text, so it is placed without one; the record keeps it as it was.",
      "Panel 4's caption in this job's record is empty (null), not text, so it is placed without one; the record keeps it as it was."
    ])
    // Left in place: the new section's record holds the captions as they were read.
    const record = JSON.parse(section.getPluginData('keyframe.job')) as JobPlan
    expect(record.panels.map((p) => p.caption)).toEqual(['Mara boards the ferry.', 42, { text: 'She looks back.' }, null, undefined])
    // The panel without its caption still takes its paid image.
    const ref = { jobId: 'captions', sectionId: made.sectionId }
    await run.call('fillPanel', { ...ref, number: 2, bytes: await makeImage(1024, 576), width: 1024, height: 576, sourceUrl: 'u2' })
    expect(textOf(panelOf(section, 2), 'Status')).toBeUndefined()
  })
})
