import { describe, expect, test } from 'vitest'

import { makeHost } from './helpers'

const REGULAR = { family: 'Inter', style: 'Regular' }
const SEMI_BOLD = { family: 'Inter', style: 'Semi Bold' }

describe('text and fonts', () => {
  test('writing characters before the font is loaded throws Figma’s error', async () => {
    const { figma } = makeHost()
    const text = figma.createText()
    expect(text.fontName).toEqual(REGULAR)
    expect(() => (text.characters = 'Hi')).toThrow(
      'in set_characters: Cannot write to node with unloaded font "Inter Regular". Please call figma.loadFontAsync({ family: "Inter", style: "Regular" }) and await the promise first.'
    )
    expect(() => (text.fontSize = 20)).toThrow('unloaded font')
    expect(() => (text.textAutoResize = 'HEIGHT')).toThrow('unloaded font')
    await figma.loadFontAsync(REGULAR)
    text.characters = 'Hi'
    expect(text.characters).toBe('Hi')
  })

  test('setting fontName needs the new font loaded', async () => {
    const { figma } = makeHost()
    await figma.loadFontAsync(REGULAR)
    const text = figma.createText()
    expect(() => (text.fontName = SEMI_BOLD)).toThrow('unloaded font "Inter Semi Bold"')
    await figma.loadFontAsync(SEMI_BOLD)
    text.fontName = SEMI_BOLD
    expect(text.fontName).toEqual(SEMI_BOLD)
  })

  test('loading waits: the font is not usable until the promise resolves', async () => {
    const { figma } = makeHost()
    const text = figma.createText()
    const loading = figma.loadFontAsync(REGULAR)
    expect(() => (text.characters = 'too early')).toThrow('in set_characters: Cannot write to node with unloaded font "Inter Regular"')
    expect(text.characters).toBe('')
    await loading
    text.characters = 'ok'
    expect(text.characters).toBe('ok')
  })

  test('fonts that do not exist fail to load', async () => {
    const { figma } = makeHost()
    await expect(figma.loadFontAsync({ family: 'Comic Sans', style: 'Regular' })).rejects.toThrow('could not be loaded')
    await expect(figma.loadFontAsync(SEMI_BOLD)).resolves.toBeUndefined()
  })

  test('text is named after its characters until renamed, and fills need no font', async () => {
    const { figma } = makeHost()
    const text = figma.createText()
    text.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }]
    await figma.loadFontAsync(REGULAR)
    text.characters = 'Panel one'
    expect(text.name).toBe('Panel one')
    text.name = 'Caption'
    text.characters = 'changed'
    expect(text.name).toBe('Caption')
  })

  test('auto width grows with the text; auto height set after a resize wraps and grows in height', async () => {
    const { figma } = makeHost()
    await figma.loadFontAsync(REGULAR)
    const text = figma.createText()
    text.fontSize = 20
    text.characters = 'one two three four'
    expect(text.textAutoResize).toBe('WIDTH_AND_HEIGHT')
    const oneLine = text.height
    expect(text.width).toBeGreaterThan(100)
    text.resize(60, text.height)
    text.textAutoResize = 'HEIGHT'
    expect(text.width).toBe(60)
    expect(text.height).toBeGreaterThan(oneLine * 2)
    text.textAutoResize = 'NONE'
    text.resize(60, 10)
    expect(text.height).toBe(10)
  })

  test('resizing fixes the box, auto-height included, so a plugin sets auto-height after resizing', async () => {
    const { figma } = makeHost()
    await figma.loadFontAsync(REGULAR)
    const text = figma.createText()
    text.characters = 'hello'
    text.resize(200, 30)
    expect(text.textAutoResize).toBe('NONE')
    expect(text.width).toBe(200)
    text.textAutoResize = 'HEIGHT'
    text.characters = 'hello '.repeat(40)
    text.resize(100, 12)
    expect(text.textAutoResize).toBe('NONE')
    expect(text.height).toBe(12)
  })
})
