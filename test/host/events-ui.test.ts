import { describe, expect, test, vi } from 'vitest'

import { makeHost } from './helpers'

describe('selection and selectionchange', () => {
  test('fires asynchronously, once per burst of changes', async () => {
    const host = makeHost({ document: { children: [{ type: 'FRAME', id: '1:100', name: 'A' }, { type: 'FRAME', name: 'B' }] } })
    const seen: string[][] = []
    host.figma.on('selectionchange', () => seen.push(host.figma.currentPage.selection.map((n) => n.name)))
    host.select(['A'])
    host.select(['A', 'B'])
    expect(seen).toEqual([])
    await host.idle()
    expect(seen).toEqual([['A', 'B']])
  })

  test('the plugin can set the selection; only nodes on the page, no duplicates', async () => {
    const host = makeHost()
    const { figma } = host
    const frame = figma.createFrame()
    const spy = vi.fn()
    figma.on('selectionchange', spy)
    figma.currentPage.selection = [frame, frame]
    expect(figma.currentPage.selection).toHaveLength(1)
    expect(Object.isFrozen(figma.currentPage.selection)).toBe(true)
    await host.idle()
    expect(spy).toHaveBeenCalledTimes(1)
    figma.currentPage.selection = [frame]
    await host.idle()
    expect(spy).toHaveBeenCalledTimes(1)
  })

  test('removing a selected node deselects it and tells the plugin', async () => {
    const host = makeHost({ document: { children: [{ type: 'FRAME', name: 'A' }] }, })
    host.select(['A'])
    await host.idle()
    const spy = vi.fn()
    host.figma.on('selectionchange', spy)
    host.figma.currentPage.selection[0]!.remove()
    expect(host.figma.currentPage.selection).toEqual([])
    await host.idle()
    expect(spy).toHaveBeenCalledTimes(1)
  })

  test('loading another document tells the plugin its selection went with the old one', async () => {
    const host = makeHost({ document: { children: [{ type: 'FRAME', name: 'A' }] } })
    host.select(['A'])
    await host.idle()
    const spy = vi.fn()
    host.figma.on('selectionchange', spy)
    host.load({ children: [] })
    await host.idle()
    expect(host.figma.currentPage.selection).toEqual([])
    expect(spy).toHaveBeenCalledTimes(1)
    // Nothing was selected and nothing is: nothing to tell.
    host.load({ children: [] })
    await host.idle()
    expect(spy).toHaveBeenCalledTimes(1)
  })

  test('select() names nodes by id or unique name', () => {
    const host = makeHost({ document: { children: [{ type: 'FRAME', name: 'Dup' }, { type: 'FRAME', name: 'Dup' }] } })
    expect(() => host.select(['Nope'])).toThrow('No node')
    expect(() => host.select(['Dup'])).toThrow('select by id')
  })

  test('off removes a handler; once and unknown events are not implemented', async () => {
    const host = makeHost({ document: { children: [{ type: 'FRAME', name: 'F' }] } })
    const { figma } = host
    let heard = 0
    const fn = (): void => void heard++
    figma.on('selectionchange', fn)
    figma.off('selectionchange', fn)
    host.select(['F'])
    await host.idle()
    expect(heard).toBe(0)
    expect(() => figma.once('selectionchange', fn)).toThrow('not implemented in the Keyframe host: figma.once')
    expect(() => figma.on('documentchange', fn)).toThrow('not implemented')
  })
})

