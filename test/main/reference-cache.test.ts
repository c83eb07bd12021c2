// A reference frame is exported again whenever it may look different: the main thread keeps its last export
// only until Figma's 'nodechange' (or a page switch, or a changed fingerprint) says otherwise.
import { describe, expect, test } from 'vitest'

import type { DocumentJson, Rasterizer } from '../../src/host/figma'
import { makeImage } from '../host/helpers'
import { nodeRasterizer } from '../../src/dev/node-rasterizer'
import { runMain } from '../host/run-main'
import { stillFrame } from './still-frame'
import { fingerprint } from '../../src/main/reference-cache'

async function setup() {
  const exports: string[] = []
  const counting: Rasterizer = async (svg, width, height, format) => {
    if (height !== 64) exports.push(svg) // not the selection's thumbnails
    return nodeRasterizer(svg, width, height, format)
  }
  const document: DocumentJson = {
    children: [
      await stillFrame(),
      { type: 'RECTANGLE', id: '5:9', name: 'Outside', x: 1000, y: 0, width: 100, height: 100, fills: [{ type: 'SOLID', color: { r: 0, g: 1, b: 0 } }] }
    ],
    selection: ['Still']
  }
  const run = await runMain({ document, rasterize: counting })
  const figma = run.host.figma
  const exportStill = () => run.call('exportReference', { nodeId: '5:1', maxSide: 2048 })
  const node = async <T extends BaseNode>(id: string) => (await figma.getNodeByIdAsync(id)) as T
  return { run, figma, exports, exportStill, node }
}

describe('the main thread keeps a reference export only while its frame is unchanged', () => {
  test('an unchanged frame is not exported again, and gets the same bytes', async () => {
    const { exports, exportStill, run } = await setup()
    const first = await exportStill()
    await run.host.idle()
    const again = await exportStill()
    expect(exports).toHaveLength(1)
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true)
  })

  test('a change elsewhere on the page keeps it', async () => {
    const { exports, exportStill, run, node } = await setup()
    await exportStill()
    ;(await node<RectangleNode>('5:9')).x = 1200
    await run.host.idle()
    await exportStill()
    expect(exports).toHaveLength(1)
  })

  const edits: Array<[string, (t: Awaited<ReturnType<typeof setup>>) => Promise<void>]> = [
    ['a child text edited', async ({ figma, node }) => {
      await figma.loadFontAsync({ family: 'Inter', style: 'Regular' })
      ;(await node<TextNode>('5:3')).characters = 'Dusk'
    }],
    ['a child\'s image fill replaced', async ({ figma, node }) => {
      const image = figma.createImage(await makeImage(300, 200, 'png', { r: 0, g: 0, b: 200 }))
      ;(await node<RectangleNode>('5:2')).fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }]
    }],
    ['a child deleted', async ({ node }) => {
      ;(await node<RectangleNode>('5:2')).remove()
    }],
    ['a node moved into the frame', async ({ node }) => {
      const outside = await node<RectangleNode>('5:9')
      ;(await node<FrameNode>('5:1')).appendChild(outside)
      outside.x = 400
      outside.y = 40
    }],
    ['a child\'s corner radius changed', async ({ node }) => {
      ;(await node<RectangleNode>('5:2')).cornerRadius = 40
    }],
    // Line height is not in the fingerprint: only the change event can tell.
    ['a child\'s line height changed', async ({ figma, node }) => {
      await figma.loadFontAsync({ family: 'Inter', style: 'Regular' })
      const title = await node<TextNode>('5:3')
      title.textAutoResize = 'NONE' // so its box stays as it is, and only the event can tell
      title.lineHeight = { unit: 'PIXELS', value: 90 }
    }],
    ['a child\'s font size changed', async ({ figma, node }) => {
      await figma.loadFontAsync({ family: 'Inter', style: 'Regular' })
      ;(await node<TextNode>('5:3')).fontSize = 40
    }]
  ]

  for (const [what, edit] of edits) {
    test(`${what}: exported again, with different bytes`, async () => {
      const t = await setup()
      const first = await t.exportStill()
      await t.run.host.idle()
      await edit(t)
      await t.run.host.idle()
      const after = await t.exportStill()
      expect(t.exports).toHaveLength(2)
      expect(Buffer.from(after.bytes).equals(Buffer.from(first.bytes))).toBe(false)
    })
  }

  // The fingerprint's work: an edit whose event has not arrived yet. The host delivers events before the
  // main thread takes the next message, so this is checked on the fingerprint itself.
  const unheard: Array<[string, (t: Awaited<ReturnType<typeof setup>>) => Promise<void>]> = [
    ['a text edit', async ({ figma, node }) => {
      await figma.loadFontAsync({ family: 'Inter', style: 'Regular' })
      ;(await node<TextNode>('5:3')).characters = 'Noon'
    }],
    ['a corner radius', async ({ node }) => {
      ;(await node<RectangleNode>('5:2')).cornerRadius = 24
    }],
    ['a stroke', async ({ node }) => {
      const photo = await node<RectangleNode>('5:2')
      photo.strokes = [{ type: 'SOLID', color: { r: 1, g: 1, b: 0 } }]
      photo.strokeWeight = 6
    }],
    ['a font size', async ({ figma, node }) => {
      await figma.loadFontAsync({ family: 'Inter', style: 'Regular' })
      ;(await node<TextNode>('5:3')).fontSize = 30
    }],
    ['a clipped frame', async ({ node }) => {
      const still = await node<FrameNode>('5:1')
      still.clipsContent = !still.clipsContent
    }]
  ]
  for (const [what, edit] of unheard) {
    test(`${what} changes the frame's fingerprint, for when its event comes late`, async () => {
      const t = await setup()
      const still = await t.node<FrameNode>('5:1')
      const before = fingerprint(still)
      await edit(t)
      expect(fingerprint(still)).not.toBe(before)
    })
  }

  test('a new document (the same ids, other pictures) is exported afresh', async () => {
    const t = await setup()
    await t.exportStill()
    t.run.host.load({ children: [{ type: 'FRAME', id: '5:1', name: 'Still', x: 0, y: 0, width: 640, height: 360, fills: [{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }] }] })
    await t.run.host.idle()
    await t.exportStill()
    expect(t.exports).toHaveLength(2)
  })
})

