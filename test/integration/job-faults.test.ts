// Faults, refusals and cancels on the way from Generate to the canvas: each job ends with every paid
// image placed, or with a message that says what happened and what it cost, and nothing half-made.
import { createServer, type Server } from 'node:http'
import sharp from 'sharp'
import type { AddressInfo } from 'node:net'

import { afterEach, beforeAll, describe, expect, test } from 'vitest'

import type { DocumentJson } from '../../src/host/figma'
import type { NodeSnapshot } from '../../src/host/figma/snapshot'
import { JOB_KEY } from '../../src/main/jobs'
import { REMADE_NOTE } from '../../src/main/job-api'
import type { MainCalls } from '../../src/rpc-client'
import type { JobDeps } from '../../src/ui/jobs/job-deps'
import { cancelThroughProxy, cancelUrlOf } from '../../src/ui/jobs/cancel-request'
import { JobBoard } from '../../src/ui/jobs/job-board'
import { statusLine } from '../../src/ui/jobs/job-progress'
import { resumeJob, runJob } from '../../src/ui/jobs/run-job'
import { offlineRequests } from '../../src/dev/offline-control'
import { panels } from '../helpers/page-snapshot'
import { falClientFor, testToken } from '../proxy/helpers'
import { type Harness, jobRequest, pngOf, PROMPT, recorder, sectionsOf, startHarness } from './harness'

let document: DocumentJson
beforeAll(async () => {
  document = {
    children: [{ type: 'FRAME', id: '2:1', name: 'Harbour', x: 0, y: 0, width: 900, height: 600, fills: [{ type: 'IMAGE', image: await pngOf(900, 600, { r: 30, g: 80, b: 140 }) }] }]
  }
})

let harness: Harness | undefined
afterEach(async () => {
  await harness?.stop()
  harness = undefined
})

const request = jobRequest

const panelTexts = (section: NodeSnapshot) => panels(section).map((p) => ({ image: p.image.images?.length === 1, status: p.status }))

/** The job record on the page's only section holding one. */
function jobRecord(h: Harness): Record<string, unknown> {
  const [holder, ...more] = h.plugin.host.figma.currentPage.findAllWithCriteria({ types: ['SECTION'], pluginData: { keys: [JOB_KEY] } })
  if (!holder || more.length > 0) throw new Error(`expected one section with a job record, found ${more.length + (holder ? 1 : 0)}`)
  return JSON.parse(holder.getPluginData(JOB_KEY)) as Record<string, unknown>
}

/** The harness's deps with some main-thread calls wrapped (the caller is a Proxy, so it is not spread). */
function withMain(h: Harness, calls: Partial<MainCalls>): JobDeps {
  const main = new Proxy(h.deps.main, { get: (target, name: keyof MainCalls) => calls[name] ?? target[name] })
  return { ...h.deps, main }
}

/** The harness's deps, counting what reaches fal: cancels, and each queue call by name. */
function counting(h: Harness): { deps: JobDeps; cancels: string[]; queue: string[] } {
  const cancels: string[] = []
  const queue: string[] = []
  const real = h.deps.fal.queue
  const counted = new Proxy(real, {
    get: (target, name: string) => {
      const value: unknown = Reflect.get(target, name)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        queue.push(name)
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    }
  })
  const deps: JobDeps = {
    ...h.deps,
    fal: { storage: h.deps.fal.storage, queue: counted },
    cancel: (url) => {
      cancels.push(url)
      return h.deps.cancel(url)
    }
  }
  return { deps, cancels, queue }
}

/** The designer deletes a section on the canvas. */
async function deleteSection(h: Harness, id: string): Promise<void> {
  const node = await h.plugin.host.figma.getNodeByIdAsync(id)
  if (!node || node.type !== 'SECTION') throw new Error(`no section ${id} to delete`)
  node.remove()
}

/** What a reopened plugin does: the faults are gone, the job left in the file is picked up. */
async function reopenAndResume(h: Harness) {
  await fetch(`${h.proxy.origin}/__offline/faults`, { method: 'DELETE' })
  const { mine: [pending], others } = await h.plugin.call('pendingJobs')
  if (!pending) throw new Error('no job was left in the file to resume')
  if (others.length > 0) throw new Error('one user ran this test, yet the file lists jobs by someone else')
  const resumed = recorder(pending.jobId)
  await resumeJob(h.deps, pending, resumed)
  return { pending, resumed }
}

