// The cast index: built when the plugin opens (loading only stale pages), rebuilt when damaged, kept fresh by
// renames on the current page, and read (not walked) to find a mention's frame on another page.
import { describe, expect, test, vi } from 'vitest'

import type { DocumentJson, FrameJson } from '../../src/host/figma'
import { CAST_KEY, CAST_PAGE_MAX_AGE_MS, emptyCastIndex, parseCastIndex, serializeCastIndex, withPage } from '../../src/kling/cast'
import type { CastReference } from '../../src/messages'
import { makeImage } from '../host/helpers'
import { firstSelection, runMain } from '../host/run-main'

const png = async (color: { r: number; g: number; b: number }) => Buffer.from(await makeImage(400, 500, 'png', color)).toString('base64')

async function castFrame(id: string, name: string, angles: number): Promise<FrameJson> {
  const children: FrameJson[] = []
  for (let i = 1; i <= angles; i++) {
    children.push({ type: 'FRAME', id: `${id}-a${i}`, name: `Angle ${i}`, x: 420 * i, y: 0, width: 400, height: 500, fills: [{ type: 'IMAGE', image: await png({ r: 0, g: 80 * i, b: 0 }) }] })
  }
  return { type: 'FRAME', id, name, x: 0, y: 0, width: 400, height: 500, clipsContent: true, fills: [{ type: 'IMAGE', image: await png({ r: 200, g: 0, b: 0 }) }], children }
}

async function document(pluginData?: Record<string, string>): Promise<DocumentJson> {
  return {
    pages: [
      { id: 'p1', name: 'Boards', children: [{ type: 'TEXT', id: 't1', name: 'Beat', characters: '@Ines walks in' }, await castFrame('1:1', '@Mara', 0)] },
      { id: 'p2', name: 'Cast', children: [{ type: 'SECTION', id: 's2', name: 'Cast', width: 2000, height: 800, children: [await castFrame('2:1', '@Ines', 2), { type: 'FRAME', id: '2:9', name: 'Ines notes', width: 10, height: 10 }] }] },
      { id: 'p3', name: 'Archive', children: [await castFrame('3:1', '@Old Town Square', 0)] }
    ],
    ...(pluginData && { pluginData })
  }
}

async function open(pluginData?: Record<string, string>) {
  const run = await runMain({ document: await document(pluginData) })
  const cast = run.next('CAST_CHANGED')
  run.emit('UI_READY')
  const [{ names }] = (await cast) as [{ names: string[] }]
  const stored = () => parseCastIndex(run.host.figma.root.getPluginData(CAST_KEY))
  return { run, names, stored }
}