describe('figma.ui', () => {
  test('showUI records the html and options', () => {
    const host = makeHost()
    host.figma.showUI('<p>hi</p>', { width: 360, height: 640, title: 'Keyframe' })
    expect(host.ui).toMatchObject({ shown: true, html: '<p>hi</p>', width: 360, height: 640, visible: true })
    host.figma.ui.resize(400, 500)
    host.figma.ui.hide()
    expect(host.ui).toMatchObject({ width: 400, height: 500, visible: false })
  })

  test('UI → plugin: delivered later, cloned, with the null origin', async () => {
    const host = makeHost()
    const got: unknown[] = []
    host.figma.ui.onmessage = (msg, props) => got.push([msg, props.origin])
    const bytes = new Uint8Array([1, 2, 3])
    host.ui.emit('FILL', { bytes })
    expect(got).toEqual([])
    await host.idle()
    expect(got).toEqual([[['FILL', { bytes: new Uint8Array([1, 2, 3]) }], 'null']])
    expect((got[0] as [[string, { bytes: Uint8Array }]])[0][1].bytes).not.toBe(bytes)
  })

  test('UI → plugin: a message already copied by a real postMessage is not cloned again; any other is', async () => {
    const host = makeHost()
    const got: unknown[] = []
    host.figma.ui.onmessage = (msg) => got.push(msg)
    const copied = ['FILL', { bytes: new Uint8Array([1]) }]
    host.ui.send(copied, { copied: true })
    await host.idle()
    expect(got[0]).toBe(copied)
    // Without the flag the host clones, and so refuses what a postMessage would refuse.
    expect(() => host.ui.send({ fn: () => 1 })).toThrow('could not be cloned')
  })

  test('plugin → UI: held until the UI listens, then delivered in order', async () => {
    const host = makeHost()
    host.figma.showUI('')
    host.figma.ui.postMessage(['A', 1])
    host.figma.ui.postMessage(['B', 2])
    const got: unknown[] = []
    host.ui.on('B', (n: never) => got.push(n))
    await host.idle()
    expect(got).toEqual([2])
    expect(host.ui.posted).toEqual([['A', 1], ['B', 2]])
  })

  test('messages that cannot be cloned fail at the sender', () => {
    const host = makeHost()
    expect(() => host.figma.ui.postMessage({ fn: () => 1 })).toThrow('could not be cloned')
  })

  test('errors in the plugin’s handlers are reported, not swallowed', async () => {
    const errors: unknown[] = []
    const host = makeHost({ onError: (e) => errors.push(e) })
    host.figma.ui.onmessage = () => {
      throw new Error('boom')
    }
    host.ui.send('x')
    await host.idle()
    expect(String(errors[0])).toContain('boom')
  })
})

describe('notify, closePlugin, clientStorage, viewport', () => {
  test('notify keeps at most 100 characters', () => {
    const host = makeHost()
    host.figma.notify('x'.repeat(150), { error: true })
    expect(host.notifications[0]).toHaveLength(100)
    expect(host.notices[0]!.error).toBe(true)
  })

  test('closePlugin and the close event are not implemented: the plugin never closes itself', () => {
    const host = makeHost()
    expect(() => host.figma.closePlugin('Bye')).toThrow('not implemented in the Keyframe host: figma.closePlugin')
    expect(() => host.figma.on('close', () => undefined)).toThrow('not implemented in the Keyframe host: figma.on("close")')
  })

  test('clientStorage is async and copies values in and out', async () => {
    const host = makeHost()
    const value = { proxyUrl: 'http://x', nested: [1, 2], gone: undefined }
    await host.figma.clientStorage.setAsync('settings', value)
    value.nested.push(3)
    const read = (await host.figma.clientStorage.getAsync('settings')) as typeof value
    expect(read).toEqual({ proxyUrl: 'http://x', nested: [1, 2] })
    read.nested.push(9)
    expect(host.clientStorage.get('settings')).toEqual({ proxyUrl: 'http://x', nested: [1, 2] })
    expect(await host.figma.clientStorage.getAsync('missing')).toBeUndefined()
    expect([...host.clientStorage.keys()]).toEqual(['settings'])
    await expect(host.figma.clientStorage.setAsync('big', 'x'.repeat(6 * 1024 * 1024))).rejects.toThrow('5 MB')
  })

  test('viewport centres on what it is asked to show', () => {
    const host = makeHost()
    const frame = host.figma.createFrame()
    frame.x = 1000
    frame.resize(400, 200)
    host.figma.viewport.scrollAndZoomIntoView([frame])
    expect(host.figma.viewport.center).toEqual({ x: 1200, y: 100 })
    expect(host.viewportHistory).toEqual([{ x: 1000, y: 0, width: 400, height: 200 }])
    const b = host.figma.viewport.bounds
    expect(b.x).toBeLessThanOrEqual(1000)
    expect(b.x + b.width).toBeGreaterThanOrEqual(1400)
  })
})
