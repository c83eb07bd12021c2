// PageNode.on('nodechange') as the typings describe it (plugin-api.d.ts PageNode.on, NodeChange, NodeChangeProperty).
import { describe, expect, test } from 'vitest'

import { makeHost } from './helpers'

const doc = {
  children: [
    { type: 'FRAME' as const, id: '7:1', name: 'Frame', x: 0, y: 0, width: 200, height: 100, children: [{ type: 'RECTANGLE' as const, id: '7:2', name: 'Box', x: 0, y: 0, width: 10, height: 10 }] }
  ]
}

describe("PageNode.on('nodechange')", () => {
  test('reports property changes later, in one event, with the properties named', async () => {
    const host = makeHost({ document: doc })
    const events: NodeChangeEvent[] = []
    host.figma.currentPage.on('nodechange', (e) => events.push(e))
    const box = (await host.figma.getNodeByIdAsync('7:2')) as RectangleNode
    box.x = 5
    box.resize(20, 20)
    expect(events).toHaveLength(0) // delivered asynchronously
    await host.idle()
    expect(events).toHaveLength(1)
    const [change] = events[0]!.nodeChanges
    expect(change).toMatchObject({ type: 'PROPERTY_CHANGE', id: '7:2', origin: 'LOCAL' })
    expect(change!.node).toBe(box)
    expect(change?.type === 'PROPERTY_CHANGE' && [...change.properties].sort()).toEqual(['height', 'width', 'x'])
  })

  test('a removed subtree is one DELETE for its top node, whose node reads removed; a created node is a CREATE', async () => {
    const host = makeHost({ document: doc })
    const events: NodeChangeEvent[] = []
    host.figma.currentPage.on('nodechange', (e) => events.push(e))
    ;(await host.figma.getNodeByIdAsync('7:1'))!.remove()
    const made = host.figma.createRectangle()
    await host.idle()
    const changes = events.flatMap((e) => e.nodeChanges)
    expect(changes.map((c) => [c.type, c.id])).toEqual([['DELETE', '7:1'], ['CREATE', made.id]])
    expect(changes[0]!.node.removed).toBe(true)
  })

  test('a node moved into a frame reports its parent changed', async () => {
    const host = makeHost({ document: doc })
    const events: NodeChangeEvent[] = []
    const made = host.figma.createRectangle()
    await host.idle()
    host.figma.currentPage.on('nodechange', (e) => events.push(e))
    ;((await host.figma.getNodeByIdAsync('7:1')) as FrameNode).appendChild(made)
    await host.idle()
    expect(events[0]!.nodeChanges).toMatchObject([{ type: 'PROPERTY_CHANGE', id: made.id, properties: ['parent'] }])
  })

  test("another person's change is REMOTE; off stops the callback", async () => {
    const host = makeHost({ document: doc })
    const other = host.join()
    const mine: NodeChangeEvent[] = []
    const fn = (e: NodeChangeEvent) => mine.push(e)
    host.figma.currentPage.on('nodechange', fn)
    ;((await other.figma.getNodeByIdAsync('7:2')) as RectangleNode).name = 'Renamed'
    await host.idle()
    expect(mine[0]!.nodeChanges).toMatchObject([{ type: 'PROPERTY_CHANGE', origin: 'REMOTE', properties: ['name'] }])
    host.figma.currentPage.off('nodechange', fn)
    ;((await host.figma.getNodeByIdAsync('7:2')) as RectangleNode).name = 'Again'
    await host.idle()
    expect(mine).toHaveLength(1)
  })

  test('pages have no other event', () => {
    const host = makeHost({ document: doc })
    expect(() => host.figma.currentPage.on('selectionchange' as 'nodechange', () => {})).toThrow(/only emit "nodechange"/)
  })
})
