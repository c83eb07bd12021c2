// The plugin's real main thread against the host: proves the two fit together end to end in Node.
import { describe, expect, test } from 'vitest'

import { DEFAULT_USER } from '../../src/host/figma'
import type { JobPlan, SelectionSnapshot } from '../../src/messages'
import { makeImage } from './helpers'
import { runMain } from './run-main'

const starter = {
  children: [
    { type: 'FRAME' as const, id: '2:1', name: '@Mara', x: 0, y: 0, width: 600, height: 800, fills: [{ type: 'SOLID' as const, color: '#88aacc' }] },
    { type: 'TEXT' as const, id: '2:2', name: 'Beat 1', x: 700, y: 0, characters: 'Mara opens the door.' }
  ]
}

function plan(count: number): JobPlan {
  return {
    jobId: 'job-1',
    endpoint: 'fal-ai/kling-image/o3/text-to-image',
    input: { prompt: 'A door', resolution: '1K', aspect_ratio: '16:9', result_type: 'series', series_amount: count },
    panels: Array.from({ length: count }, (_, i) => ({ number: i + 1, caption: `Beat ${i + 1}` })),
    nominalSize: { width: 1024, height: 576 },
    costUsd: 0.1,
    title: 'A door',
    createdAt: '2026-01-01T00:00:00.000Z'
  }
}

describe('src/main against the host', () => {
  test('shows its UI and reports the selection when the UI is ready', async () => {
    const run = await runMain({ document: { ...starter, selection: ['@Mara', 'Beat 1'] } })
    expect(run.host.ui).toMatchObject({ shown: true, width: 360, height: 640 })
    const changed = run.next('SELECTION_CHANGED')
    const thumb = run.next('THUMBNAIL')
    run.emit('UI_READY')
    const [snapshot] = (await changed) as [SelectionSnapshot]
    expect(snapshot.references.map((r) => [r.name, r.defaultRole])).toEqual([['@Mara', 'element']])
    expect(snapshot.textLayers.map((t) => t.text)).toEqual(['Mara opens the door.'])
    const [thumbnail] = (await thumb) as [{ bytes: Uint8Array }]
    expect(thumbnail.bytes[1]).toBe(0x50) // PNG
  })

  test('follows selection changes', async () => {
    const run = await runMain({ document: starter })
    const changed = run.next('SELECTION_CHANGED')
    run.host.select(['Beat 1'])
    const [snapshot] = (await changed) as [SelectionSnapshot]
    expect(snapshot.textLayers).toHaveLength(1)
  })

  test('exports a reference at a bounded size', async () => {
    const run = await runMain({ document: starter })
    const ref = await run.call('exportReference', { nodeId: '2:1', maxSide: 400 })
    expect([ref.width, ref.height, ref.mimeType]).toEqual([300, 400, 'image/jpeg'])
    expect(ref.bytes[0]).toBe(0xff)
  })

  test('builds a storyboard section, fills a panel and records the job', async () => {
    const run = await runMain({ document: starter })
    const { sectionId } = await run.call('startJob', plan(2))
    const section = run.host.snapshot().children.find((c) => c.id === sectionId)!
    expect(section.type).toBe('SECTION')
    expect(section.children!.filter((c) => c.name.startsWith('Panel'))).toHaveLength(2)
    // The record is on the section alone, and names who started the job.
    const record = JSON.parse((await run.host.figma.getNodeByIdAsync(sectionId))!.getPluginData('keyframe.job'))
    expect(record).toMatchObject({ jobId: 'job-1', sectionId, state: 'submitting', startedBy: { id: DEFAULT_USER.id, name: DEFAULT_USER.name } })
    // (The root holds the cast index, written when the page's @-named frames are first seen; no job record.)
    expect(run.host.figma.root.getPluginDataKeys().filter((key) => key !== 'keyframe.cast')).toEqual([])
    const bytes = await makeImage(1024, 576)
    await run.call('fillPanel', { jobId: 'job-1', sectionId, number: 1, bytes, width: 1024, height: 576, sourceUrl: 'https://x/1.png' })
    const panel = run.host.snapshot().children.find((c) => c.id === sectionId)!.children!.find((c) => c.name === 'Panel 1')!
    expect(panel.children!.find((c) => c.name === 'Image')!.images).toEqual([{ hash: expect.any(String), width: 1024, height: 576, format: 'PNG' }])
    expect(panel.pluginData).toContain('keyframe.provenance')
    expect(run.host.viewportHistory).toHaveLength(1)
  })
})
