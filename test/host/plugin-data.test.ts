import { describe, expect, test } from 'vitest'

import { makeHost } from './helpers'

describe('plugin data', () => {
  test('stores strings per node and lists keys; empty values delete', () => {
    const { figma } = makeHost()
    const frame = figma.createFrame()
    expect(frame.getPluginData('missing')).toBe('')
    frame.setPluginData('a', '1')
    frame.setPluginData('b', '2')
    expect(frame.getPluginDataKeys()).toEqual(['a', 'b'])
    frame.setPluginData('a', '')
    expect(frame.getPluginDataKeys()).toEqual(['b'])
  })

  test('figma.root and pages keep plugin data too', () => {
    const host = makeHost()
    host.figma.root.setPluginData('jobs', '[]')
    host.figma.currentPage.setPluginData('p', 'x')
    expect(host.figma.root.getPluginData('jobs')).toBe('[]')
    expect(host.snapshot().pluginData).toEqual(['p'])
  })

  test('an entry over 100 kB is refused with an error', () => {
    const { figma } = makeHost()
    const frame = figma.createFrame()
    frame.setPluginData('k', 'x'.repeat(99_000))
    expect(() => frame.setPluginData('k', 'x'.repeat(100_001))).toThrow('in setPluginData: Plugin data entry is too large')
    // Multi-byte characters count as their UTF-8 size.
    expect(() => frame.setPluginData('k', 'é'.repeat(50_001))).toThrow('too large')
    expect(frame.getPluginData('k')).toHaveLength(99_000)
  })

  test('keys and values must be strings', () => {
    const { figma } = makeHost()
    const frame = figma.createFrame()
    expect(() => frame.setPluginData('k', 42 as unknown as string)).toThrow('Expected "value" to be a string')
  })

  test('shared plugin data is not modelled: the plugin never uses it, so a call fails loudly', () => {
    const { figma } = makeHost()
    const frame = figma.createFrame()
    expect(() => frame.setSharedPluginData('keyframe', 'k', 'v')).toThrow('not implemented in the Keyframe host: FrameNode.setSharedPluginData')
  })
})
