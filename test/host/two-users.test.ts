// Two people with the same file open, each running the plugin: one document, but each run has its own
// user, current page, selection, loaded pages, fonts, node handles, UI and clientStorage.
import { describe, expect, test } from 'vitest'

import { makeHost } from './helpers'

const twoPages = {
  pages: [
    { id: '0:1', name: 'Cover', children: [{ type: 'FRAME' as const, id: '2:1', name: 'Poster', x: 0, y: 0, width: 100, height: 100 }] },
    { id: '0:2', name: 'Boards', children: [{ type: 'FRAME' as const, id: '2:2', name: 'Board', x: 0, y: 0, width: 100, height: 100 }] }
  ]
}

function twoRuns() {
  const ana = makeHost({ user: { id: '1', name: 'Ana' }, document: twoPages })
  const ben = ana.join({ user: { id: '2', name: 'Ben' } })
  return { ana, ben }
}

describe('a second person on the same document', () => {
  test('has their own currentUser, session id, clientStorage and UI', async () => {
    const { ana, ben } = twoRuns()
    expect([ana.figma.currentUser!.name, ben.figma.currentUser!.name]).toEqual(['Ana', 'Ben'])
    expect(ana.figma.currentUser!.sessionId).not.toBe(ben.figma.currentUser!.sessionId)
    await ana.figma.clientStorage.setAsync('k', 'ana')
    expect(await ben.figma.clientStorage.getAsync('k')).toBeUndefined()
    ana.figma.showUI('<p>ana</p>')
    expect([ana.ui.shown, ben.ui.shown]).toEqual([true, false])
  })

  test('sees what the other creates and writes, at once', () => {
    const { ana, ben } = twoRuns()
    const section = ana.figma.createSection()
    section.setPluginData('k', 'from Ana')
    const seen = ben.figma.currentPage.children.find((n) => n.id === section.id)!
    expect(seen.getPluginData('k')).toBe('from Ana')
    seen.setPluginData('k', 'from Ben')
    expect(section.getPluginData('k')).toBe('from Ben')
  })

  test("holds handles of their own: the same node, but never the other run's object", async () => {
    const { ana, ben } = twoRuns()
    const a = await ana.figma.getNodeByIdAsync('2:1')
    const b = await ben.figma.getNodeByIdAsync('2:1')
    expect(a).not.toBe(b)
    expect(a).toBe(await ana.figma.getNodeByIdAsync('2:1'))
    expect(b!.parent).toBe(ben.figma.currentPage)
  })

  test('selects on their own, and is told only about their own selection', async () => {
    const { ana, ben } = twoRuns()
    let benEvents = 0
    ben.figma.on('selectionchange', () => benEvents++)
    ana.select(['Poster'])
    await ana.idle()
    expect(ana.figma.currentPage.selection.map((n) => n.name)).toEqual(['Poster'])
    expect(ben.figma.currentPage.selection).toEqual([])
    expect(benEvents).toBe(0)
  })

  test('loads pages for their own run only under dynamic-page', async () => {
    const { ana, ben } = twoRuns()
    const [, anaBoards] = ana.figma.root.children
    const [, benBoards] = ben.figma.root.children
    await anaBoards!.loadAsync()
    expect(anaBoards!.children.map((n) => n.name)).toEqual(['Board'])
    expect(() => benBoards!.children).toThrow('Cannot access children on a page that has not been explicitly loaded')
    await benBoards!.loadAsync()
    expect(benBoards!.children.map((n) => n.name)).toEqual(['Board'])
  })

  test('has their own current page', () => {
    // The plugin never switches pages; a person opens the file on the page they were on.
    const ana = makeHost({ user: { id: '1', name: 'Ana' }, document: twoPages })
    const ben = ana.join({ user: { id: '2', name: 'Ben' }, currentPage: 'Cover' })
    const boards = ana.join({ user: { id: '1', name: 'Ana' }, currentPage: 'Boards' })
    expect(boards.figma.currentPage.name).toBe('Boards')
    expect(ben.figma.currentPage.name).toBe('Cover')
    expect(ben.snapshot().name).toBe('Cover')
  })

  test('loads fonts for their own run only', async () => {
    const { ana, ben } = twoRuns()
    await ana.figma.loadFontAsync({ family: 'Inter', style: 'Regular' })
    const text = ana.figma.createText()
    text.characters = 'Ana can write'
    const same = (await ben.figma.getNodeByIdAsync(text.id)) as TextNode
    expect(() => {
      same.characters = 'Ben cannot yet'
    }).toThrow('unloaded font "Inter Regular"')
  })

  test('can start on another page, and can be the same person reopening with their clientStorage', async () => {
    const { ana } = twoRuns()
    await ana.figma.clientStorage.setAsync('proxy', 'https://proxy.example.com')
    const later = ana.join({ user: { id: '1', name: 'Ana' }, currentPage: 'Boards', clientStorage: ana.clientStorage })
    expect(later.figma.currentPage.name).toBe('Boards')
    expect(() => later.figma.root.children[0]!.children).toThrow('not been explicitly loaded')
    expect(await later.figma.clientStorage.getAsync('proxy')).toBe('https://proxy.example.com')
    expect(() => ana.join({ currentPage: 'Nowhere' })).toThrow('No page with id or name "Nowhere"')
  })
})
