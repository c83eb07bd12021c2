// FrameNode.clone(): a deep copy with new ids, parented under the current page (plugin-api.d.ts line 10822),
// the original untouched.
import { describe, expect, test } from 'vitest'

import { makeHost } from './helpers'

describe('clone', () => {
  test('copies the frame and its children with new ids onto the current page; the original is unchanged', async () => {
    const { figma } = makeHost()
    await figma.loadFontAsync({ family: 'Inter', style: 'Regular' })
    const section = figma.createSection()
    const frame = figma.createFrame()
    section.appendChild(frame)
    frame.name = 'Poster'
    frame.resize(400, 600)
    frame.x = 10
    frame.setPluginData('k', 'v')
    const title = figma.createText()
    title.characters = 'NIGHT FERRY'
    title.fontSize = 48
    title.name = 'Title'
    frame.appendChild(title)

    const copy = frame.clone()
    expect(copy.id).not.toBe(frame.id)
    expect(copy.parent?.id).toBe(figma.currentPage.id)
    expect([copy.name, copy.width, copy.height, copy.x, copy.getPluginData('k')]).toEqual(['Poster', 400, 600, 10, 'v'])
    const [copiedTitle] = copy.children as TextNode[]
    expect(copiedTitle?.id).not.toBe(title.id)
    expect([copiedTitle?.name, copiedTitle?.characters, copiedTitle?.fontSize, copiedTitle?.parent?.id]).toEqual(['Title', 'NIGHT FERRY', 48, copy.id])

    // Changing the copy leaves the original as it was.
    copy.name = 'Poster copy'
    copiedTitle!.characters = 'DAY FERRY'
    copy.insertChild(0, figma.createRectangle())
    expect([frame.name, title.characters, frame.children.length, frame.parent?.id]).toEqual(['Poster', 'NIGHT FERRY', 1, section.id])
  })
})
