// "Renumber panels" against the in-memory document: numbers follow reading order after the designer moved,
// deleted or duplicated panels; refused while the section's job runs.
import { describe, expect, test } from 'vitest'

import type { JobPlan } from '../../src/messages'
import { type RunningPlugin, runMain } from '../host/run-main'

function plan(count: number): JobPlan {
  return {
    jobId: 'a',
    endpoint: 'fal-ai/kling-image/o3/text-to-image',
    input: { prompt: 'x', resolution: '1K', aspect_ratio: '16:9', result_type: 'series', series_amount: count },
    panels: Array.from({ length: count }, (_, i) => ({ number: i + 1, caption: `Beat ${i + 1}.` })),
    nominalSize: { width: 1376, height: 768 },
    costUsd: 0.028 * count,
    title: 'Storyboard · Harbour',
    createdAt: '2026-11-26T12:00:00.000Z'
  }
}

async function finishedStoryboard(count: number): Promise<{ run: RunningPlugin; section: SectionNode }> {
  const run = await runMain()
  const { sectionId } = await run.call('startJob', plan(count))
  await run.call('finishJob', { jobId: 'a', sectionId, state: 'done', message: '', toast: '' })
  return { run, section: (await run.host.figma.getNodeByIdAsync(sectionId)) as SectionNode }
}

const byCaption = (section: SectionNode, caption: string) =>
  section.children.find((p) => p.type === 'FRAME' && (p.findOne((c) => c.name === 'Caption') as TextNode | null)?.characters === caption) as FrameNode

/** What each panel says about itself, in the order of their captions. */
function numbers(section: SectionNode): [string, string, string, string][] {
  return section.children
    .filter((p): p is FrameNode => p.type === 'FRAME')
    .map((p): [string, string, string, string] => [
      (p.findOne((c) => c.name === 'Caption') as TextNode).characters,
      p.getPluginData('keyframe.panel'),
      p.name,
      (p.findOne((c) => c.name === 'Number') as TextNode).characters
    ])
    .sort((a, b) => Number(a[1]) - Number(b[1]))
}

/** Figma's Duplicate: the copy carries the original's plugin data (its number, its provenance). */
async function duplicate(figma: PluginAPI, panel: FrameNode, x: number, y: number): Promise<FrameNode> {
  const copy = figma.createFrame()
  panel.parent!.appendChild(copy)
  copy.name = panel.name
  copy.resize(panel.width, panel.height)
  copy.x = x
  copy.y = y
  for (const key of panel.getPluginDataKeys()) copy.setPluginData(key, panel.getPluginData(key))
  await figma.loadFontAsync({ family: 'Inter', style: 'Bold' })
  await figma.loadFontAsync({ family: 'Inter', style: 'Regular' })
  for (const part of panel.children) {
    if (part.type === 'TEXT') {
      const t = figma.createText()
      copy.appendChild(t)
      t.name = part.name
      t.fontName = part.fontName as FontName
      t.characters = part.name === 'Caption' ? `${part.characters} (copy)` : part.characters
    } else {
      const r = figma.createRectangle()
      copy.appendChild(r)
      r.name = part.name
    }
  }
  return copy
}

describe('Renumber panels', () => {
  test('after panels were moved, numbers follow reading order: plugin data, layer name and badge', async () => {
    const { run, section } = await finishedStoryboard(4)
    // Swap panels 1 and 4 on the canvas.
    const one = byCaption(section, 'Beat 1.')
    const four = byCaption(section, 'Beat 4.')
    const [x1, y1] = [one.x, one.y]
    ;[one.x, one.y] = [four.x, four.y]
    ;[four.x, four.y] = [x1, y1]
    expect(await run.call('renumberPanels', { sectionId: section.id })).toEqual({ count: 4, changed: 2 })
    expect(numbers(section)).toEqual([
      ['Beat 4.', '1', 'Panel 1', '1'],
      ['Beat 2.', '2', 'Panel 2', '2'],
      ['Beat 3.', '3', 'Panel 3', '3'],
      ['Beat 1.', '4', 'Panel 4', '4']
    ])
  })

  test('a deleted panel leaves no gap, and a duplicate gets its own number while keeping its provenance', async () => {
    const { run, section } = await finishedStoryboard(3)
    const two = byCaption(section, 'Beat 2.')
    two.setPluginData('keyframe.provenance', JSON.stringify({ endpoint: 'fal-ai/kling-image/o3/text-to-image', requestId: 'req-2' }))
    byCaption(section, 'Beat 1.').remove()
    const three = byCaption(section, 'Beat 3.')
    // The copy of panel 2 goes after panel 3 in the same row.
    const copy = await duplicate(run.host.figma, two, three.x + three.width + 40, three.y)
    expect(await run.call('renumberPanels', { sectionId: section.id })).toEqual({ count: 3, changed: 3 })
    expect(numbers(section)).toEqual([
      ['Beat 2.', '1', 'Panel 1', '1'],
      ['Beat 3.', '2', 'Panel 2', '2'],
      ['Beat 2. (copy)', '3', 'Panel 3', '3']
    ])
    expect(copy.id).not.toBe(two.id)
    expect(JSON.parse(copy.getPluginData('keyframe.provenance'))).toMatchObject({ requestId: 'req-2' })
  })

  test('refused while the section is generating, and nothing changes', async () => {
    const run = await runMain()
    const { sectionId } = await run.call('startJob', plan(2))
    const section = (await run.host.figma.getNodeByIdAsync(sectionId)) as SectionNode
    const one = byCaption(section, 'Beat 1.')
    one.x += 2000
    await expect(run.call('renumberPanels', { sectionId })).rejects.toThrow(
      '"Storyboard · Harbour" is still generating, and its images find their panels by number. Renumber panels when it has finished.'
    )
    expect(numbers(section).map((n) => n.slice(0, 2))).toEqual([
      ['Beat 1.', '1'],
      ['Beat 2.', '2']
    ])
  })

  test('a record that cannot be read in full does not stop a renumber', async () => {
    const panel = (id: string, number: string, x: number) => ({
      type: 'FRAME' as const,
      id,
      name: `Panel ${number}`,
      x,
      y: 100,
      width: 200,
      height: 150,
      pluginData: { 'keyframe.panel': number },
      children: [{ type: 'TEXT' as const, name: 'Number', characters: number, x: 10, y: 120 }]
    })
    const run = await runMain({
      document: {
        children: [
          {
            type: 'SECTION',
            id: '5:1',
            name: 'Old',
            x: 0,
            y: 0,
            width: 800,
            height: 400,
            pluginData: { 'keyframe.job': JSON.stringify({ jobId: 'j', sectionId: '5:1', state: 'done' }) },
            children: [panel('6:1', '1', 400), panel('6:2', '2', 50)]
          }
        ]
      }
    })
    expect(await run.call('renumberPanels', { sectionId: '5:1' })).toEqual({ count: 2, changed: 2 })
    const second = (await run.host.figma.getNodeByIdAsync('6:1')) as FrameNode
    expect([second.getPluginData('keyframe.panel'), second.name, (second.findOne((n) => n.name === 'Number') as TextNode).characters]).toEqual(['2', 'Panel 2', '2'])
  })

  test('a section that is gone, or not Keyframe\'s, is named as the problem', async () => {
    const run = await runMain({ document: { children: [{ type: 'SECTION', id: '5:1', name: 'Mine', x: 0, y: 0, width: 100, height: 100 }] } })
    for (const sectionId of ['5:1', '9:99']) {
      await expect(run.call('renumberPanels', { sectionId })).rejects.toThrow('That storyboard section was deleted or is not one Keyframe made.')
    }
  })
})
