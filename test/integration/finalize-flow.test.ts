// Finalize through every real part but the browser: a series placed by the runner, then panel 3's shown image
// exported and uploaded inside its job and remade at 2K as O3 image-to-image, its element kept, the result
// a new version marked final. A request the composer refuses ends before anything is sent.
import { afterEach, beforeAll, expect, test } from 'vitest'

import type { DocumentJson } from '../../src/host/figma'
import { finalizeRequest, KEEP_FOR_FINALIZE } from '../../src/kling/from-panel-image'
import { regenerateRequest } from '../../src/kling/regenerate'
import { namedTokens } from '../../src/kling/tokens'
import type { PanelSummary, ReferenceSummary } from '../../src/messages'
import { type PanelImageJobRequest, runJob } from '../../src/ui/jobs/run-job'
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

/** The job app.tsx starts for Finalize, from the panel's summary and its image as Use as reference reads it. */
function finalizeJob(panel: PanelSummary, image: ReferenceSummary, jobId: string): PanelImageJobRequest {
  const source = { label: panel.name, shown: panel.shown, referenceNames: panel.referenceNames }
  return {
    jobId,
    title: `${panel.name} · final 2K`,
    image: { id: image.id, name: image.name, role: 'image' },
    maxSide: 2048,
    compose: (url) => {
      const built = finalizeRequest(source, { url, width: image.width, height: image.height }, '2K')
      return built.ok ? built : { ok: false, message: built.errors.map((e) => `${e.message} ${e.fix}`).join(' ') }
    },
    target: { kind: 'versions', panelId: panel.id, final: true }
  }
}

test("Finalize uploads the panel's shown image in its job and remakes it at 2K as a final version, its element kept", async () => {
  harness = await startHarness({ document })
  const panel = await maraSeries(harness)
  const before = await panelSummaryOf(harness.plugin, panel)
  const image = await harness.plugin.call('panelReference', { panelId: panel.id })
  const control = recorder('final')
  await runJob(harness.deps, finalizeJob(before, image, 'final'), control)
  expect(control.last.phase, control.last.message).toBe('done')
  expect(control.phases).toEqual(['exporting', 'uploading', 'submitting', 'queued', 'generating', 'downloading', 'placing', 'done'])

  const requests = await harness.requests()
  expect(requests).toHaveLength(2)
  const sent = requests[1]!
  expect(sent.endpoint).toBe('fal-ai/kling-image/o3/image-to-image')
  expect(sent.input).toMatchObject({ resolution: '2K', aspect_ratio: requests[0]!.input.aspect_ratio, num_images: 1, elements: requests[0]!.input.elements })
  expect(sent.input.prompt).toBe(`${KEEP_FOR_FINALIZE} Ink wash. @Element1 looks up at the bell tower.`)
  expect(sent.input.image_urls).toHaveLength(1)

  const after = await panelSummaryOf(harness.plugin, panel)
  expect(after.versions).toEqual({ count: 2, current: 2 })
  expect(after.final).toMatchObject({ resolution: '2K' })
  expect(after.shown?.requestId).toBe(sent.request_id)
  // Its names follow the request it made: the panel's image first, so Edit prompt reads `@Mara` where it was.
  expect(after.referenceNames).toEqual([{ name: 'Panel 3 image', role: 'image' }, ...(before.referenceNames ?? [])])
  expect(namedTokens(String(sent.input.prompt), after.referenceNames ?? [])).toContain('@Mara looks up at the bell tower.')
  // Regenerate on the final version sends the same request again, and its version is final too (as app.tsx runs it).
  const again = regenerateRequest({ label: after.name, shown: after.shown, referenceNames: after.referenceNames, final: after.final !== undefined }, 1)
  if (!again.ok) throw new Error(again.errors[0]?.message)
  expect(again.request.input).toMatchObject({ prompt: sent.input.prompt, image_urls: sent.input.image_urls, elements: sent.input.elements, resolution: '2K' })
  const control2 = recorder('final-again')
  await runJob(harness.deps, { jobId: 'final-again', title: `${after.name} · new version`, composed: again.request, target: { kind: 'versions', panelId: panel.id, ...(again.final && { final: true }) } }, control2)
  expect(control2.last.phase, control2.last.message).toBe('done')
  const remade = await panelSummaryOf(harness.plugin, panel)
  expect(remade.versions).toEqual({ count: 3, current: 3 })
  expect(remade.final).toMatchObject({ resolution: '2K' })
  expect(remade.final?.imageUrl).not.toBe(after.final?.imageUrl)
  // Still named as a final's request bound them: the panel's image first.
  expect(remade.referenceNames).toEqual(after.referenceNames)
})

test('a Finalize the composer refuses ends before anything is sent, and leaves the panel as it was', async () => {
  harness = await startHarness({ document })
  const panel = await maraSeries(harness)
  const before = await panelSummaryOf(harness.plugin, panel)
  const image = await harness.plugin.call('panelReference', { panelId: panel.id })
  const refused: PanelImageJobRequest = { ...finalizeJob(before, image, 'refused'), compose: () => ({ ok: false, message: 'Panel 3 cannot be finalized. Try again.' }) }
  const control = recorder('refused')
  await runJob(harness.deps, refused, control)
  expect(control.last.phase).toBe('failed')
  expect(control.last.message).toContain('Panel 3 cannot be finalized. Try again.')
  expect(control.last.notCharged).toBe(true)
  expect(await harness.requests()).toHaveLength(1)
  const after = await panelSummaryOf(harness.plugin, panel)
  expect(after.versions).toEqual({ count: 1, current: 1 })
  expect(after.final).toBeUndefined()
})
