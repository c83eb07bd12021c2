import { describe, expect, test } from 'vitest'

import { toBase64 } from '../../src/host/figma/base64'
import { makeHost, makeImage } from './helpers'

describe('strictness', () => {
  test('unknown members of figma and nodes throw instead of reading undefined', () => {
    const { figma } = makeHost()
    const anyFigma = figma as unknown as Record<string, unknown>
    expect(() => anyFigma.createVideoAsync).toThrow('not implemented in the Keyframe host: figma.createVideoAsync')
    const frame = figma.createFrame() as unknown as Record<string, unknown>
    expect(() => frame.effects).toThrow('FrameNode.effects')
    expect(() => (frame.somethingNew = 1)).toThrow('not implemented')
    expect(() => (figma.viewport as unknown as Record<string, unknown>).slidesView).toThrow('figma.viewport.slidesView')
  })

  // What the host used to model and the plugin never reached (issue #17): each must fail loudly, never
  // read as undefined or be silently accepted, so a plugin change that starts using one is caught.
  test('members trimmed from the host throw "not implemented", read or written', async () => {
    const host = makeHost({ document: { children: [{ type: 'SECTION', name: 'S', children: [{ type: 'FRAME', name: 'F' }] }] } })
    const { figma } = host
    await figma.loadFontAsync({ family: 'Inter', style: 'Regular' })
    const objects: Record<string, object> = {
      figma,
      'figma.clientStorage': figma.clientStorage,
      'figma.viewport': figma.viewport,
      DocumentNode: figma.root,
      PageNode: figma.currentPage,
      SectionNode: figma.currentPage.children[0]!,
      FrameNode: figma.createFrame(),
      RectangleNode: figma.createRectangle(),
      TextNode: figma.createText()
    }
    const reads: Array<[string, string]> = [
      ['figma', 'apiVersion'], ['figma', 'mode'], ['figma', 'fileKey'], ['figma', 'once'],
      ['figma', 'getNodeById'], ['figma', 'createPage'], ['figma', 'setCurrentPageAsync'], ['figma', 'loadAllPagesAsync'],
      ['figma', 'listAvailableFontsAsync'], ['figma.clientStorage', 'keysAsync'], ['figma.clientStorage', 'deleteAsync'],
      ['PageNode', 'once'], ['PageNode', 'backgrounds'], ['PageNode', 'findChild'], ['PageNode', 'findChildren'],
      ['SectionNode', 'sectionContentsHidden'], ['SectionNode', 'getSharedPluginData'],
      ['FrameNode', 'counterAxisSizingMode'], ['FrameNode', 'layoutWrap'], ['FrameNode', 'itemSpacing'], ['FrameNode', 'paddingTop'],
      ['FrameNode', 'primaryAxisSizingMode'], ['FrameNode', 'layoutSizingHorizontal'], ['FrameNode', 'layoutGrow'],
      ['FrameNode', 'locked'], ['FrameNode', 'relativeTransform'], ['FrameNode', 'absoluteTransform'],
      ['FrameNode', 'absoluteRenderBounds'], ['RectangleNode', 'layoutAlign'], ['RectangleNode', 'layoutGrow'],
      ['TextNode', 'autoRename'], ['TextNode', 'fontWeight'], ['TextNode', 'hasMissingFont']
    ]
    for (const [label, key] of reads) {
      expect(() => Reflect.get(objects[label]!, key), `${label}.${key}`).toThrow(`not implemented in the Keyframe host: ${label}.${key}`)
    }
    const writes: Array<[string, string, unknown]> = [
      ['figma', 'currentPage', figma.currentPage], ['figma.viewport', 'center', { x: 0, y: 0 }], ['figma.viewport', 'zoom', 2],
      ['FrameNode', 'itemSpacing', 8], ['FrameNode', 'rotation', 45],
      ['RectangleNode', 'strokeAlign', 'CENTER']
    ]
    for (const [label, key, value] of writes) {
      expect(() => Reflect.set(objects[label]!, key, value), `${label}.${key} =`).toThrow(`not implemented in the Keyframe host: ${label}.${key} (set)`)
    }
  })

  test('members another node type has read as undefined, as on a real node', () => {
    const { figma } = makeHost()
    const rect = figma.createRectangle() as unknown as Record<string, unknown>
    expect(rect.children).toBeUndefined()
    expect('children' in rect).toBe(false)
    expect('fills' in rect).toBe(true)
    expect(rect.characters).toBeUndefined()
  })

  test('read-only properties cannot be assigned', () => {
    const { figma } = makeHost()
    const frame = figma.createFrame() as unknown as Record<string, unknown>
    expect(() => (frame.id = '9:9')).toThrow(TypeError)
    expect(() => (frame.width = 10)).toThrow(TypeError)
  })

  test('removed nodes refuse everything but id and removed', () => {
    const { figma } = makeHost()
    const frame = figma.createFrame()
    const id = frame.id
    frame.remove()
    expect(frame.removed).toBe(true)
    expect(frame.id).toBe(id)
    expect(() => frame.name).toThrow(`The node with id "${id}" does not exist`)
    expect(() => figma.currentPage.appendChild(frame)).toThrow('does not exist')
  })

  test('sizes below 0.01 and non-numbers are refused', () => {
    const { figma } = makeHost()
    const frame = figma.createFrame()
    expect(() => frame.resize(0, 10)).toThrow('>= 0.01')
    expect(() => (frame.x = Number.NaN)).toThrow('finite')
  })
})

