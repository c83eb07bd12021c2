// host.changeCount(): the playground skips its snapshot while the count has not moved, so the count must move
// for every change a snapshot or a render could show, and may stay still for reads.
import { describe, expect, test } from 'vitest'

import { makeHost, makeImage } from './helpers'

const doc = {
  children: [
    { type: 'FRAME' as const, id: '7:1', name: 'Frame', x: 0, y: 0, width: 200, height: 100, children: [{ type: 'RECTANGLE' as const, id: '7:2', name: 'Box', x: 0, y: 0, width: 10, height: 10 }] }
  ]
}

function view(host: ReturnType<typeof makeHost>) {
  let count = host.changeCount()
  let shown = JSON.stringify(host.snapshot()) + host.renderSvg()
  /** What a view that skips on an unmoved count would get wrong: a change it did not see. */
  return () => {
    const now = JSON.stringify(host.snapshot()) + host.renderSvg()
    const moved = host.changeCount() !== count
    const missed = now !== shown && !moved
    count = host.changeCount()
    shown = now
    return { moved, missed }
  }
}

describe('host.changeCount', () => {
  test('moves for every change a snapshot or render shows: writes, calls, creating, moving, removing, images, selection, load', async () => {
    const host = makeHost({ document: doc })
    const look = view(host)
    const { figma } = host
    const box = (await figma.getNodeByIdAsync('7:2')) as RectangleNode
    const frame = (await figma.getNodeByIdAsync('7:1')) as FrameNode
    expect(look().missed).toBe(false)
    const steps: Array<[string, () => unknown]> = [
      ['a write', () => (box.x = 30)],
      ['a resize', () => box.resize(40, 40)],
      ['a fill', () => (box.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }])],
      ['an image fill', async () => {
        const image = figma.createImage(await makeImage(20, 20, 'png', { r: 0, g: 0, b: 255 }))
        box.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }]
      }],
      ['a node created', () => figma.createRectangle()],
      ['a node moved out of the frame', () => figma.currentPage.appendChild(box)],
      ['a node removed', () => frame.remove()],
      ['plugin data', () => box.setPluginData('k', 'v')],
      ['a text', async () => {
        await figma.loadFontAsync({ family: 'Inter', style: 'Regular' })
        figma.createText().characters = 'Hello'
      }],
      ['the selection, by the plugin', () => (figma.currentPage.selection = [box])],
      ['the selection, by the designer', () => host.select(['Box'])],
      ['a new document', () => host.load({ children: [{ type: 'FRAME', id: '8:1', name: 'Other', x: 0, y: 0, width: 50, height: 50 }] })]
    ]
    for (const [what, step] of steps) {
      await step()
      await host.idle()
      const { moved, missed } = look()
      expect({ what, moved, missed }).toEqual({ what, moved: true, missed: false })
    }
  })

  test('an async call is counted again when it settles, with its outcome unchanged', async () => {
    const host = makeHost({ document: doc })
    const before = host.changeCount()
    const pending = host.figma.clientStorage.setAsync('k', 1)
    const called = host.changeCount()
    expect(called).toBeGreaterThan(before)
    await expect(pending).resolves.toBeUndefined()
    expect(host.changeCount()).toBeGreaterThan(called)
    await expect(host.figma.loadFontAsync({ family: 'No Such Font', style: 'Regular' })).rejects.toThrow('could not be loaded')
  })

  test('reads leave it where it is', async () => {
    const host = makeHost({ document: doc })
    const box = (await host.figma.getNodeByIdAsync('7:2')) as RectangleNode
    const before = host.changeCount()
    void box.x
    void box.fills
    box.getPluginData('k')
    await box.exportAsync({ format: 'PNG' })
    expect(host.changeCount()).toBe(before)
  })
})
