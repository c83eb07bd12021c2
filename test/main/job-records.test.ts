// The main thread's job records against the in-memory document: each on its own section, found again by
// searching sections, addressed by section and job id, and changed only by the person who started the job.
import { describe, expect, test } from 'vitest'

import type { DocumentJson } from '../../src/host/figma'
import type { JobPlan } from '../../src/messages'
import { makeImage } from '../host/helpers'
import { type RunningPlugin, runMain } from '../host/run-main'

const ANA = { id: '1001', name: 'Ana' }
const BEN = { id: '2002', name: 'Ben' }

function plan(jobId: string): JobPlan {
  return {
    jobId,
    endpoint: 'fal-ai/kling-image/v3/text-to-image',
    input: { prompt: 'Harbour at dusk', resolution: '1K', aspect_ratio: '16:9', num_images: 1 },
    panels: [{ number: 1 }],
    nominalSize: { width: 1024, height: 576 },
    costUsd: 0.028,
    title: 'Harbour at dusk',
    createdAt: '2026-11-26T12:00:00.000Z'
  }
}

/** Another run of the plugin on the same file: someone else, or the same person opening it again. */
const rejoin = (run: RunningPlugin, options: Parameters<RunningPlugin['host']['join']>[0]) => runMain({ host: run.host.join(options) })

const ids = (jobs: { jobId: string }[]) => jobs.map((j) => j.jobId)

