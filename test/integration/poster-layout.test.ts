// A layout job through every real part but the browser: the images composed into copies of the layout, and
// a layout deleted before the images came skipped with a note in the job's card, the job still done.
import { afterEach, describe, expect, test } from 'vitest'

import type { DocumentJson } from '../../src/host/figma'
import { runJob } from '../../src/ui/jobs/run-job'
import { type Harness, jobRequest, recorder, startHarness } from './harness'

const document: DocumentJson = {
  children: [
    {
      type: 'FRAME', id: '5:1', name: 'Poster', x: 0, y: 0, width: 400, height: 600,
      children: [{ type: 'TEXT', id: '5:2', name: 'Title', x: 20, y: 30, characters: 'NIGHT FERRY', fontSize: 48 }]
    }
  ]
} as DocumentJson

let harness: Harness | undefined
afterEach(async () => {
  await harness?.stop()
  harness = undefined
})

const composedCopies = (h: Harness) => h.plugin.host.figma.currentPage.children.filter((n) => n.name.startsWith('Poster · composed')).map((n) => n.name)

describe('a layout job', () => {
  test('two variations: each composed into its own copy of the layout', async () => {
    harness = await startHarness({ document })
    const control = recorder('p1')
    await runJob(harness.deps, { ...jobRequest('p1', { output: 'variations', count: 2, model: 'o3' }), layout: { id: '5:1', name: 'Poster' } }, control)
    expect(control.last.phase, control.last.message).toBe('done')
    expect(composedCopies(harness)).toEqual(['Poster · composed', 'Poster · composed 2'])
  })

  test('the layout deleted meanwhile: the job is done, its card says the images were not composed', async () => {
    harness = await startHarness({ document })
    ;(await harness.plugin.host.figma.getNodeByIdAsync('5:1'))!.remove()
    const control = recorder('p2')
    await runJob(harness.deps, { ...jobRequest('p2', { model: 'o3' }), layout: { id: '5:1', name: 'Poster' } }, control)
    expect(control.last.phase).toBe('done')
    expect(control.last.message).toMatch(/^Placed 1 image.* The layout "Poster" was deleted, so image 1 was not composed into it; it is in the section\.$/)
    expect(composedCopies(harness)).toEqual([])
  })
})