describe('what happens elsewhere on the page keeps the export', () => {
  test('a node moved or deleted outside the frame does not drop it; a child moved out does', async () => {
    const t = await setup()
    await t.exportStill()
    const section = t.figma.createSection()
    section.appendChild(await t.node<RectangleNode>('5:9'))
    await t.run.host.idle()
    section.remove()
    await t.run.host.idle()
    await t.exportStill()
    expect(t.exports).toHaveLength(1)
    t.figma.currentPage.appendChild(await t.node<RectangleNode>('5:2'))
    await t.run.host.idle()
    await t.exportStill()
    expect(t.exports).toHaveLength(2)
  })
})

describe('references asked together', () => {
  test('are exported one at a time by the main thread, each with its own frame', async () => {
    let running = 0
    let most = 0
    const slow: Rasterizer = async (svg, width, height, format) => {
      running += 1
      most = Math.max(most, running)
      try {
        await new Promise((r) => setTimeout(r, 5))
        return await nodeRasterizer(svg, width, height, format)
      } finally {
        running -= 1
      }
    }
    const frame = (id: string, x: number) => ({ type: 'FRAME' as const, id, name: id, x, y: 0, width: 400, height: 300, fills: [{ type: 'SOLID' as const, color: { r: 0.2, g: 0.3, b: 0.4 } }] })
    const run = await runMain({ document: { children: [frame('7:1', 0), frame('7:2', 500), frame('7:3', 1000)] }, rasterize: slow })
    const answers = await Promise.all(['7:1', '7:2', '7:3'].map((nodeId) => run.call('exportReference', { nodeId, maxSide: 2048 })))
    expect(answers.map((a) => a.nodeId)).toEqual(['7:1', '7:2', '7:3'])
    expect(most).toBe(1)
  })
})