describe('job records', () => {
  test('a call names the section: a deleted one, or one holding another job, is refused with what happened', async () => {
    const run = await runMain({ user: ANA })
    const a = await run.call('startJob', plan('a'))
    const b = await run.call('startJob', plan('b'))
    await expect(run.call('recordSubmitted', { jobId: 'a', sectionId: b.sectionId, requestId: 'r' })).rejects.toThrow(
      // The second section of the same title is numbered on the page.
      `The section "Harbour at dusk (2)" no longer holds this generation's record, so Keyframe did not change it.`
    )
    ;(await run.host.figma.getNodeByIdAsync(a.sectionId))!.remove()
    await expect(run.call('recordSubmitted', { jobId: 'a', ...a, requestId: 'r' })).rejects.toThrow(
      'The section for this generation was deleted, so its images have nowhere to go.'
    )
    // Job b was not touched by the refused call.
    expect((await run.call('pendingJobs')).mine.map((j) => [j.jobId, j.requestId])).toEqual([['b', undefined]])
  })

  test('a damaged job record is named in the refusal and left on its section as it was', async () => {
    const run = await runMain({ user: ANA })
    const ref = { jobId: 'a', ...(await run.call('startJob', plan('a'))) }
    const section = (await run.host.figma.getNodeByIdAsync(ref.sectionId))!
    for (const [damaged, problem] of [
      ['{"jobId": "a", "sectionId"', 'is not JSON'],
      [JSON.stringify({ jobId: 'a', sectionId: ref.sectionId, state: 'running' }), 'has a bad state'],
      [JSON.stringify({ jobId: 'a', sectionId: ref.sectionId, state: 'submitted', panels: 'one' }), 'has a bad panels']
    ] as const) {
      section.setPluginData('keyframe.job', damaged)
      await expect(run.call('recordSubmitted', { ...ref, requestId: 'r' })).rejects.toThrow(
        new RegExp(`^The section "Harbour at dusk" has a job record Keyframe cannot read: it ${problem}.*Keyframe left it as it is; restore the section from the file's version history`)
      )
      expect(section.getPluginData('keyframe.job')).toBe(damaged)
    }
  })

  test("fal's first answer to a cancel stays on record: a later one does not replace it", async () => {
    const run = await runMain({ user: ANA })
    const ref = { jobId: 'a', ...(await run.call('startJob', plan('a'))) }
    await run.call('recordSubmitted', { ...ref, requestId: 'r' })
    await run.call('recordCancel', { ...ref, answer: 'OK' })
    // fal may answer NOT_FOUND to a second cancel once it forgot the request: the OK is what counts.
    await run.call('recordCancel', { ...ref, answer: 'NOT_FOUND' })
    expect((await run.call('pendingJobs')).mine.map((j) => j.cancelAnswer)).toEqual(['OK'])
  })

  test("someone else's job is refused on every call that would change it", async () => {
    const ana = await runMain({ user: ANA })
    const ref = { jobId: 'a', ...(await ana.call('startJob', plan('a'))) }
    const ben = await rejoin(ana, { user: BEN })
    const refusal = 'Ana started this generation, so only their Keyframe can change it.'
    const image = { ...ref, number: 1, bytes: await makeImage(1024, 576), width: 1024, height: 576, sourceUrl: 'u' }
    await expect(ben.call('recordSubmitted', { ...ref, requestId: 'r' })).rejects.toThrow(refusal)
    await expect(ben.call('fillPanel', image)).rejects.toThrow(refusal)
    await expect(ben.call('failPanel', { ...ref, number: 1, message: 'no' })).rejects.toThrow(refusal)
    await expect(ben.call('finishJob', { ...ref, state: 'cancelled', message: '', toast: '' })).rejects.toThrow(refusal)
    const still = await ana.call('pendingJobs')
    expect(still.mine.map((j) => [j.jobId, j.state, j.filled])).toEqual([['a', 'submitting', []]])
  })

  test('a job whose section the designer moved to another page is found there once the page is loaded', async () => {
    const document: DocumentJson = { pages: [{ id: '0:1', name: 'Boards' }, { id: '0:2', name: 'Archive' }] }
    const ana = await runMain({ user: ANA, document })
    const ref = { jobId: 'a', ...(await ana.call('startJob', plan('a'))) }
    await ana.call('recordSubmitted', { ...ref, requestId: 'req-a' })
    const archive = ana.host.figma.root.children[1]!
    await archive.loadAsync()
    archive.appendChild((await ana.host.figma.getNodeByIdAsync(ref.sectionId)) as SectionNode)

    const again = await rejoin(ana, { user: ANA })
    expect(again.host.snapshot().name).toBe('Boards')
    const { mine } = await again.call('pendingJobs')
    expect(mine.map((j) => [j.jobId, j.requestId, j.sectionId])).toEqual([['a', 'req-a', ref.sectionId]])
    await again.call('fillPanel', { ...ref, number: 1, bytes: await makeImage(1024, 576), width: 1024, height: 576, sourceUrl: 'u' })
    const section = (await again.host.figma.getNodeByIdAsync(ref.sectionId)) as SectionNode
    expect(section.parent!.name).toBe('Archive')
    // Filled panels are marked one entry each while the job runs; what resuming reads is pendingJobs.
    expect((await again.call('pendingJobs')).mine.map((j) => j.filled)).toEqual([[1]])
  })

  test("a section the designer duplicated carries a copy of the record; only the original's job is listed", async () => {
    const run = await runMain({ user: ANA })
    const ref = await run.call('startJob', plan('a'))
    const original = (await run.host.figma.getNodeByIdAsync(ref.sectionId)) as SectionNode
    const copy = run.host.figma.createSection()
    copy.setPluginData('keyframe.job', original.getPluginData('keyframe.job'))
    expect(ids((await run.call('pendingJobs')).mine)).toEqual(['a'])
  })

  test("the old shared index on the document root is cleared, and only the sections' records count", async () => {
    const run = await runMain({ user: ANA, document: { children: [], pluginData: { 'keyframe.pendingJobs': '[{"jobId":"gone","sectionId":"9:9"}]' } } })
    await run.call('startJob', plan('a'))
    expect(ids((await run.call('pendingJobs')).mine)).toEqual(['a'])
    expect(run.host.figma.root.getPluginDataKeys()).toEqual([])
  })

  test('a record from before jobs named their starter is taken over only if it has a request id; without one it is left alone', async () => {
    const run = await runMain({ user: ANA })
    const refs: Record<string, { jobId: string; sectionId: string }> = {}
    for (const [jobId, requestId] of [['paid', 'req-1'], ['unsent', undefined]] as const) {
      const { sectionId } = await run.call('startJob', plan(jobId))
      refs[jobId] = { jobId, sectionId }
      const section = (await run.host.figma.getNodeByIdAsync(sectionId))!
      const { startedBy: _, ...old } = JSON.parse(section.getPluginData('keyframe.job'))
      section.setPluginData('keyframe.job', JSON.stringify({ ...old, state: requestId ? 'submitted' : 'submitting', requestId }))
    }
    const ben = await rejoin(run, { user: BEN })
    const seen = await ben.call('pendingJobs')
    expect(seen.mine.map((j) => [j.jobId, j.startedBy.name])).toEqual([['paid', 'Ben']])
    expect(seen.others.map((j) => [j.jobId, j.startedBy])).toEqual([['unsent', { id: '', name: '' }]])
    // Taken over for good: Ana's plugin now sees it as Ben's.
    expect((await run.call('pendingJobs')).others.map((j) => [j.jobId, j.startedBy.name])).toEqual([
      ['paid', 'Ben'],
      ['unsent', '']
    ])
    // The unsent one is nobody's to change, whichever plugin asks.
    for (const plugin of [run, ben]) {
      await expect(plugin.call('recordSubmitted', { ...refs.unsent!, requestId: 'req-2' })).rejects.toThrow(
        'Someone else started this generation, so only their Keyframe can change it.'
      )
    }
  })

  test("without a Figma user id, an id kept in this person's clientStorage stands in, and comes back when they reopen", async () => {
    const first = await runMain({ user: { id: null, name: 'Anonymous' } })
    await first.call('startJob', plan('a'))
    const again = await rejoin(first, { user: { id: null, name: 'Anonymous' }, clientStorage: first.host.clientStorage })
    expect(ids((await again.call('pendingJobs')).mine)).toEqual(['a'])
    const stranger = await rejoin(first, { user: null })
    const seen = await stranger.call('pendingJobs')
    expect([ids(seen.mine), ids(seen.others)]).toEqual([[], ['a']])
  })

  test('a build without the "currentuser" permission starts nothing and says why', async () => {
    const run = await runMain({ permissions: [] })
    await expect(run.call('startJob', plan('a'))).rejects.toThrow('"currentuser" permission not specified in manifest.json')
    expect(run.host.snapshot().children).toEqual([])
  })
  test('filling a panel leaves the job record as it was; a reopened plugin and the finished record both list it', async () => {
    const three: JobPlan = { ...plan('big'), panels: [1, 2, 3].map((number) => ({ number, caption: `Beat ${number}` })) }
    const ana = await runMain({ user: ANA })
    const ref = { jobId: 'big', ...(await ana.call('startJob', three)) }
    await ana.call('recordSubmitted', { ...ref, requestId: 'req-big' })
    const section = (await ana.host.figma.getNodeByIdAsync(ref.sectionId)) as SectionNode
    const record = section.getPluginData('keyframe.job')
    const image = { ...ref, bytes: await makeImage(1024, 576), width: 1024, height: 576, sourceUrl: 'u' }
    await ana.call('fillPanel', { ...image, number: 3 })
    await ana.call('fillPanel', { ...image, number: 1 })
    await ana.call('fillPanel', { ...image, number: 1 })
    // The record (every panel's caption, growing with the job) is not written again for each image.
    expect(section.getPluginData('keyframe.job')).toBe(record)

    const again = await rejoin(ana, { user: ANA })
    expect((await again.call('pendingJobs')).mine.map((j) => j.filled)).toEqual([[1, 3]])
    await again.call('finishJob', { ...ref, state: 'done', message: '', toast: '' })
    expect(JSON.parse(section.getPluginData('keyframe.job'))).toMatchObject({ state: 'done', filled: [1, 3] })
    // Folded into the record, the per-panel marks are gone.
    expect(section.getPluginDataKeys().filter((key) => key.includes('big'))).toEqual([])
  })
})
