// The main thread sends the selection again after a call that changes a selected panel or storyboard, and
// only then: filling each panel of a job would otherwise re-read the selected references (and export their
// thumbnails) once per image. Each snapshot carries a version that counts every send.
import { describe, expect, test } from 'vitest'

import type { JobPlan, SelectionSnapshot } from '../../src/messages'
import { makeImage } from '../host/helpers'
import { runMain } from '../host/run-main'

const plan: JobPlan = {
  jobId: 'a',
  endpoint: 'fal-ai/kling-image/o3/text-to-image',
  input: { prompt: 'Harbour at dusk', resolution: '1K', aspect_ratio: '16:9', num_images: 1 },
  panels: [{ number: 1 }],
  nominalSize: { width: 1024, height: 576 },
  costUsd: 0.028,
  title: 'Image · Harbour at dusk',
  createdAt: '2026-11-27T08:00:00.000Z'
}

describe('sending the selection again', () => {
  test('a job placed while references and text are selected sends nothing; a renumber with its storyboard selected does', async () => {
    const image = await makeImage(800, 600)
    const run = await runMain({
      document: {
        children: [
          { type: 'FRAME', id: '2:1', name: 'Harbour', x: 0, y: 0, width: 800, height: 600, fills: [{ type: 'IMAGE', image }] },
          { type: 'TEXT', id: '2:2', name: 'Beat', x: 0, y: 700, characters: 'Harbour at dusk' }
        ],
        selection: ['Harbour', 'Beat']
      }
    })
    const snapshot = async () => ((await run.next('SELECTION_CHANGED')) as [SelectionSnapshot])[0]
    let next = snapshot()
    run.emit('UI_READY')
    const first = (await next).version

    const ref = { jobId: 'a', ...(await run.call('startJob', plan)) }
    await run.call('recordSubmitted', { ...ref, requestId: 'req-a' })
    await run.call('fillPanel', { ...ref, number: 1, bytes: await makeImage(1024, 576), width: 1024, height: 576, sourceUrl: 'u' })
    await run.call('finishJob', { ...ref, state: 'done', message: '', toast: '' })
    // Asked for again: the one send in between is this one.
    next = snapshot()
    run.emit('UI_READY')
    expect((await next).version).toBe(first + 1)

    const section = (await run.host.figma.getNodeByIdAsync(ref.sectionId)) as SectionNode
    next = snapshot()
    run.host.figma.currentPage.selection = [section]
    const selected = await next
    expect(selected.storyboards.map((b) => b.id)).toEqual([section.id])
    next = snapshot()
    await run.call('renumberPanels', { sectionId: section.id })
    expect((await next).version).toBe(selected.version + 1)
  })
})
