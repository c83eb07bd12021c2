// A panel's versions through the real main thread and the in-memory Figma: Regenerate and Variations
// jobs recorded on the panel, each image added as a version (never over an older one), switching and
// removing versions, and the refusals, which change nothing.
import { describe, expect, test } from 'vitest'

import type { JobPlan, PanelSummary, SelectionSnapshot } from '../../src/messages'
import { makeImage } from '../host/helpers'
import { type RunningPlugin, runMain } from '../host/run-main'

const ANA = { id: '1001', name: 'Ana' }
const BEN = { id: '2002', name: 'Ben' }
const SERIES_INPUT = { prompt: 'Style: ink. Panel 1: a. Panel 2: b.', resolution: '1K', aspect_ratio: '16:9', result_type: 'series', series_amount: 2 } as const

function seriesPlan(): JobPlan {
  return {
    jobId: 'series',
    endpoint: 'fal-ai/kling-image/o3/text-to-image',
    input: SERIES_INPUT,
    panels: [{ number: 1, caption: 'a' }, { number: 2, caption: 'b' }],
    nominalSize: { width: 1024, height: 576 },
    costUsd: 0.056,
    title: 'Series',
    createdAt: '2026-11-26T12:00:00.000Z'
  }
}

/** A plan for O3 text-to-image, its input typed for that endpoint. */
type O3Plan = Extract<JobPlan, { endpoint: 'fal-ai/kling-image/o3/text-to-image' }>

function versionsPlan(jobId: string, panelId: string, count: number): O3Plan {
  const input = { prompt: 'Style: ink. b.', resolution: '1K', aspect_ratio: '16:9', num_images: count } as const
  return {
    jobId,
    endpoint: 'fal-ai/kling-image/o3/text-to-image',
    input,
    panels: Array.from({ length: count }, (_, i) => ({ number: i + 1 })),
    nominalSize: { width: 1024, height: 576 },
    costUsd: 0.028 * count,
    title: 'Panel 2',
    createdAt: '2026-11-26T13:00:00.000Z',
    target: { kind: 'versions', panelId }
  }
}

const colours = [
  { r: 255, g: 0, b: 0 },
  { r: 0, g: 255, b: 0 },
  { r: 0, g: 0, b: 255 },
  { r: 255, g: 255, b: 0 },
  { r: 0, g: 255, b: 255 }
]
let colour = 0
async function image(ref: { jobId: string; sectionId: string }, number: number) {
  return { ...ref, number, bytes: await makeImage(1024, 576, 'png', colours[colour++ % colours.length]), width: 1024, height: 576, sourceUrl: `u${number}` }
}

/** A filled series of two; returns the run and panel 2. */
async function filledSeries(): Promise<{ run: RunningPlugin; panel: FrameNode; section: SectionNode }> {
  const run = await runMain({ user: ANA })
  const ref = { jobId: 'series', ...(await run.call('startJob', seriesPlan())) }
  await run.call('recordSubmitted', { ...ref, requestId: 'req-series' })
  await run.call('fillPanel', await image(ref, 1))
  await run.call('fillPanel', await image(ref, 2))
  await run.call('finishJob', { ...ref, state: 'done', message: '', toast: '' })
  const section = (await run.host.figma.getNodeByIdAsync(ref.sectionId)) as SectionNode
  const panel = section.children.find((c) => c.name === 'Panel 2') as FrameNode
  return { run, panel, section }
}

/** The panel as the plugin's UI is shown it: selected, and read by the main thread. */
async function summary(run: RunningPlugin, panel: FrameNode): Promise<PanelSummary> {
  run.host.figma.currentPage.selection = [panel]
  for (;;) {
    const changed = run.next('SELECTION_CHANGED')
    run.emit('UI_READY')
    const [snapshot] = (await changed) as [SelectionSnapshot]
    const found = snapshot.panels.find((p) => p.id === panel.id)
    if (found) return found
  }
}
const imageFills = (panel: FrameNode) =>
  ((panel.children.find((c) => c.name === 'Image') as RectangleNode).fills as ImagePaint[]).map((p) => ({ hash: p.imageHash, visible: p.visible }))