describe('tree', () => {
  test('new nodes land on the current page at 0,0 with Figma’s defaults', () => {
    const { figma } = makeHost()
    const frame = figma.createFrame()
    expect(frame.parent?.id).toBe(figma.currentPage.id)
    expect([frame.x, frame.y, frame.width, frame.height, frame.name, frame.clipsContent]).toEqual([0, 0, 100, 100, 'Frame', true])
    expect(figma.createSection().name).toBe('Section')
    expect(figma.createRectangle().fills).toHaveLength(1)
  })

  test('appendChild keeps relative x/y; absolute positions follow the parent', () => {
    const { figma } = makeHost()
    const section = figma.createSection()
    section.x = 500
    section.y = 100
    const frame = figma.createFrame()
    frame.x = 20
    section.appendChild(frame)
    expect(frame.x).toBe(20)
    expect(frame.absoluteBoundingBox).toEqual({ x: 520, y: 100, width: 100, height: 100 })
    expect(section.children.map((c) => c.id)).toEqual([frame.id])
    expect(figma.currentPage.children.map((c) => c.type)).toEqual(['SECTION'])
  })

  test('parenting rules: no cycles, no sections inside frames, insertChild bounds', () => {
    const { figma } = makeHost()
    const outer = figma.createFrame()
    const inner = figma.createFrame()
    outer.appendChild(inner)
    expect(() => inner.appendChild(outer)).toThrow('descendant')
    expect(() => outer.appendChild(figma.createSection())).toThrow('Sections can only be children of pages and other sections')
    expect(() => outer.insertChild(5, figma.createRectangle())).toThrow('between 0 and 1')
    const rect = figma.createRectangle()
    outer.insertChild(0, rect)
    expect(outer.children.map((c) => c.type)).toEqual(['RECTANGLE', 'FRAME'])
  })

  test('find* search the subtree', () => {
    const host = makeHost({
      document: { children: [{ type: 'SECTION', name: 'S', children: [{ type: 'FRAME', name: 'P', pluginData: { k: 'v' }, children: [{ type: 'TEXT', name: 'T', characters: 'hi' }] }] }] }
    })
    const page = host.figma.currentPage
    expect(page.findAll((n) => n.type === 'TEXT').map((n) => n.name)).toEqual(['T'])
    expect(page.findOne((n) => n.name === 'P')?.type).toBe('FRAME')
    expect(page.findAllWithCriteria({ types: ['FRAME'] })).toHaveLength(1)
    expect(() => page.findChildren()).toThrow('not implemented in the Keyframe host: PageNode.findChildren')
  })
})