describe('the cast index', () => {
  test('is built from nothing when the plugin opens: every page, its @-named frames and their angles', async () => {
    const { names, stored } = await open()
    expect(names).toEqual(['@Mara', '@Ines', '@Old Town Square'])
    const index = stored()
    expect(Object.keys(index?.pages ?? {}).sort()).toEqual(['p1', 'p2', 'p3'])
    expect(index?.pages.p2?.members).toEqual([{ name: '@Ines', nodeId: '2:1', angles: 2, width: 400, height: 500 }])
  })

  test('a damaged value is rebuilt, never thrown', async () => {
    for (const damaged of ['{oops', '{"version":1,"pages":"none"}', '[]']) {
      const { names, stored } = await open({ [CAST_KEY]: damaged })
      expect(names).toContain('@Ines')
      expect(stored()?.pages.p3?.members[0]?.name).toBe('@Old Town Square')
    }
  })

  test('a fresh page is not loaded again on open; a stale one is', async () => {
    const now = Date.now()
    // The stored index says p2 holds "@Ghost" (as if scanned an hour ago), p3 "@Phantom" (scanned two days ago).
    let index = withPage(emptyCastIndex(), 'p2', [{ name: '@Ghost', nodeId: '2:1', angles: 0, width: 1, height: 1 }], now - 3600_000)
    index = withPage(index, 'p3', [{ name: '@Phantom', nodeId: '3:1', angles: 0, width: 1, height: 1 }], now - CAST_PAGE_MAX_AGE_MS - 3600_000)
    const { names } = await open({ [CAST_KEY]: serializeCastIndex(index) })
    expect(names).toEqual(['@Mara', '@Ghost', '@Old Town Square'])
  })

  test('a frame renamed or added on the current page refreshes the index', async () => {
    const { run, stored } = await open()
    const figma = run.host.figma
    const mara = (await figma.getNodeByIdAsync('1:1')) as FrameNode
    let changed = run.next('CAST_CHANGED')
    mara.name = '@Mara Lopez'
    expect(((await changed) as [{ names: string[] }])[0].names).toEqual(['@Mara Lopez', '@Ines', '@Old Town Square'])
    changed = run.next('CAST_CHANGED')
    const frame = figma.createFrame()
    frame.name = '@Teo'
    expect(((await changed) as [{ names: string[] }])[0].names).toContain('@Teo')
    expect(stored()?.pages.p1?.members.map((m) => m.name)).toEqual(['@Mara Lopez', '@Teo'])
  })

  test('a mention finds its frame on an unloaded page, with its angle frames, through the index', async () => {
    const { run } = await open()
    const [ines] = (await run.call('castReferences', { names: ['Ines', 'Nobody'] })) as CastReference[]
    expect(ines).toMatchObject({ id: '2:1', name: '@Ines', fromCast: true, defaultRole: 'element', problems: [] })
    expect(ines?.angles).toEqual([{ id: '2:1-a1', name: 'Angle 1' }, { id: '2:1-a2', name: 'Angle 2' }])
    // Its frontal export is the frame alone: the angles sit outside it and the frame clips its content.
    const frontal = await run.call('exportReference', { nodeId: '2:1', maxSide: 1024 })
    expect([frontal.width, frontal.height]).toEqual([400, 500])
  })

  test('a second image fill on a cast frame is an angle, counted in the index when the fills change', async () => {
    const { run, stored } = await open()
    const figma = run.host.figma
    const mara = (await figma.getNodeByIdAsync('1:1')) as FrameNode
    const second = await makeImage(400, 500, 'png', { r: 0, g: 0, b: 200 })
    mara.fills = [...(mara.fills as Paint[]), { type: 'IMAGE', imageHash: figma.createImage(second).hash, scaleMode: 'FILL' }]
    const [found] = (await run.call('castReferences', { names: ['Mara'] })) as CastReference[]
    expect(found?.warnings ?? []).toEqual([])
    expect(found?.angles).toEqual([{ id: '1:1#fill2', name: 'image fill 2' }])
    // The fills' change is heard as any other on the current page.
    await vi.waitFor(() => expect(stored()?.pages.p1?.members.find((m) => m.name === '@Mara')?.angles).toBe(1))
  })

  test('a member renamed since the index was written is looked for again on its page', async () => {
    const { run } = await open()
    const figma = run.host.figma
    const page = figma.root.children.find((p) => p.id === 'p2')!
    await page.loadAsync()
    ;((await figma.getNodeByIdAsync('2:1')) as FrameNode).name = '@Inés'
    expect(await run.call('castReferences', { names: ['Ines'] })).toEqual([])
    expect(parseCastIndex(figma.root.getPluginData(CAST_KEY))?.pages.p2?.members.map((m) => m.name)).toEqual(['@Inés'])
  })

  test('a selected cast frame wins, and brings its own angle frames', async () => {
    const doc = await document()
    const snapshot = await firstSelection({ pages: [{ id: 'p9', name: 'Here', children: [await castFrame('9:1', '@Ines', 3)] }, ...doc.pages!], selection: ['@Ines'] })
    expect(snapshot.references).toHaveLength(1)
    expect(snapshot.references[0]).toMatchObject({ id: '9:1', defaultRole: 'element' })
    expect(snapshot.references[0]?.angles?.map((a) => a.id)).toEqual(['9:1-a1', '9:1-a2', '9:1-a3'])
  })
})
