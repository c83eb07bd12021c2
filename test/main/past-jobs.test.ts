// Past jobs after a reopen: the page's finished records, newest first and bounded, and "show" selecting what
// holds one and scrolling to it, refused (changing nothing) when it is gone, replaced or on another page.
import { describe, expect, test } from 'vitest'

import type { DocumentJson } from '../../src/host/figma'
import type { JobPlan } from '../../src/messages'
import { makeImage } from '../host/helpers'
import { type RunningPlugin, runMain } from '../host/run-main'

const ANA = { id: '1001', name: 'Ana' }

function plan(jobId: string, createdAt: string): JobPlan {
  return {
    jobId,
    endpoint: 'fal-ai/kling-image/v3/text-to-image',
    input: { prompt: `Harbour ${jobId}`, resolution: '1K', aspect_ratio: '16:9', num_images: 1 },
    panels: [{ number: 1 }],
    nominalSize: { width: 1024, height: 576 },
    costUsd: 0.028,
    title: `Harbour ${jobId}`,
    createdAt
  }
}

/** A job started, submitted, filled and finished, as the UI's runner leaves it. */
async function finished(run: RunningPlugin, jobId: string, createdAt: string): Promise<{ jobId: string; sectionId: string }> {
  const ref = { jobId, ...(await run.call('startJob', plan(jobId, createdAt))) }
  await run.call('recordSubmitted', { ...ref, requestId: `req-${jobId}` })
  await run.call('fillPanel', { ...ref, number: 1, bytes: await makeImage(1024, 576), width: 1024, height: 576, sourceUrl: 'u' })
  await run.call('finishJob', { ...ref, state: 'done', message: 'Placed 1 image.', toast: '' })
  return ref
}

const reopen = (run: RunningPlugin) => runMain({ host: run.host.join({ user: ANA }) })

describe('past jobs', () => {
  test('a reopened plugin lists the finished jobs newest first, without the unfinished ones, at most the limit', async () => {
    const run = await runMain({ user: ANA })
    await finished(run, 'old', '2026-11-26T10:00:00.000Z')
    await finished(run, 'new', '2026-11-26T12:00:00.000Z')
    await finished(run, 'mid', '2026-11-26T11:00:00.000Z')
    await run.call('startJob', plan('running', '2026-11-26T13:00:00.000Z'))

    const again = await reopen(run)
    const past = await again.call('pastJobs', {})
    expect(past.map((j) => [j.jobId, j.state, j.placed, j.title])).toEqual([
      ['new', 'done', 1, 'Harbour new'],
      ['mid', 'done', 1, 'Harbour mid'],
      ['old', 'done', 1, 'Harbour old']
    ])
    expect((await again.call('pastJobs', { limit: 2 })).map((j) => j.jobId)).toEqual(['new', 'mid'])
  })

  test('a duplicated section is not listed twice; a versions job is listed with its panel', async () => {
    const run = await runMain({ user: ANA })
    const ref = await finished(run, 'a', '2026-11-26T10:00:00.000Z')
    const original = (await run.host.figma.getNodeByIdAsync(ref.sectionId)) as SectionNode
    const copy = run.host.figma.createSection()
    copy.setPluginData('keyframe.job', original.getPluginData('keyframe.job'))
    const panel = original.children.find((n) => n.getPluginData('keyframe.panel') === '1')!
    const versions = { jobId: 'v', ...(await run.call('startJob', { ...plan('v', '2026-11-26T11:00:00.000Z'), target: { kind: 'versions', panelId: panel.id } })) }
    await run.call('finishJob', { ...versions, state: 'failed', message: 'No.', toast: '' })

    expect((await run.call('pastJobs', {})).map((j) => [j.jobId, j.sectionId, j.state])).toEqual([
      ['v', panel.id, 'failed'],
      ['a', ref.sectionId, 'done']
    ])
  })

  test('show selects the section and scrolls the canvas to it', async () => {
    const run = await runMain({ user: ANA })
    const first = await finished(run, 'a', '2026-11-26T10:00:00.000Z')
    await finished(run, 'b', '2026-11-26T11:00:00.000Z')
    const again = await reopen(run)
    const shown = again.host.viewportHistory.length
    await again.call('showJob', first)
    expect(again.host.figma.currentPage.selection.map((n) => n.id)).toEqual([first.sectionId])
    expect(again.host.viewportHistory.length).toBe(shown + 1)
  })

  test('show is refused, changing nothing, when the section was deleted, holds another job, or is on another page', async () => {
    const document: DocumentJson = { pages: [{ id: '0:1', name: 'Boards' }, { id: '0:2', name: 'Archive' }] }
    const run = await runMain({ user: ANA, document })
    const gone = await finished(run, 'gone', '2026-11-26T10:00:00.000Z')
    const moved = await finished(run, 'moved', '2026-11-26T11:00:00.000Z')
    const kept = await finished(run, 'kept', '2026-11-26T12:00:00.000Z')
    ;(await run.host.figma.getNodeByIdAsync(gone.sectionId))!.remove()
    const archive = run.host.figma.root.children[1]!
    await archive.loadAsync()
    archive.appendChild((await run.host.figma.getNodeByIdAsync(moved.sectionId)) as SectionNode)
    run.host.figma.currentPage.selection = []
    const shown = run.host.viewportHistory.length

    await expect(run.call('showJob', gone)).rejects.toThrow('What this job made was deleted from the file, so there is nothing to show.')
    await expect(run.call('showJob', { jobId: 'other', sectionId: kept.sectionId })).rejects.toThrow(
      `"Harbour kept" no longer holds this job's record, so Keyframe did not select it.`
    )
    await expect(run.call('showJob', moved)).rejects.toThrow('"Harbour moved" is on another page. Go to that page to see it.')
    expect(run.host.figma.currentPage.selection).toEqual([])
    expect(run.host.viewportHistory.length).toBe(shown)
    // Only this page's jobs are listed.
    expect((await run.call('pastJobs', {})).map((j) => j.jobId)).toEqual(['kept'])
  })
})