describe('fal and network faults', () => {
  test('a 500 on submit: nothing charged, no empty section left behind', async () => {
    harness = await startHarness({ document })
    await harness.setFaults({ submit: { status: 500 } })
    const control = recorder('j')
    await runJob(harness.deps, request('j'), control)
    expect(control.last.phase).toBe('failed')
    expect(control.last.message).toMatch(/fal or the proxy had a problem \(500.*Nothing was charged\./)
    expect(sectionsOf(harness)).toEqual([])
    expect(await harness.requests()).toEqual([])
  })

  test('a 429 on submit is retried by the client and the job goes through once', async () => {
    harness = await startHarness({ document })
    await harness.setFaults({ submit: { status: 429, times: 1 } })
    const control = recorder('j')
    await runJob(harness.deps, request('j'), control)
    expect(control.last.phase, control.last.message).toBe('done')
    expect(await harness.requests()).toHaveLength(1)
  })

  test('a passing 503 on status is retried by the client without the designer noticing', async () => {
    harness = await startHarness({ document })
    await harness.setFaults({ status: { status: 503, times: 1 } })
    const control = recorder('j')
    await runJob(harness.deps, request('j'), control)
    expect(control.last.phase, control.last.message).toBe('done')
  })

  test('status errors that are not retried leave the job saved for a reopened plugin, which finishes it', async () => {
    harness = await startHarness({ document })
    // The client retries 5xx and 429 on status for ~30 s by itself; a 400 ends the wait at once.
    await harness.setFaults({ status: { status: 400 } })
    const control = recorder('j')
    await runJob(harness.deps, request('j', { output: 'variations', count: 2 }), control)
    expect(control.last.phase).toBe('failed')
    expect(control.last.message).toContain('The job is saved in the file: reopen Keyframe to pick it up.')
    const { pending, resumed } = await reopenAndResume(harness)
    expect(pending.requestId).toBeDefined()
    expect(resumed.last.phase, resumed.last.message).toBe('done')
    expect(panelTexts(sectionsOf(harness)[0]!)).toEqual([{ image: true, status: undefined }, { image: true, status: undefined }])
    expect(await harness.requests()).toHaveLength(1) // followed, never resubmitted
  })

  test('a 500 on the result: the paid job stays saved, and a reopened plugin places its images', async () => {
    harness = await startHarness({ document })
    await harness.setFaults({ result: { status: 500 } })
    const control = recorder('j')
    await runJob(harness.deps, request('j'), control)
    expect(control.last.phase).toBe('failed')
    expect(control.last.message).toMatch(/\(500: .*reopen Keyframe to pick it up\./)
    const { resumed } = await reopenAndResume(harness)
    expect(resumed.last.phase).toBe('done')
    expect(panelTexts(sectionsOf(harness)[0]!)).toEqual([{ image: true, status: undefined }])
    expect(await harness.requests()).toHaveLength(1)
  })

  test('a slow fal: the job waits and completes', async () => {
    harness = await startHarness({ document })
    await harness.setFaults({ slowMs: 400 })
    const control = recorder('j')
    await runJob(harness.deps, request('j'), control)
    expect(control.last.phase, control.last.message).toBe('done')
  })

  test('a series that returns fewer images than asked: the empty panel says so', async () => {
    harness = await startHarness({ document })
    await harness.setFaults({ fewerImages: 1 })
    const control = recorder('j')
    await runJob(harness.deps, request('j', { output: 'series', count: 3, prompt: `${PROMPT}. Panel 1: far. Panel 2: near. Panel 3: window.` }), control)
    expect(control.last.phase).toBe('done')
    expect(control.last.message).toContain('fal returned 2 of 3 images; the empty panels say so.')
    const panels = panelTexts(sectionsOf(harness)[0]!)
    expect(panels.slice(0, 2).every((p) => p.image)).toBe(true)
    expect(panels[2]?.status).toMatch(/^Image 3 did not arrive: fal returned 2 of 3 images/)
  })

  test('a malformed result is a failure: every panel says so, and the paid request id is kept', async () => {
    harness = await startHarness({ document })
    await harness.setFaults({ malformedResult: true })
    const control = recorder('j')
    await runJob(harness.deps, request('j', { output: 'variations', count: 2 }), control)
    const { request_id: requestId } = (await harness.requests())[0]!
    expect(control.last.phase).toBe('failed')
    expect(control.last.message).toBe(
      `fal sent back a result Keyframe could not read, so no image was placed. fal bills it ($0.056); its request id ${requestId} is kept in the section's record.`
    )
    const panels = panelTexts(sectionsOf(harness)[0]!)
    expect(panels.map((p) => p.status)).toEqual([
      expect.stringContaining('could not read'),
      expect.stringContaining('could not read')
    ])
    expect(jobRecord(harness)).toMatchObject({ state: 'failed', requestId })
  })

  test('a download cut mid-way is retried; the image still arrives whole', async () => {
    harness = await startHarness({ document })
    await harness.setFaults({ download: { mode: 'truncate', times: 1 } })
    const control = recorder('j')
    await runJob(harness.deps, request('j'), control)
    expect(control.last.phase, control.last.message).toBe('done')
    expect(panelTexts(sectionsOf(harness)[0]!)).toEqual([{ image: true, status: undefined }])
  })

  test('an image whose header is whole but whose body is cut short marks only its own panel, saying so', async () => {
    harness = await startHarness({ document })
    // The UI passes a PNG within 4096 px on as it is (its size is in its header); the main thread's
    // createImage is what refuses the damaged body, as Figma's does.
    let seen = 0
    const deps: JobDeps = {
      ...harness.deps,
      download: async (url) => {
        const bytes = await harness!.deps.download(url)
        // Downloads run together, so which panel's image is damaged is whichever is asked for first.
        return ++seen === 1 ? bytes.subarray(0, Math.floor(bytes.length / 2)) : bytes
      }
    }
    const control = recorder('j')
    await runJob(deps, request('j', { output: 'variations', count: 3 }), control)
    expect(control.last.phase).toBe('failed')
    expect(control.last.message).toBe('1 image could not be placed. The job is saved in the file, paid for: reopen Keyframe to place it.')
    const panels = panelTexts(sectionsOf(harness)[0]!)
    const damaged = panels.filter((p) => !p.image)
    expect(damaged).toHaveLength(1)
    expect(damaged[0]?.status).toContain('Image is corrupt (the PNG file is cut short or damaged)')
    expect(panels.filter((p) => p.image && p.status === undefined)).toHaveLength(2)
  })

  test('downloads that keep failing leave the paid image to a reopened plugin', async () => {
    harness = await startHarness({ document })
    await harness.setFaults({ download: { mode: 'status', status: 503 } })
    const control = recorder('j')
    await runJob(harness.deps, request('j'), control)
    expect(control.last.phase).toBe('failed')
    expect(control.last.message).toBe('1 image could not be placed. The job is saved in the file, paid for: reopen Keyframe to place it.')
    // Kept for the next open, and still told, as every other ending is.
    expect(harness.plugin.host.notifications.at(-1)).toMatch(/^1 image not placed: reopen Keyframe to place it/)
    expect(panelTexts(sectionsOf(harness)[0]!)[0]?.status).toContain('It is paid for: reopen Keyframe to place it.')
    const { resumed } = await reopenAndResume(harness)
    expect(resumed.last.phase).toBe('done')
    expect(panelTexts(sectionsOf(harness)[0]!)).toEqual([{ image: true, status: undefined }])
  })

  test('two jobs at once each fill their own section', async () => {
    harness = await startHarness({ document })
    const a = recorder('a')
    const b = recorder('b')
    await Promise.all([runJob(harness.deps, request('a'), a), runJob(harness.deps, request('b', { output: 'variations', count: 3 }), b)])
    expect([a.last.phase, b.last.phase]).toEqual(['done', 'done'])
    const counts = sectionsOf(harness).map((s) => panelTexts(s).filter((p) => p.image).length).sort()
    expect(counts).toEqual([1, 3])
  })
})

describe('cancel, as fal answers it', () => {
  test('while queued: fal answers OK and removes it, so nothing is charged and nothing is left on the canvas', async () => {
    harness = await startHarness({ document, latencyMs: 3000 })
    const control = recorder('j', 'queued')
    await runJob(harness.deps, request('j'), control)
    expect(control.last.phase).toBe('cancelled')
    expect(control.last.message).toBe('Cancelled while queued: fal removed it from the queue, so nothing was charged.')
    expect(control.details).toContain('Cancelled: fal removed it from the queue')
    expect(sectionsOf(harness)).toEqual([])
    expect((await harness.requests()).map((r) => r.state)).toEqual(['CANCELLED'])
  })

  test('while queued, with the status stream open: fal answers OK, the follow stops and the job ends cancelled', async () => {
    // @fal-ai/client 1.10.1's stream never ends its iterator after abort() (src/streaming.js emits neither
    // done nor error), so a follower that waits for the library to end would wait forever.
    harness = await startHarness({ document, latencyMs: 3000 })
    // A queue position is reported only by the follower, and the stream is tried before any poll: the
    // first one means the stream is open and the job still queued.
    const control = recorder('j', (update) => /^(next up|\d+ ahead)$/.test(update.detail ?? ''))
    await runJob(harness.deps, request('j'), control)
    expect(control.last.phase).toBe('cancelled')
    expect(control.last.message).toBe('Cancelled while queued: fal removed it from the queue, so nothing was charged.')
    expect(sectionsOf(harness)).toEqual([])
    expect((await harness.requests()).map((r) => r.state)).toEqual(['CANCELLED'])
  })

  test("while queued, when the stream reports the cancelled end before the cancel's own answer arrives: still 'nothing was charged'", async () => {
    harness = await startHarness({ document, latencyMs: 3000 })
    const h = harness
    // fal has removed the request at once, but its answer to the cancel reaches the plugin late.
    const slowAnswer = { ...h.deps, cancel: async (url: string) => { const answer = await h.deps.cancel(url); await new Promise((r) => setTimeout(r, 600)); return answer } }
    const control = recorder('j', (update) => /^(next up|\d+ ahead)$/.test(update.detail ?? ''))
    await runJob(slowAnswer, request('j'), control)
    expect(control.last.phase).toBe('cancelled')
    expect(control.last.message).toBe('Cancelled while queued: fal removed it from the queue, so nothing was charged.')
  })

  test('while queued, the budget is given back: a budget that holds one job fits the next job of the same size', async () => {
    // $0.028 is one 1K image on O3 (the catalog's price); the offline proxy keeps a budget like live.
    harness = await startHarness({ document, latencyMs: 3000, proxy: { budgetUsdPerDay: 0.028 } })
    const first = recorder('j1', 'queued')
    await runJob(harness.deps, request('j1'), first)
    expect(first.last.message).toBe('Cancelled while queued: fal removed it from the queue, so nothing was charged.')
    const second = recorder('j2')
    await runJob(harness.deps, request('j2'), second)
    expect(second.last.phase).toBe('done')
    expect(second.last.message).toBe('Placed 1 image · $0.028.')
    // And the budget is real: a third job is refused with the budget's message, and nothing is sent.
    const third = recorder('j3')
    await runJob(harness.deps, request('j3'), third)
    expect(third.last.phase).toBe('failed')
    expect(third.last.message).toBe(
      'This costs $0.028, but your $0.028 budget for today is used up. Nothing was charged. Try again after 00:00 UTC, or ask your admin to raise the budget.'
    )
    expect((await harness.requests()).map((r: { state: string }) => r.state)).toEqual(['CANCELLED', 'COMPLETED'])
  })

  test('while generating, and Kling stops: says it may still be billed, and nothing is left on the canvas', async () => {
    harness = await startHarness({ document, latencyMs: 3000 })
    await harness.setFaults({ cancelRunning: 'stops' })
    const control = recorder('j', 'generating')
    await runJob(harness.deps, request('j'), control)
    expect(control.last.phase).toBe('cancelled')
    expect(control.last.message).toBe('Cancelled while generating: Kling stopped and delivered no images. It had started, so fal may still bill it ($0.028).')
    expect(control.details).toContain('Cancel requested: Kling may still finish and bill it')
    expect(sectionsOf(harness)).toEqual([])
  })

  test('while generating, and Kling finishes anyway: its paid images are placed and the message says the cancel came too late', async () => {
    harness = await startHarness({ document, latencyMs: 3000 })
    await harness.setFaults({ cancelRunning: 'completes' })
    const control = recorder('j', 'generating')
    await runJob(harness.deps, request('j', { output: 'variations', count: 4 }), control)
    expect(control.last.phase).toBe('done')
    expect(control.last.message).toBe('Cancel came too late: placed 4 images, $0.112.')
    expect(panelTexts(sectionsOf(harness)[0]!).every((p) => p.image)).toBe(true)
    expect(jobRecord(harness)).toMatchObject({ state: 'done' })
  })

  test("the card while a running job is cancelled: the cancel's line stays, progress goes to the log only, and the button says it was sent", async () => {
    harness = await startHarness({ document, latencyMs: 3000 })
    await harness.setFaults({ cancelRunning: 'completes' })
    const board = new JobBoard()
    board.add({ jobId: 'j', title: 'Lighthouse' })
    const lines: string[] = []
    board.subscribe(([job]) => {
      if (job && lines.at(-1) !== statusLine(job)) lines.push(statusLine(job))
      if (job?.phase === 'generating' && job.logs.length > 0 && job.cancelSent !== true) board.cancel('j')
    })
    await runJob(harness.deps, request('j', { output: 'variations', count: 4 }), board.control('j'))
    const [job] = board.list()
    expect(job?.phase).toBe('done')
    expect(job?.cancelSent).toBe(true)
    // No line repeats its phase, and none repeats the log shown below it.
    expect(lines.filter((l) => /^Queued · Queued|Generating · (Loading|Generating image)/.test(l))).toEqual([])
    const requested = lines.indexOf('Generating · Cancel requested: Kling may still finish and bill it')
    expect(requested).toBeGreaterThan(0)
    // From then on, while Kling runs, the line stays the cancel's.
    const after = lines.slice(requested + 1).filter((l) => l.startsWith('Generating'))
    expect(after).toEqual([])
    expect(job?.logs.length).toBeGreaterThan(1)
  })

  test('a cancel that does not reach fal can be sent again: the button says Cancel again, and the second press removes it', async () => {
    harness = await startHarness({ document, latencyMs: 300 })
    // Queued for long enough that both presses land while it waits; the first cancel is refused on the way.
    await harness.setFaults({ holdInQueueMs: 20_000, cancel: { status: 503, times: 1 } })
    const board = new JobBoard()
    board.add({ jobId: 'j', title: 'Lighthouse' })
    const buttons: (boolean | undefined)[] = []
    let presses = 0
    board.subscribe(([job]) => {
      if (buttons.at(-1) !== job?.cancelSent) buttons.push(job?.cancelSent)
      const waiting = job?.phase === 'queued' && job.cancelSent !== true
      // The first press once it is queued; the second once the card says the first did not reach fal.
      if (waiting && presses === 0) presses += 1
      else if (waiting && presses === 1 && job.detail === 'The cancel did not reach fal: the job runs on') presses += 1
      else return
      board.cancel('j')
    })
    await runJob(harness.deps, request('j'), board.control('j'))
    const [job] = board.list()
    expect(presses).toBe(2)
    expect(buttons).toEqual([true, false, true])
    expect(job?.phase).toBe('cancelled')
    expect(job?.message).toBe('Cancelled while queued: fal removed it from the queue, so nothing was charged.')
    expect(job?.notCharged).toBe(true)
    expect((await harness.requests()).map((r) => r.state)).toEqual(['CANCELLED'])
  })

  test('before submit: nothing sent', async () => {
    harness = await startHarness({ document })
    const control = recorder('j', 'uploading')
    await runJob(harness.deps, { ...request('j'), references: [{ id: '2:1', name: 'Harbour', role: 'image' }] }, control)
    expect(control.last).toMatchObject({ phase: 'cancelled', message: 'Cancelled before anything was sent: nothing was charged.' })
    expect(await harness.requests()).toEqual([])
  })
})

describe('a result fal no longer keeps', () => {
  test('expired before Keyframe came for it: says so with what was paid and when, marks the panels and records the ending', async () => {
    harness = await startHarness({ document })
    // Retention shortened to nothing: the result is gone the moment it is done.
    await harness.setFaults({ retentionMs: 0 })
    const control = recorder('j')
    await runJob(harness.deps, request('j', { output: 'variations', count: 2 }), control)
    const { request_id: requestId, state } = (await harness.requests())[0]!
    expect(state).toBe('EXPIRED')
    expect(control.last.phase).toBe('expired')
    expect(control.last.message).toBe(
      'These images expired before Keyframe could download them. Paid $0.056 on 26 Nov, 12:00 UTC. Generate again to get new ones (charged again).'
    )
    expect(panelTexts(sectionsOf(harness)[0]!).map((p) => p.status)).toEqual([
      'Image 1 did not arrive: This image expired before Keyframe could download it. $0.056 paid for the set of 2.',
      'Image 2 did not arrive: This image expired before Keyframe could download it. $0.056 paid for the set of 2.'
    ])
    // The request id stays in the record, for whoever traces the payment.
    expect(jobRecord(harness)).toMatchObject({ state: 'expired', requestId })
    expect(harness.plugin.host.notifications.at(-1)).toBe('Images expired: $0.056 paid')
    expect(await harness.plugin.call('pendingJobs')).toEqual({ mine: [], others: [] })
  })

  test('a reopened plugin that finds the result expired ends it the same way', async () => {
    harness = await startHarness({ document })
    await harness.setFaults({ result: { status: 500 } })
    const control = recorder('j')
    await runJob(harness.deps, request('j'), control)
    expect(control.last.phase).toBe('failed')
    await fetch(`${harness.proxy.origin}/__offline/faults`, { method: 'DELETE' })
    await harness.setFaults({ retentionMs: 0 })
    const { mine: [pending] } = await harness.plugin.call('pendingJobs')
    const resumed = recorder('j')
    await resumeJob(harness.deps, pending!, resumed)
    expect(resumed.last.phase).toBe('expired')
    expect(resumed.last.message).toMatch(/^These images expired before Keyframe could download them\. Paid \$0\.028 on /)
    expect(jobRecord(harness)).toMatchObject({ state: 'expired' })
  })
})

describe('a section deleted while fal works', () => {
  test('deleted before the request id was recorded: the job is followed, not called free, and its images land in a new section', async () => {
    harness = await startHarness({ document })
    const h = harness
    const deps = withMain(h, {
      recordSubmitted: async (args) => {
        await deleteSection(h, args.sectionId) // the designer deletes it just as fal accepts the submit
        return h.deps.main.recordSubmitted(args)
      }
    })
    const control = recorder('j')
    await runJob(deps, request('j', { output: 'variations', count: 2 }), control)
    expect(control.last.phase, control.last.message).toBe('done')
    expect(control.last.message).toBe('Placed 2 images · $0.056. Its section was deleted while Kling worked, so they went into a new section that says why.')
    expect(control.last.message).not.toContain('Nothing was charged')
    const [section] = sectionsOf(h)
    expect(panelTexts(section!)).toEqual([{ image: true, status: undefined }, { image: true, status: undefined }])
    expect(section!.children?.find((c) => c.name === 'Summary')?.characters).toContain(REMADE_NOTE)
    const { request_id: requestId } = (await h.requests())[0]!
    expect(jobRecord(h)).toMatchObject({ state: 'done', requestId })
  })

  test('deleted while Kling generates: runJob resolves, and the paid images land in a new section with a note', async () => {
    harness = await startHarness({ document, latencyMs: 1500 })
    const h = harness
    let sectionId = ''
    const deps = withMain(h, {
      startJob: async (plan) => {
        const started = await h.deps.main.startJob(plan)
        sectionId = started.sectionId
        return started
      }
    })
    const control = recorder('j')
    const report = control.report
    let deleted: Promise<void> | undefined
    control.report = (update) => {
      report(update)
      if (update.phase === 'generating' && !deleted) deleted = deleteSection(h, sectionId)
    }
    await expect(runJob(deps, request('j'), control)).resolves.toMatchObject({ phase: 'done' })
    await deleted
    expect(control.last.phase, control.last.message).toBe('done')
    expect(control.last.message).toContain('Its section was deleted while Kling worked')
    const all = sectionsOf(h)
    expect(all.map((s) => s.id)).not.toContain(sectionId)
    expect(all).toHaveLength(1)
    expect(panelTexts(all[0]!)).toEqual([{ image: true, status: undefined }])
    expect(all[0]!.children?.find((c) => c.name === 'Summary')?.characters).toContain(REMADE_NOTE)
  })
})

// Fake, but strong enough for the proxy's start-up check on PROXY_TOKENS (src/proxy/token-strength.ts).
const RIGHT_TOKEN = 'test-token-right-6b1f0c9e4d2a87315e0f9c4b2d7a6e18'

describe('refusals the designer can act on', () => {
  test('a wrong token: says to check the token in Settings, nothing created', async () => {
    harness = await startHarness({ document, token: 'wrong', proxy: { tokens: [RIGHT_TOKEN] } })
    const control = recorder('j')
    await runJob(harness.deps, request('j'), control)
    expect(control.last.message).toMatch(/did not accept your token.*Check the token in Settings\./)
    expect(sectionsOf(harness)).toEqual([])
  })

  test('over budget: shown as a budget refusal with the figures', async () => {
    harness = await startHarness({ document, token: RIGHT_TOKEN, proxy: { tokens: [RIGHT_TOKEN], budgetUsdPerDay: 0.05 } })
    const control = recorder('j')
    await runJob(harness.deps, request('j', { output: 'variations', count: 4 }), control)
    expect(control.last.phase).toBe('failed')
    expect(control.last.message).toBe(
      'This costs $0.112, but only $0.050 of your $0.050 budget for today is left. Nothing was charged. Try again after 00:00 UTC, or ask your admin to raise the budget.'
    )
    expect(control.last.notCharged).toBe(true)
    expect(sectionsOf(harness)).toEqual([])
  })

  test("fal's own 422 names the field", async () => {
    harness = await startHarness({ document })
    await harness.setFaults({ submit: { status: 422, times: 1, body: { detail: [{ loc: ['body', 'prompt'], msg: 'contains a blocked word', type: 'value_error' }] } } })
    const control = recorder('j')
    await runJob(harness.deps, request('j'), control)
    expect(control.last.message).toContain('fal refused the request (prompt: contains a blocked word)')
  })

  test('an unreachable team proxy: says where it looked and who to ask, not npm start', async () => {
    harness = await startHarness({ document })
    const deps = { ...harness.deps, proxyUrl: 'http://127.0.0.1:9/api/fal/proxy' }
    const { falClientFor } = await import('../proxy/helpers')
    const control = recorder('j')
    await runJob({ ...deps, fal: falClientFor(deps.proxyUrl) }, { ...request('j'), references: [{ id: '2:1', name: 'Harbour', role: 'image' }] }, control)
    expect(control.last.phase).toBe('failed')
    expect(control.last.message).toBe(
      "Can't reach the proxy at http://127.0.0.1:9/api/fal/proxy. Check the address in Settings with whoever runs your team's proxy. " +
        'If it is right, the proxy may be down, or this build of Keyframe may not allow it: ask for a build made for that proxy.'
    )
  })

  test('a frame under 300 px is exported enlarged to Kling\'s minimum, not refused (the panel warned of the upscale)', async () => {
    harness = await startHarness({ document: { children: [{ type: 'FRAME', id: '2:9', name: 'Tiny', x: 0, y: 0, width: 200, height: 200, fills: [{ type: 'SOLID', color: '#336699' }] }] } })
    const control = recorder('j')
    await runJob(harness.deps, { ...request('j'), references: [{ id: '2:9', name: 'Tiny', role: 'image' }] }, control)
    expect(control.last.phase, control.last.message).toBe('done')
    const [sent] = await harness.requests()
    const url = String((sent!.input.image_urls as string[])[0])
    const { width, height } = await sharp(Buffer.from(await (await fetch(url)).arrayBuffer())).metadata()
    expect([width, height]).toEqual([300, 300])
  })
})

describe('a plugin closed mid-submit', () => {
  const plan = closedPlan

  test('before fal saw it: the reopened plugin sends it once and places the image', async () => {
    harness = await startHarness({ document })
    await harness.plugin.call('startJob', plan('closed-early')) // recorded, then the plugin closed
    const { pending, resumed } = await reopenAndResume(harness)
    expect(pending.state).toBe('submitting')
    expect(resumed.last.phase, resumed.last.message).toBe('done')
    expect(await harness.requests()).toHaveLength(1)
  })

  test('after fal accepted it but before the answer came back: the same request is followed, not paid twice', async () => {
    harness = await startHarness({ document })
    await harness.plugin.call('startJob', plan('closed-late'))
    // The submit reached fal, and then the plugin was closed before it could record the request id.
    const { endpoint, input } = plan('closed-late')
    const first = await harness.deps.fal.queue.submit(endpoint, { input, headers: { 'x-keyframe-job': 'closed-late' } })
    const { pending, resumed } = await reopenAndResume(harness)
    expect(pending.requestId).toBeUndefined()
    const requests = await harness.requests()
    expect(requests.map((r) => r.request_id)).toEqual([first.request_id])
    expect(resumed.last.phase, resumed.last.message).toBe('done')
    expect(await harness.plugin.call('pendingJobs')).toEqual({ mine: [], others: [] })
  })

  test('a submit whose answer is lost is retried by the client and charged once', async () => {
    harness = await startHarness({ document })
    await harness.setFaults({ dropSubmitResponse: 1 })
    const control = recorder('lost')
    await runJob(harness.deps, request('lost'), control)
    expect(control.last.phase, control.last.message).toBe('done')
    expect(await harness.requests()).toHaveLength(1)
  })

  test("fal took the job but its answer never reached the proxy: in doubt, kept charged, sent once, and the job ends rather than asking again on every open", async () => {
    harness = await startHarness({ document, proxy: { budgetUsdPerDay: 0.05 } })
    await harness.setFaults({ loseSubmitAnswer: 1 })
    const control = recorder('doubt')
    await runJob(harness.deps, request('doubt'), control)
    expect(control.last.phase).toBe('failed')
    // The plugin's own words only, not the proxy's long message glued to them.
    expect(control.last.message).toBe(
      "fal's reply was lost, so Keyframe can't tell whether this job ran. It stays charged ($0.028) and won't be sent again. " +
        "Generate to try again (charged again); your admin can find the first one in fal's history."
    )
    expect(control.last.notCharged).toBeUndefined()
    expect(harness.plugin.host.notifications.at(-1)).toBe("fal's reply was lost: $0.028 stays charged")
    // fal has it once, however often the client retried.
    expect(await harness.requests()).toHaveLength(1)
    // Ended: no empty section is left, and a reopened plugin finds nothing to send again.
    expect(sectionsOf(harness)).toEqual([])
    expect(await harness.plugin.call('pendingJobs')).toEqual({ mine: [], others: [] })
    // Kept charged: $0.028 of $0.05 is spent, so a second job of the same size no longer fits.
    const again = recorder('again')
    await runJob(harness.deps, request('again'), again)
    expect(again.last.message).toMatch(/^This costs \$0\.028, but only \$0\.022 of your \$0\.050 budget for today is left\. Nothing was charged\./)
  })
})

describe('a resend the proxy refuses because of an earlier send', () => {
  // The proxy's own answers (src/proxy/submit-gate.ts), not fal's: `job_other_token` carries no
  // keyframe_charge mark (the first send may be charged), `job_id_reused` is marked none (this answer sent
  // nothing) though its first send may be charged too.
  const OLD = testToken('designer-before-rotation')
  const NEW = testToken('designer-after-rotation')
  // With tokens set, the offline control routes (what fal holds) need an admin's token.
  const ADMIN = testToken('admin-reading-offline-requests')

  /** The record the closed plugin left: its page's only section, ended and kept. */
  const keptRecord = (h: Harness) => jobRecord(h)

  test('sent before with another token (rotated since): ends once, says it may have been charged and to ask the admin, and is not resent on the next open', async () => {
    harness = await startHarness({ document, token: NEW, proxy: { tokens: [NEW, OLD], adminTokens: [ADMIN] } })
    const h = harness
    const { endpoint, input } = closedPlan('rotated')
    await h.plugin.call('startJob', closedPlan('rotated'))
    // The closed plugin sent it with the token from before the rotation; its answer was never recorded.
    await falClientFor(h.proxy.proxyUrl, OLD).queue.submit(endpoint, { input, headers: { 'x-keyframe-job': 'rotated' } })
    const { pending, resumed } = await reopenAndResume(h)
    expect(pending.requestId).toBeUndefined()
    expect(resumed.last.phase).toBe('failed')
    expect(resumed.last.message).toBe(
      'This job was sent once before with another access token (perhaps yours, before it was rotated), so the proxy did not send it again. ' +
        'That first send may have been charged ($0.028): ask your admin about it. Generate to try again (charged again).'
    )
    expect(resumed.last.notCharged).toBeUndefined()
    expect(h.plugin.host.notifications.at(-1)).toBe('Sent before with another token: may be charged, ask your admin')
    // Ended, not kept for the next open (which would refuse it again, and after the proxy forgets the job
    // id would send it as new and pay twice); its section stays as the trace of the first send.
    expect(await h.plugin.call('pendingJobs')).toEqual({ mine: [], others: [] })
    expect(keptRecord(h)).toMatchObject({ jobId: 'rotated', state: 'failed' })
    expect(panelTexts(sectionsOf(h)[0]!)[0]?.status).toContain('may have been charged')
    expect(await offlineRequests(h.proxy.origin, ADMIN)).toHaveLength(1)
  })

  test('sent before with other settings: ends once, never "nothing was charged", and keeps its section', async () => {
    harness = await startHarness({ document })
    const h = harness
    const { endpoint, input } = closedPlan('reused')
    await h.plugin.call('startJob', closedPlan('reused'))
    // An earlier send under the same job id with other settings reached fal.
    await h.deps.fal.queue.submit(endpoint, { input: { ...input, num_images: 2 }, headers: { 'x-keyframe-job': 'reused' } })
    const { resumed } = await reopenAndResume(h)
    expect(resumed.last.phase).toBe('failed')
    expect(resumed.last.message).toBe(
      'This job was sent once before with other settings, so the proxy did not send it again. ' +
        'That first send may have been charged ($0.028): ask your admin about it. Generate to try again (charged again).'
    )
    expect(resumed.last.notCharged).toBeUndefined()
    expect(await h.plugin.call('pendingJobs')).toEqual({ mine: [], others: [] })
    expect(keptRecord(h)).toMatchObject({ jobId: 'reused', state: 'failed' })
    expect(await h.requests()).toHaveLength(1)
  })

  test('recorded mid-submit longer ago than the proxy remembers sends: not sent again, ends saying it may have been charged', async () => {
    harness = await startHarness({ document })
    const h = harness
    // Nine days before the harness's clock: past the proxy's 8-day memory of job ids, so a resend could
    // be forwarded as a new job and paid twice.
    await h.plugin.call('startJob', { ...closedPlan('old'), createdAt: '2026-11-17T12:00:00.000Z' })
    const { mine: [pending] } = await h.plugin.call('pendingJobs')
    const fal = counting(h)
    const resumed = recorder('old')
    await resumeJob(fal.deps, pending!, resumed)
    expect(fal.queue).toEqual([])
    expect(resumed.last.phase).toBe('failed')
    expect(resumed.last.message).toBe(
      'Keyframe closed while sending this job on 17 Nov, 12:00 UTC. The proxy remembers sends for 8 days, so sending it again now could pay for it twice: it was not sent again. ' +
        "It may have been charged ($0.028): ask your admin, who can look for it in fal's history. Generate to try again (charged again)."
    )
    expect(resumed.last.notCharged).toBeUndefined()
    expect(await h.plugin.call('pendingJobs')).toEqual({ mine: [], others: [] })
    expect(keptRecord(h)).toMatchObject({ jobId: 'old', state: 'failed' })
    expect(await h.requests()).toEqual([])
  })
})

describe('endings fal decides, and answers that say nothing', () => {
  test('cancelled OK while queued, and the plugin closed before it could end the job: the reopened plugin ends it, not charged, once', async () => {
    harness = await startHarness({ document, latencyMs: 3000 })
    const h = harness
    // The plugin closes right after fal answered the cancel: the job is never ended by it.
    const closing = withMain(h, { finishJob: async () => undefined })
    const control = recorder('j', (update) => /^(next up|\d+ ahead)$/.test(update.detail ?? ''))
    await runJob(closing, request('j'), control)
    expect(jobRecord(h)).toMatchObject({ state: 'submitted', cancelAnswer: 'OK' })
    // By the time the plugin reopens fal may have forgotten the request: what it would answer a second
    // cancel or a status call then is not documented, so the recorded OK must settle it without asking.
    await h.setFaults({ retentionMs: 0 })
    const { mine: [pending] } = await h.plugin.call('pendingJobs')
    const fal = counting(h)
    const resumed = recorder('j')
    await resumeJob(fal.deps, pending!, resumed)
    expect(fal.cancels).toEqual([])
    expect(fal.queue).toEqual([])
    expect(resumed.last.phase).toBe('cancelled')
    expect(resumed.last.message).toBe('Cancelled while queued: fal removed it from the queue, so nothing was charged.')
    expect(resumed.last.notCharged).toBe(true)
    expect(h.plugin.host.notifications.at(-1)).toBe('Cancelled: nothing charged')
    // Ended: no section left, nothing to pick up on the next open (no loop of "Failed — Bad Request").
    expect(sectionsOf(h)).toEqual([])
    expect(await h.plugin.call('pendingJobs')).toEqual({ mine: [], others: [] })
  })

  test("cancelled at fal with no record of fal's answer: the reopened plugin reads fal's final status, ends it, and says it may be billed", async () => {
    harness = await startHarness({ document, latencyMs: 3000 })
    const h = harness
    await h.plugin.call('startJob', closedPlan('lost-cancel'))
    const { endpoint, input } = closedPlan('lost-cancel')
    const { request_id: requestId, cancel_url: cancelUrl } = await h.deps.fal.queue.submit(endpoint, { input, headers: { 'x-keyframe-job': 'lost-cancel' } })
    const { jobId, sectionId } = onlyPending(await h.plugin.call('pendingJobs'))
    await h.plugin.call('recordSubmitted', { jobId, sectionId, requestId, cancelUrl })
    // The closed plugin's cancel reached fal (OK), but its answer was never kept.
    expect(await h.deps.cancel(cancelUrlOf({ requestId, cancelUrl }))).toBe('OK')
    const { resumed } = await reopenAndResume(h)
    expect(resumed.last.phase).toBe('cancelled')
    expect(resumed.last.message).toBe(
      'Cancelled: fal stopped this request before it delivered any images. Keyframe has no record of whether it had started, so fal may bill it ($0.028).'
    )
    expect(resumed.last.notCharged).toBeUndefined()
    expect(await h.plugin.call('pendingJobs')).toEqual({ mine: [], others: [] })
  })

  test('cancel requested while generating, Kling finishes, and the result cannot be fetched: failed with the job kept, not "Kling stopped"', async () => {
    harness = await startHarness({ document, latencyMs: 3000 })
    await harness.setFaults({ cancelRunning: 'completes', result: { status: 500 } })
    const control = recorder('j', 'generating')
    await runJob(harness.deps, request('j', { output: 'variations', count: 2 }), control)
    expect(control.last.phase).toBe('failed')
    expect(control.last.message).toMatch(/\(500: .*The job is saved in the file: reopen Keyframe to pick it up\.$/)
    expect(control.last.message).not.toMatch(/stopped|delivered no images/)
    expect(jobRecord(harness)).toMatchObject({ state: 'submitted', cancelAnswer: 'CANCELLATION_REQUESTED' })
    await fetch(`${harness.proxy.origin}/__offline/faults`, { method: 'DELETE' })
    const { mine: [pending] } = await harness.plugin.call('pendingJobs')
    const fal = counting(harness)
    const resumed = recorder(pending!.jobId)
    await resumeJob(fal.deps, pending!, resumed)
    // fal's answer is on record: the cancel is not sent again (a second answer, ALREADY_COMPLETED or
    // NOT_FOUND, would say nothing new and must not replace it).
    expect(fal.cancels).toEqual([])
    expect(resumed.last.cancelSent).toBe(true)
    expect(resumed.last.phase, resumed.last.message).toBe('done')
    expect(resumed.last.message).toBe('Cancel came too late: placed 2 images, $0.056.')
    expect(jobRecord(harness)).toMatchObject({ state: 'done', cancelAnswer: 'CANCELLATION_REQUESTED' })
    expect(panelTexts(sectionsOf(harness)[0]!).every((p) => p.image)).toBe(true)
  })

  test('a 504 page from a load balancer in front of the proxy: not called free, kept, and the reopened plugin resends the same job id, paid once', async () => {
    harness = await startHarness({ document })
    const h = harness
    // The stand-in load balancer forwards everything, but answers a submit with its own 504 page.
    const front = await startFront(h.proxy.proxyUrl, async (forwarded, isSubmit) =>
      isSubmit ? new Response('<html><body><h1>504 Gateway Time-out</h1></body></html>', { status: 504, headers: { 'content-type': 'text/html' } }) : forwarded
    )
    try {
      const deps = { ...h.deps, fal: falClientFor(front.url), cancel: cancelThroughProxy({ proxyUrl: front.url, token: '' }) }
      const control = recorder('lb')
      await runJob(deps, request('lb'), control)
      expect(control.last.phase).toBe('failed')
      expect(control.last.message).not.toMatch(/Nothing was charged/)
      expect(control.last.message).toMatch(/It may have reached fal, so the job stays saved in the file and is checked again when Keyframe reopens/)
      expect(control.last.notCharged).toBeUndefined()
      // fal has it (the proxy forwarded it), and the record stays for the next open.
      expect(await h.requests()).toHaveLength(1)
    } finally {
      await front.stop()
    }
    const { pending, resumed } = await reopenAndResume(h)
    expect(pending.requestId).toBeUndefined()
    expect(resumed.last.phase, resumed.last.message).toBe('done')
    expect(await h.requests()).toHaveLength(1) // replayed by the proxy, not paid twice
  })

  test('the proxy has no record of the request id: failed, kept, and the message says to ask whoever runs the proxy (not "expired")', async () => {
    harness = await startHarness({ document, token: RIGHT_TOKEN, proxy: { tokens: [RIGHT_TOKEN] } })
    const h = harness
    await h.plugin.call('startJob', closedPlan('forgotten'))
    const { jobId, sectionId } = onlyPending(await h.plugin.call('pendingJobs'))
    // A request this proxy never bound (its DATA_DIR was reset, or another instance took the submit).
    await h.plugin.call('recordSubmitted', { jobId, sectionId, requestId: 'req-the-proxy-never-saw' })
    const { resumed } = await reopenAndResume(h)
    expect(resumed.last.phase).toBe('failed')
    expect(resumed.last.message).toBe(
      'The proxy has no record of request req-the-proxy-never-saw: its data may have been reset, or another copy of the proxy answered. fal may still have it ($0.028). ' +
        'The job stays saved in the file: ask whoever runs the proxy, then reopen Keyframe.'
    )
    expect(jobRecord(h)).toMatchObject({ state: 'submitted', requestId: 'req-the-proxy-never-saw' })
  })
})

describe('a request the proxy no longer knows, long after it was sent', () => {
  // The proxy's own 404 unknown_request (src/proxy/fal-route.ts), not fal's: it forgets which token sent
  // a request id after 8 days, and fal keeps a result an hour after it completes.
  test.each([
    ['nine days ago: past the proxy\'s memory of its owner', '2026-11-17T12:00:00.000Z', '17 Nov'],
    ['two days ago: long past fal keeping its result', '2026-11-24T12:00:00.000Z', '24 Nov']
  ])('sent %s: ends Expired (paid, result gone), marks its panels, and is not picked up again', async (_, createdAt, day) => {
    harness = await startHarness({ document, token: RIGHT_TOKEN, proxy: { tokens: [RIGHT_TOKEN] } })
    const h = harness
    const { sectionId } = await h.plugin.call('startJob', { ...closedPlan('long-ago'), createdAt })
    await h.plugin.call('recordSubmitted', { jobId: 'long-ago', sectionId, requestId: 'req-bound-long-ago' })
    const { resumed } = await reopenAndResume(h)
    expect(resumed.last.phase).toBe('expired')
    expect(resumed.last.message).toBe(
      `These images expired before Keyframe could download them. Paid $0.028 on ${day}, 12:00 UTC. Generate again to get new ones (charged again).`
    )
    expect(panelTexts(sectionsOf(h)[0]!)[0]?.status).toBe('Image 1 did not arrive: This image expired before Keyframe could download it. $0.028 paid for it.')
    expect(jobRecord(h)).toMatchObject({ state: 'expired', requestId: 'req-bound-long-ago' })
    expect(await h.plugin.call('pendingJobs')).toEqual({ mine: [], others: [] })
  })
})

/** The one job this user left in the file. */
function onlyPending({ mine }: { mine: { jobId: string; sectionId: string }[] }): { jobId: string; sectionId: string } {
  const [job, ...more] = mine
  if (!job || more.length > 0) throw new Error(`expected one unfinished job, found ${mine.length}`)
  return job
}

/** A job recorded by a plugin that then closed. */
function closedPlan(jobId: string) {
  return {
    jobId,
    endpoint: 'fal-ai/kling-image/v3/text-to-image' as const,
    input: { prompt: PROMPT, resolution: '1K' as const, aspect_ratio: '16:9' as const, output_format: 'png' as const, num_images: 1 },
    panels: [{ number: 1 }],
    nominalSize: { width: 1024, height: 576 },
    costUsd: 0.028,
    title: 'Lighthouse',
    createdAt: '2026-11-26T12:00:00.000Z'
  }
}

/**
 * A stand-in for a reverse proxy or load balancer in front of Keyframe's proxy: every call is passed on,
 * and `answer` decides what the caller gets back (the proxy's answer, or a page of its own).
 */
async function startFront(proxyUrl: string, answer: (forwarded: Response, isSubmit: boolean) => Promise<Response>): Promise<{ url: string; stop: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void (async () => {
        const headers = new Headers()
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers.set(name, value)
        const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined
        const forwarded = await fetch(proxyUrl, { method: req.method, headers, body })
        const isSubmit = req.method === 'POST' && !(req.headers['x-fal-target-url'] ?? '').includes('/storage/')
        const out = await answer(forwarded, isSubmit)
        res.writeHead(out.status, Object.fromEntries(out.headers))
        res.end(Buffer.from(await out.arrayBuffer()))
      })().catch(() => res.destroy())
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/api/fal/proxy`, stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