describe('dynamic-page document access', () => {
  const twoPages = { pages: [{ name: 'One', children: [{ type: 'FRAME' as const, id: '5:1', name: 'Here' }] }, { name: 'Two', children: [{ type: 'FRAME' as const, id: '5:2', name: 'There' }] }] }

  test('synchronous look-ups are refused; async ones reach every page', async () => {
    const { figma } = makeHost({ document: twoPages })
    expect(() => figma.getNodeById('5:1')).toThrow('not implemented in the Keyframe host: figma.getNodeById')
    expect((await figma.getNodeByIdAsync('5:2'))?.name).toBe('There')
    expect(await figma.getNodeByIdAsync('9:9')).toBeNull()
  })

  test('other pages must be loaded before their children are read', async () => {
    const { figma } = makeHost({ document: twoPages })
    const other = figma.root.children[1]!
    expect(() => other.children).toThrow('page.loadAsync()')
    await other.loadAsync()
    expect(other.children.map((c) => c.name)).toEqual(['There'])
  })

  test('the plugin searches page by page and never switches pages: the rest is not implemented', () => {
    const { figma } = makeHost({ document: twoPages })
    const other = figma.root.children[1]!
    expect(() => figma.root.findAll()).toThrow('not implemented in the Keyframe host: DocumentNode.findAll')
    expect(() => figma.loadAllPagesAsync()).toThrow('not implemented in the Keyframe host: figma.loadAllPagesAsync')
    expect(() => figma.setCurrentPageAsync(other)).toThrow('not implemented in the Keyframe host: figma.setCurrentPageAsync')
    expect(() => figma.createPage()).toThrow('not implemented in the Keyframe host: figma.createPage')
    expect(() => (figma.currentPage = other)).toThrow('not implemented in the Keyframe host: figma.currentPage (set)')
  })
})

describe('load and snapshot', () => {
  test('loads frames with image fills from base64, text and nesting', async () => {
    const png = await makeImage(30, 20)
    const host = makeHost()
    host.load({
      selection: ['@Mara'],
      pluginData: { 'keyframe.pendingJobs': '[]' },
      children: [
        { type: 'FRAME', name: '@Mara', x: 10, y: 20, width: 300, height: 200, fills: [{ type: 'IMAGE', image: toBase64(png) }], children: [
          { type: 'TEXT', name: 'Label', characters: 'Mara', fontSize: 24, fills: [{ type: 'SOLID', color: '#ff0000' }], x: 5, y: 6 }
        ] }
      ]
    })
    const snap = host.snapshot()
    expect(snap.selection).toHaveLength(1)
    const frame = snap.children[0]!
    expect(frame).toMatchObject({ type: 'FRAME', name: '@Mara', x: 10, y: 20, width: 300, height: 200 })
    expect(frame.images).toEqual([{ hash: expect.stringMatching(/^[0-9a-f]{40}$/), width: 30, height: 20, format: 'PNG' }])
    expect(frame.children![0]).toMatchObject({ type: 'TEXT', characters: 'Mara', fontSize: 24, absoluteX: 15, absoluteY: 26 })
    expect(host.figma.root.getPluginData('keyframe.pendingJobs')).toBe('[]')
    expect(host.figma.currentPage.selection[0]!.name).toBe('@Mara')
  })

  test('loading again replaces the document; old handles read as removed', () => {
    const host = makeHost({ document: { children: [{ type: 'FRAME', name: 'Old' }] } })
    const old = host.figma.currentPage.children[0]!
    host.load({ children: [{ type: 'RECTANGLE', name: 'New' }] })
    expect(old.removed).toBe(true)
    expect(host.snapshot().children.map((c) => c.name)).toEqual(['New'])
  })

  test('duplicate ids and unknown node types are refused', () => {
    const host = makeHost()
    expect(() => host.load({ children: [{ type: 'FRAME', id: '1:1' }, { type: 'FRAME', id: '1:1' }] })).toThrow('Duplicate')
    expect(() => host.load({ children: [{ type: 'VECTOR' } as never] })).toThrow('Unsupported node type')
  })
})
