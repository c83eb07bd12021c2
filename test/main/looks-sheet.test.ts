// Looks on the canvas, through the real main thread and the in-memory Figma: the contact sheet beside the
// panel's section (unnumbered, captioned, over nothing), each look filled by its own versions job, and "Use
// this look", which adds the look's image to the source panel as its newest version with the look's request.
import { describe, expect, test } from 'vitest'

import type { JobPlan, PanelSummary, SelectionSnapshot } from '../../src/messages'
import { makeImage } from '../host/helpers'
import { type RunningPlugin, runMain } from '../host/run-main'

const ANA = { id: '1001', name: 'Ana' }
const INPUT = { prompt: 'A keeper on the gallery.', resolution: '1K', aspect_ratio: '16:9', num_images: 1 } as const
const LOOK_INPUT = { prompt: 'Keep @Image1. A keeper on the gallery. Lit as: noir.', image_urls: ['https://v3.fal.media/files/p.png'], resolution: '1K', aspect_ratio: '16:9' } as const

function plan(jobId: string, input: JobPlan['input'], target?: JobPlan['target']): JobPlan {
  return {
    jobId,
    endpoint: target ? 'fal-ai/kling-image/o3/image-to-image' : 'fal-ai/kling-image/v3/text-to-image',
    input,
    panels: [{ number: 1 }],
    nominalSize: { width: 1024, height: 576 },
    costUsd: 0.028,
    title: 'Keeper',
    createdAt: '2026-11-27T12:00:00.000Z',
    ...(target && { target })
  } as JobPlan
}

async function image(ref: { jobId: string; sectionId: string }, colour: { r: number; g: number; b: number }) {
  return { ...ref, number: 1, bytes: await makeImage(1024, 576, 'png', colour), width: 1024, height: 576, sourceUrl: `https://fal.media/${ref.jobId}.png` }
}

async function runJob(run: RunningPlugin, p: JobPlan, colour: { r: number; g: number; b: number }): Promise<{ jobId: string; sectionId: string }> {
  const ref = { jobId: p.jobId, ...(await run.call('startJob', p)) }
  await run.call('recordSubmitted', { ...ref, requestId: `req-${p.jobId}` })
  await run.call('fillPanel', await image(ref, colour))
  await run.call('finishJob', { ...ref, state: 'done', message: '', toast: '' })
  return ref
}

/** One placed single image: its section and its panel, the source every look here is made from. */
async function placedSource(run: RunningPlugin): Promise<{ section: SectionNode; source: FrameNode }> {
  const made = await runJob(run, plan('first', INPUT), { r: 200, g: 0, b: 0 })
  const section = (await run.host.figma.getNodeByIdAsync(made.sectionId)) as SectionNode
  return { section, source: section.children.find((c) => c.type === 'FRAME') as FrameNode }
}

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

function overlaps(a: SceneNode, b: SceneNode): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