const badge = (panel: FrameNode) => (panel.findOne((n) => n.type === 'TEXT' && n.parent?.name === 'Version') as TextNode | null)?.characters

async function regenerate(run: RunningPlugin, panel: FrameNode, jobId: string, count: number) {
  const ref = { jobId, ...(await run.call('startJob', versionsPlan(jobId, panel.id, count))) }
  await run.call('recordSubmitted', { ...ref, requestId: `req-${jobId}` })
  return ref
}

describe('versions jobs', () => {
  test('a panel made before versions were kept reads as v1 of 1, its cost its one image', async () => {
    const { run, panel } = await filledSeries()
    const s = await summary(run, panel)
    expect(s.versions).toEqual({ count: 1, current: 1 })
    expect(s.costUsd).toBe(0.028)
    expect(s.shown).toMatchObject({ requestId: 'req-series', index: 2, input: SERIES_INPUT })
    expect(badge(panel)).toBeUndefined()
  })

  test('Regenerate makes no section, records the job on the panel, and adds the image as v2 of 2 shown', async () => {
    const { run, panel, section } = await filledSeries()
    const sectionsBefore = run.host.figma.currentPage.children.length
    const before = imageFills(panel)
    const caption = (panel.findOne((n) => n.name === 'Caption') as TextNode).characters
    const ref = await regenerate(run, panel, 'regen', 1)
    expect(ref.sectionId).toBe(panel.id)
    expect(run.host.figma.currentPage.children.length).toBe(sectionsBefore)
    // A reopened plugin finds it on the panel.
    expect((await run.call('pendingJobs')).mine.map((j) => [j.jobId, j.sectionId, j.target])).toEqual([['regen', panel.id, { kind: 'versions', panelId: panel.id }]])

    await run.call('fillPanel', await image(ref, 1))
    await run.call('finishJob', { ...ref, state: 'done', message: '', toast: '' })
    const fills = imageFills(panel)
    expect(fills).toHaveLength(2)
    expect(fills[0]).toEqual({ ...before[0], visible: false })
    expect(fills[1]!.visible).toBe(true)
    const s = (await summary(run, panel))
    expect(s.versions).toEqual({ count: 2, current: 2 })
    expect(s.costUsd).toBe(0.056)
    expect(s.shown).toMatchObject({ requestId: 'req-regen', prompt: 'Style: ink. b.' })
    expect(JSON.parse(panel.getPluginData('keyframe.provenance')).requestId).toBe('req-regen')
    expect(badge(panel)).toBe('v2 of 2')
    expect((panel.findOne((n) => n.name === 'Caption') as TextNode).characters).toBe(caption)
    // Panel 1 untouched.
    const other = section.children.find((c) => c.name === 'Panel 1') as FrameNode
    expect(imageFills(other)).toHaveLength(1)
    expect((await run.call('pendingJobs')).mine).toEqual([])
  })

  test("Finalize's version is marked final with fal's URL and the file's own size; the versions before it, and old records, carry no mark", async () => {
    const { run, panel } = await filledSeries()
    expect((await summary(run, panel)).final).toBeUndefined()
    const input = { prompt: 'Keep @Image1. Style: ink. b.', image_urls: ['https://fal.media/panel.png'], resolution: '4K' as const, aspect_ratio: '16:9' as const, num_images: 1 }
    const plan: JobPlan = { ...versionsPlan('final', panel.id, 1), endpoint: 'fal-ai/kling-image/o3/image-to-image', input, costUsd: 0.056, target: { kind: 'versions', panelId: panel.id, final: true } }
    const ref = { jobId: 'final', ...(await run.call('startJob', plan)) }
    await run.call('recordSubmitted', { ...ref, requestId: 'req-final' })
    // Scaled down to fit Figma: the placed image is 4096 wide, the file fal made was larger.
    const big = { ...ref, number: 1, bytes: await makeImage(4096, 2304, 'png', colours[0]), width: 4096, height: 2304, sourceUrl: 'https://fal.media/final-4k.png', fullSize: { width: 4608, height: 2592 } }
    await run.call('fillPanel', big)
    await run.call('finishJob', { ...ref, state: 'done', message: '', toast: '' })
    const s = await summary(run, panel)
    expect(s.versions).toEqual({ count: 2, current: 2 })
    expect(s.final).toEqual({ resolution: '4K', imageUrl: 'https://fal.media/final-4k.png', fullSize: { width: 4608, height: 2592 } })
    const versions = JSON.parse(panel.getPluginData('keyframe.versions')) as { provenance: { final?: boolean } }[]
    expect(versions.map((v) => v.provenance.final)).toEqual([undefined, true])
    expect(badge(panel)).toBe('v2 of 2')
    // Back on v1: no mark.
    await run.call('stepVersion', { panelId: panel.id, step: -1 })
    expect((await summary(run, panel)).final).toBeUndefined()
  })

  test('Variations of 3 add three versions, the first new one shown; a repeated image is not added twice', async () => {
    const { run, panel } = await filledSeries()
    const ref = await regenerate(run, panel, 'vars', 3)
    const first = await image(ref, 1)
    await run.call('fillPanel', first)
    await run.call('fillPanel', first)
    await run.call('fillPanel', await image(ref, 2))
    await run.call('fillPanel', await image(ref, 3))
    expect((await summary(run, panel)).versions).toEqual({ count: 4, current: 2 })
    expect(badge(panel)).toBe('v2 of 4')
    expect((await summary(run, panel)).costUsd).toBe(0.112)
  })

  test('previous and next switch the shown image; the ends and a single image are refused without change', async () => {
    const { run, panel, section } = await filledSeries()
    const single = section.children.find((c) => c.name === 'Panel 1') as FrameNode
    await expect(run.call('stepVersion', { panelId: single.id, step: -1 })).rejects.toThrow(
      '"Panel 1" has one image; Regenerate or Variations adds versions to switch between.'
    )
    const ref = await regenerate(run, panel, 'vars', 2)
    await run.call('fillPanel', await image(ref, 1))
    await run.call('fillPanel', await image(ref, 2))
    expect((await summary(run, panel)).versions.current).toBe(2)
    await run.call('stepVersion', { panelId: panel.id, step: -1 })
    expect((await summary(run, panel)).versions).toEqual({ count: 3, current: 1 })
    expect(badge(panel)).toBe('v1 of 3')
    expect(JSON.parse(panel.getPluginData('keyframe.provenance')).requestId).toBe('req-series')
    const fills = imageFills(panel)
    await expect(run.call('stepVersion', { panelId: panel.id, step: -1 })).rejects.toThrow('"Panel 2" already shows its first version.')
    expect(imageFills(panel)).toEqual(fills)
    await run.call('stepVersion', { panelId: panel.id, step: 1 })
    await run.call('stepVersion', { panelId: panel.id, step: 1 })
    await expect(run.call('stepVersion', { panelId: panel.id, step: 1 })).rejects.toThrow('"Panel 2" already shows its last version.')
    expect((await summary(run, panel)).versions).toEqual({ count: 3, current: 3 })
  })

  test('the shown version follows the visible paint even when the designer reorders the fills', async () => {
    const { run, panel } = await filledSeries()
    const ref = await regenerate(run, panel, 'regen', 1)
    await run.call('fillPanel', await image(ref, 1))
    const rect = panel.children.find((c) => c.name === 'Image') as RectangleNode
    rect.fills = [...(rect.fills as Paint[])].reverse()
    expect((await summary(run, panel)).versions).toEqual({ count: 2, current: 2 })
    expect((await summary(run, panel)).shown?.requestId).toBe('req-regen')
  })

  test("the designer's own paints on the Image layer stay, in place and in order, through Regenerate, switching and removing", async () => {
    const { run, panel } = await filledSeries()
    const rect = panel.children.find((c) => c.name === 'Image') as RectangleNode
    const texture = run.host.figma.createImage(await makeImage(32, 32, 'png', { r: 1, g: 2, b: 3 })).hash
    const dropped = run.host.figma.createImage(await makeImage(40, 30, 'png', { r: 9, g: 8, b: 7 })).hash
    const first = (rect.fills as ImagePaint[])[0]!.imageHash
    // A tint under the image, then the image, a paper texture at 30% and an image the designer dropped in (hidden).
    const tint: SolidPaint = { type: 'SOLID', color: { r: 1, g: 0.8, b: 0.6 }, opacity: 0.2 }
    const paper: ImagePaint = { type: 'IMAGE', imageHash: texture, scaleMode: 'TILE', opacity: 0.3 }
    const own: ImagePaint = { type: 'IMAGE', imageHash: dropped, scaleMode: 'FIT', visible: false }
    rect.fills = [tint, ...(rect.fills as Paint[]), paper, own]
    const layers = () => (rect.fills as Paint[]).map((p) => [p.type === 'IMAGE' ? (p as ImagePaint).imageHash : p.type, p.visible !== false, p.opacity ?? 1])

    const ref = await regenerate(run, panel, 'regen', 1)
    await run.call('fillPanel', await image(ref, 1))
    const second = (rect.fills as ImagePaint[]).at(-1)!.imageHash
    expect(layers()).toEqual([['SOLID', true, 0.2], [first, false, 1], [texture, true, 0.3], [dropped, false, 1], [second, true, 1]])
    expect((await summary(run, panel)).versions).toEqual({ count: 2, current: 2 })

    await run.call('stepVersion', { panelId: panel.id, step: -1 })
    expect(layers()).toEqual([['SOLID', true, 0.2], [first, true, 1], [texture, true, 0.3], [dropped, false, 1], [second, false, 1]])
    expect((await summary(run, panel)).versions).toEqual({ count: 2, current: 1 })
    expect((rect.fills as Paint[])[2]).toMatchObject({ ...paper, visible: true })

    await run.call('removeVersion', { panelId: panel.id })
    expect(layers()).toEqual([['SOLID', true, 0.2], [texture, true, 0.3], [dropped, false, 1], [second, true, 1]])
    expect((await summary(run, panel)).versions).toEqual({ count: 1, current: 1 })
  })

  test('removing the shown version drops its image and shows the one before; the only image is refused', async () => {
    const { run, panel } = await filledSeries()
    const ref = await regenerate(run, panel, 'regen', 1)
    await run.call('fillPanel', await image(ref, 1))
    const paid = (await summary(run, panel)).costUsd
    await run.call('removeVersion', { panelId: panel.id })
    expect((await summary(run, panel)).versions).toEqual({ count: 1, current: 1 })
    expect((await summary(run, panel)).shown?.requestId).toBe('req-series')
    // The removed image was paid for: the panel's cost so far does not shrink.
    expect((await summary(run, panel)).costUsd).toBeCloseTo(paid, 6)
    expect(badge(panel)).toBeUndefined()
    const fills = imageFills(panel)
    const data = panel.getPluginData('keyframe.versions')
    await expect(run.call('removeVersion', { panelId: panel.id })).rejects.toThrow(
      '"Panel 2" has only one image, so it was kept. To get rid of it, delete the panel, or Regenerate first and then remove this version.'
    )
    expect(imageFills(panel)).toEqual(fills)
    expect(panel.getPluginData('keyframe.versions')).toBe(data)
  })

  test('a second regenerate of a panel whose job is running is refused, and leaves the first alone', async () => {
    const { run, panel } = await filledSeries()
    await regenerate(run, panel, 'first', 1)
    await expect(run.call('startJob', versionsPlan('second', panel.id, 1))).rejects.toThrow(
      '"Panel 2" is still being regenerated. Wait for that to finish (or cancel it) before starting another.'
    )
    expect(JSON.parse(panel.getPluginData('keyframe.job')).jobId).toBe('first')
    expect((await summary(run, panel)).running).toBe(true)
  })

  test('two regenerates started at once (a double click): the second is refused before anything is sent', async () => {
    const { run, panel } = await filledSeries()
    const [first, second] = await Promise.allSettled([
      run.call('startJob', versionsPlan('first', panel.id, 1)),
      run.call('startJob', versionsPlan('second', panel.id, 1))
    ])
    expect(first).toEqual({ status: 'fulfilled', value: { sectionId: panel.id } })
    expect(String((second as PromiseRejectedResult).reason)).toContain('"Panel 2" is still being regenerated.')
    expect(JSON.parse(panel.getPluginData('keyframe.job')).jobId).toBe('first')
  })

  test('a versions job for something that is not a panel is refused, making nothing', async () => {
    const { run, section } = await filledSeries()
    const count = run.host.figma.currentPage.children.length
    await expect(run.call('startJob', versionsPlan('x', section.id, 1))).rejects.toThrow(
      'The panel to regenerate is no longer in the file (deleted, or no longer a Keyframe panel). Select a panel and try again.'
    )
    expect(run.host.figma.currentPage.children.length).toBe(count)
  })

  test('a failed or cancelled versions job leaves the panel, its image and its versions as they were', async () => {
    const { run, panel } = await filledSeries()
    const fills = imageFills(panel)
    const ref = await regenerate(run, panel, 'regen', 1)
    await run.call('failPanel', { ...ref, number: 1, message: 'Kling refused it' })
    await run.call('finishJob', { ...ref, state: 'cancelled', message: '', toast: '' })
    expect(panel.removed).toBe(false)
    expect(imageFills(panel)).toEqual(fills)
    expect(panel.findOne((n) => n.name === 'Status')).toBeNull()
  })

  test("someone else's versions job on a panel is not theirs to fill", async () => {
    const { run, panel } = await filledSeries()
    const ref = await regenerate(run, panel, 'regen', 1)
    const ben = await runMain({ host: run.host.join({ user: BEN }) })
    await expect(ben.call('fillPanel', await image(ref, 1))).rejects.toThrow('Ana started this generation, so only their Keyframe can change it.')
    expect((await ben.call('pendingJobs')).others.map((j) => j.jobId)).toEqual(['regen'])
  })

  test("a version that would overflow Figma's plugin data is refused before the panel changes; the job stays open to place it later", async () => {
    const { run, panel } = await filledSeries()
    const ref = await regenerate(run, panel, 'big', 1)
    // One stored version whose provenance is just under 100 kB, so the next version's will not fit.
    const [only] = JSON.parse(panel.getPluginData('keyframe.versions') || 'null') ?? [{ imageHash: imageFills(panel)[0]!.hash, provenance: JSON.parse(panel.getPluginData('keyframe.provenance')) }]
    only.provenance.input = { ...only.provenance.input, note: 'é'.repeat(49_700) }
    panel.setPluginData('keyframe.versions', JSON.stringify([only]))
    const fills = imageFills(panel)
    await expect(run.call('fillPanel', await image(ref, 1))).rejects.toThrow(
      '"Panel 2" holds 1 versions, as many as Figma lets Keyframe record on one panel. Remove some with Remove version, then reopen Keyframe to place the new one.'
    )
    expect(imageFills(panel)).toEqual(fills)
    expect((await run.call('pendingJobs')).mine.map((j) => [j.jobId, j.filled])).toEqual([['big', []]])
  })

  test('a regenerate whose versions would not fit in Figma\'s plugin data is refused before it is sent', async () => {
    const { run, panel } = await filledSeries()
    // A long prompt: every version keeps its request's whole input (about 20 kB here).
    const big = (jobId: string, count: number): JobPlan => {
      const plan = versionsPlan(jobId, panel.id, count)
      return { ...plan, input: { ...plan.input, prompt: `Style: ink. ${'rain on neon, '.repeat(1500)}` } }
    }
    for (let i = 0; ; i++) {
      const jobId = `fits-${i}`
      const started = await run.call('startJob', big(jobId, 1)).catch((e: unknown) => e as Error)
      if (started instanceof Error) break
      const ref = { jobId, ...started }
      await run.call('recordSubmitted', { ...ref, requestId: `req-${jobId}-0123456789abcdef0123456789ab` })
      // Every start that was accepted places its (paid) image.
      await run.call('fillPanel', { ...(await image(ref, 1)), sourceUrl: `https://v3b.fal.media/files/b/koala/${'q'.repeat(60)}.png` })
      await run.call('finishJob', { ...ref, state: 'done', message: '', toast: '' })
      expect(i).toBeLessThan(10)
    }
    const count = JSON.parse(panel.getPluginData('keyframe.versions')).length as number
    expect(count).toBeGreaterThan(2)
    const list = panel.getPluginData('keyframe.versions')
    const job = panel.getPluginData('keyframe.job')
    await expect(run.call('startJob', big('too-many', 1))).rejects.toThrow(
      `"Panel 2" holds ${count} versions, and Figma has no room on one panel to record another with this request (each keeps its full prompt and references). Remove some with Remove version, then Regenerate again.`
    )
    expect(panel.getPluginData('keyframe.job')).toBe(job)
    expect(panel.getPluginData('keyframe.versions')).toBe(list)
    // Fewer variations than asked would fit: the message says how many, and that many are accepted.
    await run.call('removeVersion', { panelId: panel.id })
    await run.call('removeVersion', { panelId: panel.id })
    const refused = String(await run.call('startJob', big('vars', 4)).then(() => 'accepted', (e: unknown) => e))
    const fit = /"Panel 2" holds (\d+) versions, and Figma has room on one panel to record only (\d) more with this request \(each keeps its full prompt and references\)\. Ask for \2 or fewer, or remove some with Remove version\./.exec(refused)
    expect(fit?.[1]).toBe(String(count - 2))
    expect(Number(fit?.[2])).toBeGreaterThan(0)
    await run.call('startJob', big('vars', Number(fit?.[2])))
  })

  test('an image is recorded as placed together with its version: a plugin stopped while laying out does not place it twice', async () => {
    const { run, panel } = await filledSeries()
    const ref = await regenerate(run, panel, 'regen', 1)
    const picture = await image(ref, 1)
    // Reopened on a machine without the caption's font: laying the panel out fails after the version is added.
    const bare = await runMain({ host: run.host.join({ user: ANA, fonts: [{ family: 'Inter', style: 'Medium' }] }) })
    await expect(bare.call('fillPanel', picture)).rejects.toThrow(/Inter/)
    expect(imageFills(panel)).toHaveLength(2)
    expect(JSON.parse(panel.getPluginData('keyframe.job')).filled).toEqual([1])
    // Opened again where the font is: the same result is placed again, and not added a second time.
    const again = await runMain({ host: run.host.join({ user: ANA }) })
    await again.call('fillPanel', picture)
    expect(imageFills(panel)).toHaveLength(2)
    expect(JSON.parse(panel.getPluginData('keyframe.versions'))).toHaveLength(2)
  })

  test('two images of one Variations job arriving together are both recorded, the first shown', async () => {
    const { run, panel } = await filledSeries()
    const ref = await regenerate(run, panel, 'vars', 2)
    await Promise.all([run.call('fillPanel', await image(ref, 1)), run.call('fillPanel', await image(ref, 2))])
    expect(JSON.parse(panel.getPluginData('keyframe.job')).filled).toEqual([1, 2])
    expect(JSON.parse(panel.getPluginData('keyframe.versions'))).toHaveLength(3)
    expect((await summary(run, panel)).versions).toEqual({ count: 3, current: 2 })
  })

  test('a panel deleted while its regenerate ran: the paid images land in a new section that says why', async () => {
    const { run, panel } = await filledSeries()
    const ref = await regenerate(run, panel, 'regen', 1)
    panel.remove()
    const plan = versionsPlan('regen', ref.sectionId, 1)
    const made = await run.call('ensureJobSection', { ...plan, ...ref, requestId: 'req-regen' })
    expect(made.remade).toBe(true)
    const section = (await run.host.figma.getNodeByIdAsync(made.sectionId)) as SectionNode
    expect((section.findOne((n) => n.name === 'Summary') as TextNode).characters).toContain(
      'The panel these images were made for was deleted while Kling was working. Its images are paid for, so they were placed here.'
    )
    await run.call('fillPanel', { ...(await image({ jobId: 'regen', sectionId: made.sectionId }, 1)) })
    expect(section.children.filter((c) => c.getPluginData('keyframe.panel') === '1')).toHaveLength(1)
  })
})

test("utf8Length counts bytes as Figma's plugin data limit does", async () => {
  const { utf8Length } = await import('../../src/main/version-room')
  expect([utf8Length('a'), utf8Length('é'), utf8Length('€'), utf8Length('😀'), utf8Length('')]).toEqual([1, 2, 3, 4, 0])
})

