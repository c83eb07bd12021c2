// Regenerate and Variations through every real part but the browser: a series placed by the runner, then
// a panel's composed request run by the same runner (nothing exported or uploaded), and a versions job
// left running by a closed plugin picked up by the reopened one.
import { afterEach, beforeAll, expect, test } from 'vitest'

import type { DocumentJson } from '../../src/host/figma'
import { regenerateRequest } from '../../src/kling/regenerate'
import type { PanelSummary } from '../../src/messages'
import { resumeJob, runJob } from '../../src/ui/jobs/run-job'
import { requestOf } from '../../src/kling/request-of'
import { type Harness, maraDocument, maraSeries, panelSummaryOf, recorder, startHarness } from './harness'

let document: DocumentJson
beforeAll(async () => {
  document = await maraDocument()
})

let harness: Harness | undefined
afterEach(async () => {
  await harness?.stop()
  harness = undefined
})

test('Regenerate runs a composed request through the runner: no upload, one O3 single image, a new version', async () => {
  harness = await startHarness({ document })
  const panel = await maraSeries(harness)
  const before = await panelSummaryOf(harness.plugin, panel)
  const composed = regenerateRequest({ label: 'Panel 3', shown: before.shown }, 1)
  if (!composed.ok) throw new Error(composed.errors[0]!.message)
  const control = recorder('regen')
  await runJob(harness.deps, { jobId: 'regen', title: 'Panel 3', composed: composed.request, target: { kind: 'versions', panelId: panel.id } }, control)
  expect(control.last.phase, control.last.message).toBe('done')
  expect(control.phases).toEqual(['submitting', 'queued', 'generating', 'downloading', 'placing', 'done'])

  const requests = await harness.requests()
  expect(requests).toHaveLength(2)
  const sent = requests[1]!
  expect(sent.endpoint).toBe('fal-ai/kling-image/o3/text-to-image')
  expect(sent.input.prompt).toBe('Ink wash. @Element1 looks up at the bell tower.')
  expect(sent.input.num_images).toBe(1)
  expect(sent.input.result_type).not.toBe('series')
  expect(sent.input.elements).toEqual(requests[0]!.input.elements)

  const after = await panelSummaryOf(harness.plugin, panel)
  expect(after.versions).toEqual({ count: 2, current: 2 })
  expect(after.costUsd).toBe(0.056)
  expect(after.shown?.requestId).toBe(sent.request_id)
  // Only one section: the regenerate made none.
  expect(harness.plugin.host.figma.currentPage.children.filter((n) => n.type === 'SECTION')).toHaveLength(1)
})

test('a Variations job the closed plugin left running is finished by the reopened one, as versions of its panel', async () => {
  harness = await startHarness({ document })
  const panel = await maraSeries(harness)
  const composed = regenerateRequest({ label: 'Panel 3', shown: (await panelSummaryOf(harness.plugin, panel)).shown }, 2)
  if (!composed.ok) throw new Error(composed.errors[0]!.message)
  // The first plugin records and submits the job, then closes before following it.
  const { panels, nominalSize, costUsd } = composed.request
  const plan = { ...requestOf(composed.request), jobId: 'vars', panels, nominalSize, costUsd, title: 'Panel 3', createdAt: '2026-11-26T12:00:00.000Z', target: { kind: 'versions' as const, panelId: panel.id } }
  const { sectionId } = await harness.plugin.call('startJob', plan)
  expect(sectionId).toBe(panel.id)
  const answer = await harness.deps.fal.queue.submit(plan.endpoint, { input: plan.input as never, headers: { 'x-keyframe-job': 'vars' } })
  await harness.plugin.call('recordSubmitted', { jobId: 'vars', sectionId, requestId: answer.request_id })

  const reopened = await harness.join({ user: harness.plugin.host.figma.currentUser! })
  const { mine } = await reopened.plugin.call('pendingJobs')
  expect(mine.map((j) => [j.jobId, j.sectionId])).toEqual([['vars', panel.id]])
  const resumed = recorder('vars')
  await resumeJob(reopened.deps, mine[0]!, resumed)
  expect(resumed.last.phase, resumed.last.message).toBe('done')
  const reread = (await reopened.plugin.host.figma.getNodeByIdAsync(panel.id)) as FrameNode
  expect((await panelSummaryOf(reopened.plugin, reread)).versions).toEqual({ count: 3, current: 2 })
  expect((await reopened.plugin.call('pendingJobs')).mine).toEqual([])
})

test('a Regenerate cancelled while queued ends not charged, and the panel keeps its image and versions', async () => {
  harness = await startHarness({ document, latencyMs: 1500 })
  const panel = await maraSeries(harness)
  const before = await panelSummaryOf(harness.plugin, panel)
  const composed = regenerateRequest({ label: 'Panel 3', shown: before.shown }, 1)
  if (!composed.ok) throw new Error(composed.errors[0]!.message)
  const control = recorder('regen', 'queued')
  await runJob(harness.deps, { jobId: 'regen', title: 'Panel 3', composed: composed.request, target: { kind: 'versions', panelId: panel.id } }, control)
  expect(control.last.phase, control.last.message).toBe('cancelled')
  expect(control.last.notCharged).toBe(true)
  const after = await panelSummaryOf(harness.plugin, panel)
  expect(after.versions).toEqual(before.versions)
  expect(after.shown?.requestId).toBe(before.shown?.requestId)
  expect(after.running).toBeUndefined()
  expect(panel.removed).toBe(false)
  expect((await harness.plugin.call('pendingJobs')).mine).toEqual([])
})
