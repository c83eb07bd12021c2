// findAllWithCriteria as the typings describe it: by type and by this plugin's data keys, in findAll's
// order, and only on a loaded page under dynamic-page. Other criteria are not modelled.
import { describe, expect, test } from 'vitest'

import { makeHost } from './helpers'

const document = {
  pages: [
    {
      name: 'Current',
      children: [
        { type: 'SECTION' as const, id: '3:1', name: 'Job A', pluginData: { 'keyframe.job': '{}' }, children: [
          { type: 'FRAME' as const, id: '3:2', name: 'Panel 1', pluginData: { 'keyframe.provenance': '{}' } }
        ] },
        { type: 'SECTION' as const, id: '3:3', name: 'Plain section' },
        { type: 'FRAME' as const, id: '3:4', name: 'Frame with the key', pluginData: { 'keyframe.job': '{}' } }
      ]
    },
    { name: 'Other', children: [{ type: 'SECTION' as const, id: '4:1', name: 'Job B', pluginData: { 'keyframe.job': '{}' } }] }
  ]
}

const names = (nodes: readonly SceneNode[]) => nodes.map((n) => n.name)

describe('findAllWithCriteria', () => {
  test('matches type and plugin data key together, and not the node it is called on', () => {
    const { figma } = makeHost({ document })
    expect(names(figma.currentPage.findAllWithCriteria({ types: ['SECTION'], pluginData: { keys: ['keyframe.job'] } }))).toEqual(['Job A'])
    expect(names(figma.currentPage.findAllWithCriteria({ types: ['SECTION'] }))).toEqual(['Job A', 'Plain section'])
    expect(names(figma.currentPage.findAllWithCriteria({ pluginData: {} }))).toEqual(['Job A', 'Panel 1', 'Frame with the key'])
    const section = figma.currentPage.children[0] as SectionNode
    expect(names(section.findAllWithCriteria({ pluginData: { keys: ['keyframe.job', 'keyframe.provenance'] } }))).toEqual(['Panel 1'])
  })

  test('needs the page loaded under dynamic-page, and finds what is on it once it is', async () => {
    const { figma } = makeHost({ document })
    const other = figma.root.children[1]!
    expect(() => other.findAllWithCriteria({ types: ['SECTION'] })).toThrow(
      'in findAllWithCriteria: Cannot access children on a page that has not been explicitly loaded'
    )
    await other.loadAsync()
    expect(names(other.findAllWithCriteria({ types: ['SECTION'], pluginData: { keys: ['keyframe.job'] } }))).toEqual(['Job B'])
  })


  test('refuses criteria it does not model rather than ignoring them', () => {
    const { figma } = makeHost({ document })
    expect(() => figma.currentPage.findAllWithCriteria({ sharedPluginData: { namespace: 'studio' } })).toThrow(
      'not implemented in the Keyframe host: findAllWithCriteria({ sharedPluginData })'
    )
  })
})
