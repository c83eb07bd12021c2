// Looks through every real part but the browser: a placed image, then three looks started as app.tsx starts
// them, each an O3 image-to-image job from the panel's one upload into its own captioned panel of a contact
// sheet. A look the composer refuses stops the whole click: nothing sent, nothing placed.
import { afterEach, expect, test } from 'vitest'

import { KEEP_FOR_LOOKS } from '../../src/kling/looks'
import { DEFAULT_TREATMENTS } from '../../src/kling/treatments'
import type { PanelSummary } from '../../src/messages'
import { JobBoard } from '../../src/ui/jobs/job-board'
import { runJob } from '../../src/ui/jobs/run-job'
import { startLooks } from '../../src/ui/jobs/run-looks'
import { panels } from '../helpers/page-snapshot'
import { type Harness, jobRequest, panelSummaryOf, recorder, sectionsOf, startHarness } from './harness'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.stop()
  harness = undefined
})

async function placedImage(h: Harness): Promise<PanelSummary> {
  const control = recorder('first')
  await runJob(h.deps, jobRequest('first'), control)
  expect(control.last.phase, control.last.message).toBe('done')
  const panel = h.plugin.host.figma.currentPage.findOne((n) => n.type === 'FRAME' && n.name === 'Image') as FrameNode
  return panelSummaryOf(h.plugin, panel)
}

const pick = (...names: string[]) => names.map((n) => DEFAULT_TREATMENTS.find((t) => t.name === n)!)

test('three looks: one upload, three O3 image-to-image requests, a sheet of three captioned images', async () => {
  harness = await startHarness({ document: { children: [] } })
  const source = await placedImage(harness)
  let uploads = 0
  const storage = harness.deps.fal.storage
  // A slow network: every look has its export in hand (and has missed the upload cache) before the first upload ends.
  const slowUpload = async (...a: Parameters<typeof storage.upload>) => {
    uploads++
    await new Promise((r) => setTimeout(r, 1500))
    return storage.upload(...a)
  }
  const deps = { ...harness.deps, fal: { queue: harness.deps.fal.queue, storage: Object.assign(Object.create(storage) as typeof storage, { upload: slowUpload }) } }
  const board = new JobBoard()
  const started = await startLooks(source, pick('Golden hour', 'Neon night', 'Noir'), deps, board)
  expect(started.ok).toBe(true)
  if (!started.ok) return
  await started.finished
  expect(uploads).toBe(1)
  // One notification for the sheet, once its last look has ended, not one per look.
  expect(harness.plugin.host.notices.map((n) => n.message)).toEqual(['Placed 1 image · $0.028', 'Placed 3 looks'])

  const sent = (await harness.requests()).slice(1)
  expect(sent.map((r) => r.endpoint)).toEqual(Array(3).fill('fal-ai/kling-image/o3/image-to-image'))
  expect(new Set(sent.map((r) => (r.input.image_urls as string[])[0])).size).toBe(1)
  for (const [i, t] of pick('Golden hour', 'Neon night', 'Noir').entries()) {
    expect(sent[i]!.input.prompt).toBe(`${KEEP_FOR_LOOKS} ${String(source.shown!.input.prompt).replace(/\.?$/, '.')} Lit as: ${t.phrase}.`)
  }
  const sheet = sectionsOf(harness).find((s) => s.id === started.sectionId)!
  expect(sheet.name).toMatch(/^Looks · /)
  const placed = panels(sheet)
  expect(placed.map((p) => p.caption)).toEqual(['Golden hour', 'Neon night', 'Noir'])
  for (const p of placed) {
    expect(p.status).toBeUndefined()
    expect(p.image.images).toHaveLength(1)
  }
})

test('a look the composer refuses stops the click: nothing sent, no sheet placed, the designer told why', async () => {
  harness = await startHarness({ document: { children: [] } })
  const source = await placedImage(harness)
  const before = sectionsOf(harness).length
  const wordy = { name: 'Wordy', phrase: 'warm light '.repeat(290) }
  const started = await startLooks(source, [...pick('Noir'), wordy], harness.deps, new JobBoard())
  expect(started).toMatchObject({ ok: false, message: expect.stringMatching(/^Wordy: /) })
  expect(await harness.requests()).toHaveLength(1)
  expect(sectionsOf(harness)).toHaveLength(before)
})

test('a failed shared upload fails every look with the same reason, said once; the next click uploads afresh', async () => {
  harness = await startHarness({ document: { children: [] } })
  const source = await placedImage(harness)
  harness.plugin.host.notices.length = 0
  await harness.setFaults({ initiate: { status: 400 } })
  const board = new JobBoard()
  const started = await startLooks(source, pick('Golden hour', 'Neon night', 'Noir'), harness.deps, board)
  if (!started.ok) throw new Error(started.message)
  await started.finished
  const cards = board.list().filter((j) => started.jobIds.includes(j.jobId))
  expect(cards.map((c) => c.phase)).toEqual(['failed', 'failed', 'failed'])
  expect(new Set(cards.map((c) => c.message)).size).toBe(1)
  expect(harness.plugin.host.notices).toHaveLength(1)
  expect(harness.plugin.host.notices[0]).toMatchObject({ message: 'No looks placed; Golden hour, Neon night and Noir failed (Not sent: Bad Request (HTTP 400))', error: true })
  expect(await harness.requests()).toHaveLength(1)
  // Nothing was sent, so nothing is coming: the sheet's waiting panels go, and the emptied sheet with them.
  expect(sectionsOf(harness).find((s) => s.id === started.sectionId)).toBeUndefined()

  await harness.setFaults({})
  harness.plugin.host.notices.length = 0
  const again = await startLooks(source, pick('Noir'), harness.deps, board)
  if (!again.ok) throw new Error(again.message)
  await again.finished
  expect(harness.plugin.host.notices.map((n) => n.message)).toEqual(['Placed 1 look'])
})
