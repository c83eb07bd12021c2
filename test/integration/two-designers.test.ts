// Two designers with Keyframe open on one file, through their team's proxy (offline), each with the
// real job runner and the real main thread: every job's record stays on its own section, each person's
// plugin picks up only their own jobs, and another person's job is shown as theirs, never sent again.
import { afterEach, describe, expect, test } from 'vitest'

import type { DocumentJson } from '../../src/host/figma'
import type { NodeSnapshot } from '../../src/host/figma/snapshot'
import type { JobPlan, UnfinishedJobs } from '../../src/messages'
import { JobBoard } from '../../src/ui/jobs/job-board'
import { pickUpUnfinished } from '../../src/ui/jobs/pick-up-unfinished'
import { runJob } from '../../src/ui/jobs/run-job'
import { panels } from '../helpers/page-snapshot'
import { type Harness, jobRequest, PROMPT, recorder, sectionsOf, startHarness } from './harness'

const ANA = { id: '1001', name: 'Ana' }
const BEN = { id: '2002', name: 'Ben' }

const document: DocumentJson = { children: [] }

let harness: Harness | undefined
afterEach(async () => {
  await harness?.stop()
  harness = undefined
})

const request = (jobId: string, over: Parameters<typeof jobRequest>[1] = {}) => jobRequest(jobId, over, `Lighthouse ${jobId}`)

/** A job as the runner records it before submitting: what a plugin closed at that moment leaves behind. */
const plan = (jobId: string): JobPlan => ({
  jobId,
  endpoint: 'fal-ai/kling-image/v3/text-to-image',
  input: { prompt: PROMPT, resolution: '1K', aspect_ratio: '16:9', output_format: 'png', num_images: 1 },
  panels: [{ number: 1 }],
  nominalSize: { width: 1024, height: 576 },
  costUsd: 0.028,
  title: 'Lighthouse',
  createdAt: '2026-11-26T12:00:00.000Z'
})

const byOwner = (unfinished: UnfinishedJobs) => ({
  mine: unfinished.mine.map((j) => [j.jobId, j.startedBy.name]),
  others: unfinished.others.map((j) => [j.jobId, j.startedBy.name])
})

const filledPanels = (section: NodeSnapshot) => panels(section).map((p) => p.image.images?.length === 1)

describe('two designers in one file', () => {
  test('both start jobs at once: each record stays on its own section, nothing shared is written, neither is lost', async () => {
    harness = await startHarness({ document, user: ANA })
    const ben = await harness.join({ user: BEN })
    // fal's results fail, so both paid jobs stay unfinished in the file: the case the old shared index lost.
    await harness.setFaults({ result: { status: 500 } })
    const a = recorder('job-ana')
    const b = recorder('job-ben')
    await Promise.all([runJob(harness.deps, request('job-ana'), a), runJob(ben.deps, request('job-ben', { output: 'variations', count: 2 }), b)])
    expect([a.last.phase, b.last.phase]).toEqual(['failed', 'failed'])

    const figma = harness.plugin.host.figma
    expect(figma.root.getPluginDataKeys()).toEqual([])
    expect(figma.currentPage.getPluginDataKeys()).toEqual([])
    const holders = figma.currentPage.findAllWithCriteria({ pluginData: { keys: ['keyframe.job'] } })
    expect(holders.map((n) => [n.type, JSON.parse(n.getPluginData('keyframe.job')).startedBy.name]).sort()).toEqual([
      ['SECTION', 'Ana'],
      ['SECTION', 'Ben']
    ])

    // Each opens Keyframe again: their own job to pick up, the other's to see.
    const anaAgain = await harness.join({ user: ANA, clientStorage: harness.plugin.host.clientStorage })
    const benAgain = await harness.join({ user: BEN, clientStorage: ben.plugin.host.clientStorage })
    expect(byOwner(await anaAgain.plugin.call('pendingJobs'))).toEqual({ mine: [['job-ana', 'Ana']], others: [['job-ben', 'Ben']] })
    expect(byOwner(await benAgain.plugin.call('pendingJobs'))).toEqual({ mine: [['job-ben', 'Ben']], others: [['job-ana', 'Ana']] })
  })

  test("Ben's plugin leaves Ana's unsent job alone and shows it as hers; Ana's reopened plugin sends it once", async () => {
    harness = await startHarness({ document, user: ANA })
    // Ana's plugin recorded the job and closed before fal answered: no request id, the riskiest job to touch.
    const { sectionId } = await harness.plugin.call('startJob', plan('ana-1'))

    const ben = await harness.join({ user: BEN })
    const benBoard = new JobBoard()
    const benResumed = pickUpUnfinished(ben.deps, benBoard, await ben.plugin.call('pendingJobs'))
    expect(benResumed).toEqual([])
    expect(benBoard.list()).toEqual([expect.objectContaining({ jobId: 'ana-1', phase: 'running', startedBy: 'Ana' })])
    benBoard.cancel('ana-1')
    expect(benBoard.isCancelled('ana-1')).toBe(false)
    // Whatever Ben's UI asks, his main thread will not change Ana's job.
    const refusal = 'Ana started this generation, so only their Keyframe can change it.'
    await expect(ben.plugin.call('recordSubmitted', { jobId: 'ana-1', sectionId, requestId: 'req-x' })).rejects.toThrow(refusal)
    await expect(ben.plugin.call('finishJob', { jobId: 'ana-1', sectionId, state: 'cancelled', message: '', toast: '' })).rejects.toThrow(refusal)
    expect(await harness.requests()).toEqual([])

    const ana = await harness.join({ user: ANA, clientStorage: harness.plugin.host.clientStorage })
    const anaBoard = new JobBoard()
    await Promise.all(pickUpUnfinished(ana.deps, anaBoard, await ana.plugin.call('pendingJobs')))
    expect(anaBoard.list()).toEqual([expect.objectContaining({ jobId: 'ana-1', phase: 'done' })])
    expect(await harness.requests()).toHaveLength(1)

    // Once finished, Ben's list no longer shows it as running.
    benBoard.showOthers((await ben.plugin.call('pendingJobs')).others)
    expect(benBoard.list()).toEqual([])
  })

  test('a job whose section is on another page: the reopened plugin loads that page, finds the record and fills the section there', async () => {
    const pages: DocumentJson = { pages: [{ id: '0:1', name: 'Boards' }, { id: '0:2', name: 'Notes' }] }
    harness = await startHarness({ document: pages, user: ANA })
    await harness.setFaults({ result: { status: 500 } })
    const first = recorder('far')
    await runJob(harness.deps, request('far', { output: 'variations', count: 2 }), first)
    expect(first.last.phase).toBe('failed')
    await fetch(`${harness.proxy.origin}/__offline/faults`, { method: 'DELETE' })

    // Ana opens the file again on "Notes": under dynamic-page, "Boards" is not loaded for this run.
    const ana = await harness.join({ user: ANA, currentPage: 'Notes', clientStorage: harness.plugin.host.clientStorage })
    const boards = ana.plugin.host.figma.root.children[0]!
    expect(() => boards.children).toThrow('Cannot access children on a page that has not been explicitly loaded')
    const board = new JobBoard()
    await Promise.all(pickUpUnfinished(ana.deps, board, await ana.plugin.call('pendingJobs')))
    expect(board.list()).toEqual([expect.objectContaining({ jobId: 'far', phase: 'done' })])
    expect(ana.plugin.host.snapshot().name).toBe('Notes')
    const [section] = sectionsOf(harness)
    expect(filledPanels(section!)).toEqual([true, true])
    expect(await harness.requests()).toHaveLength(1)
  })
})