describe('Looks on the canvas', () => {
  test('a sheet of captioned, unnumbered panels beside the source section; a look used becomes the source panel\'s newest version', async () => {
    const run = await runMain({ user: ANA })
    const { section, source } = await placedSource(run)
    // Something of the designer's right where the sheet would first go: it must step past it.
    const note = run.host.figma.createFrame()
    note.resize(300, 300)
    note.x = section.x + section.width + 100
    note.y = section.y

    const sheet = await run.call('makeLooksSheet', { panelId: source.id, looks: ['Noir', 'Golden hour'], input: LOOK_INPUT, nominalSize: { width: 1024, height: 576 } })
    const looks = (await run.host.figma.getNodeByIdAsync(sheet.sectionId)) as SectionNode
    expect(looks.name).toBe(`Looks · ${section.name} · ${source.name}`)
    const frames = sheet.panelIds.map((id) => looks.children.find((c) => c.id === id) as FrameNode)
    expect(frames.map((f) => f.name)).toEqual(['Noir', 'Golden hour'])
    for (const [i, f] of frames.entries()) {
      expect((f.children.find((c) => c.name === 'Caption') as TextNode).characters).toBe(['Noir', 'Golden hour'][i])
      expect(f.children.some((c) => c.name === 'Number')).toBe(false)
    }
    for (const other of run.host.figma.currentPage.children.filter((n) => n !== looks)) expect(overlaps(looks, other), other.name).toBe(false)
    expect(looks.x).toBeGreaterThan(section.x + section.width)

    // Noir's own versions job fills its panel; the waiting line goes.
    await runJob(run, plan('noir', LOOK_INPUT, { kind: 'versions', panelId: frames[0]!.id }), { r: 0, g: 0, b: 200 })
    expect(frames[0]!.children.some((c) => c.name === 'Status')).toBe(false)
    const noir = await summary(run, frames[0]!)
    expect(noir.lookOf).toEqual({ panelId: source.id, panelName: source.name, look: 'Noir' })
    expect(noir.shown?.input.prompt).toContain('Lit as: noir.')

    await run.call('useLook', { panelId: frames[0]!.id })
    const after = await summary(run, source)
    expect(after.versions).toEqual({ count: 2, current: 2 })
    expect(after.shown?.endpoint).toBe('fal-ai/kling-image/o3/image-to-image')
    expect(after.shown?.input.prompt).toBe(LOOK_INPUT.prompt)
    expect(after.lookOf).toBeUndefined()
    // The look's panel keeps its image.
    expect((await summary(run, frames[0]!)).versions.count).toBe(1)
  })

  test('refusals: a look with no image yet, a panel that is not a look, no looks chosen; nothing changes', async () => {
    const run = await runMain({ user: ANA })
    const { section, source } = await placedSource(run)
    await expect(run.call('makeLooksSheet', { panelId: source.id, looks: [], input: LOOK_INPUT, nominalSize: { width: 1024, height: 576 } })).rejects.toThrow(/No look is chosen/)
    const sheet = await run.call('makeLooksSheet', { panelId: source.id, looks: ['Noir'], input: LOOK_INPUT, nominalSize: { width: 1024, height: 576 } })
    await expect(run.call('useLook', { panelId: sheet.panelIds[0]! })).rejects.toThrow(/"Noir" has no image yet/)
    await expect(run.call('useLook', { panelId: source.id })).rejects.toThrow(/is not a look made by Looks/)
    expect((await summary(run, source)).versions.count).toBe(1)
  })

  test("a look whose image did not come says so on its own panel; the source panel is untouched", async () => {
    const run = await runMain({ user: ANA })
    const { section, source } = await placedSource(run)
    const sheet = await run.call('makeLooksSheet', { panelId: source.id, looks: ['Noir', 'Candlelit'], input: LOOK_INPUT, nominalSize: { width: 1024, height: 576 } })
    const candlelit = (await run.host.figma.getNodeByIdAsync(sheet.panelIds[1]!)) as FrameNode
    const ref = { jobId: 'candle', ...(await run.call('startJob', plan('candle', LOOK_INPUT, { kind: 'versions', panelId: candlelit.id }))) }
    await run.call('recordSubmitted', { ...ref, requestId: 'req-candle' })
    await run.call('failPanel', { ...ref, number: 1, message: 'Kling could not make this image.' })
    const status = candlelit.children.find((c) => c.name === 'Status') as TextNode
    expect(status.characters).toMatch(/did not arrive: Kling could not make this image\./)
    expect((await summary(run, source)).versions.count).toBe(1)
  })

  test('a look cancelled before its image (nothing coming) leaves no empty panel; the sheet closes up, and goes once empty', async () => {
    const run = await runMain({ user: ANA })
    const { section, source } = await placedSource(run)
    const sheet = await run.call('makeLooksSheet', { panelId: source.id, looks: ['Noir', 'Candlelit'], input: LOOK_INPUT, nominalSize: { width: 1024, height: 576 } })
    const refs = []
    for (const [i, panelId] of sheet.panelIds.entries()) refs.push({ jobId: `look${i}`, ...(await run.call('startJob', plan(`look${i}`, LOOK_INPUT, { kind: 'versions', panelId }))) })
    await run.call('finishJob', { ...refs[0]!, state: 'cancelled', message: 'Cancelled before anything was sent: nothing was charged.', toast: '' })
    const node = (await run.host.figma.getNodeByIdAsync(sheet.sectionId)) as SectionNode
    expect(node.children.filter((c) => c.type === 'FRAME').map((c) => c.name)).toEqual(['Candlelit'])
    await run.call('finishJob', { ...refs[1]!, state: 'cancelled', message: 'Cancelled before anything was sent: nothing was charged.', toast: '' })
    expect(await run.host.figma.getNodeByIdAsync(sheet.sectionId)).toBeNull()
    // The source panel is the designer's: untouched.
    expect((await summary(run, source)).versions.count).toBe(1)
  })
})
