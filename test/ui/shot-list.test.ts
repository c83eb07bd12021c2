// The shot list's table, tab-separated text and CSV: columns, blanks, quoting, and fields that would
// otherwise break a row.
import { describe, expect, test } from 'vitest'

import type { ExportPanel, ExportStoryboard } from '../../src/messages'
import { exportFileName, rowCount, shotListTable, toCsv, toTsv } from '../../src/ui/export/shot-list'

function panel(number: number, over: Partial<ExportPanel> = {}): ExportPanel {
  return {
    id: `p${number}`,
    number,
    caption: `Beat ${number}`,
    prompt: 'Neon harbour at night',
    model: 'Kling Image O3 text-to-image',
    resolution: '1K',
    aspectRatio: '16:9',
    costUsd: 0.028,
    requestId: `req-${number}`,
    x: 0,
    y: 0,
    imageWidth: 480,
    imageHeight: 270,
    hasImage: true,
    ...over
  }
}

const board = (name: string, panels: ExportPanel[]): ExportStoryboard => ({ id: name, name, running: false, panels })

describe('the shot list table', () => {
  test('header first, one row per panel, blanks (not "null") where a panel has no provenance', () => {
    const empty = panel(2, { prompt: '', model: '', resolution: '', aspectRatio: '', costUsd: null, requestId: '', hasImage: false })
    const table = shotListTable([board('Harbour', [panel(1), empty])])
    expect(table).toEqual([
      ['Panel', 'Caption', 'Prompt', 'Model', 'Resolution', 'Aspect ratio', 'Cost (USD)', 'Request id'],
      ['1', 'Beat 1', 'Neon harbour at night', 'Kling Image O3 text-to-image', '1K', '16:9', '0.028', 'req-1'],
      ['2', 'Beat 2', '', '', '', '', '', '']
    ])
    expect(rowCount(table)).toBe(2)
  })

  test('several sections: a Storyboard column leads, sections in the order given', () => {
    const table = shotListTable([board('Rooftop', [panel(1)]), board('Harbour', [panel(1), panel(2)])])
    expect(table[0]![0]).toBe('Storyboard')
    expect(table.slice(1).map((r) => [r[0], r[1]])).toEqual([['Rooftop', '1'], ['Harbour', '1'], ['Harbour', '2']])
  })
})

describe('tab-separated text', () => {
  test('tabs and line breaks inside a caption or prompt become spaces, so each panel stays one row of 8 cells', () => {
    const tricky = panel(1, { caption: 'Mara turns,\tlooks back', prompt: 'Line one\nline two\r\nline three\rend' })
    const text = toTsv(shotListTable([board('Harbour', [tricky, panel(2)])]))
    const lines = text.split('\n')
    expect(lines).toHaveLength(3)
    expect(lines.every((l) => l.split('\t').length === 8)).toBe(true)
    expect(lines[1]!.split('\t').slice(0, 3)).toEqual(['1', 'Mara turns, looks back', 'Line one line two line three end'])
  })
})

describe('CSV (RFC 4180)', () => {
  test('CRLF line ends; fields with commas, quotes or line breaks are quoted, quotes doubled; others left bare', () => {
    const tricky = panel(1, { caption: 'Mara says "run", then runs', prompt: 'Two\nlines', requestId: 'req-1' })
    const csv = toCsv(shotListTable([board('Harbour', [tricky, panel(2, { costUsd: null })])]))
    expect(csv).toBe(
      'Panel,Caption,Prompt,Model,Resolution,Aspect ratio,Cost (USD),Request id\r\n' +
        '1,"Mara says ""run"", then runs","Two\nlines",Kling Image O3 text-to-image,1K,16:9,0.028,req-1\r\n' +
        '2,Beat 2,Neon harbour at night,Kling Image O3 text-to-image,1K,16:9,,req-2\r\n'
    )
  })
})

describe('file names', () => {
  test('named after the section; characters file systems refuse become "-"; several sections say so', () => {
    expect(exportFileName([{ name: 'Neon harbour' }], 'csv')).toBe('Neon harbour.csv')
    expect(exportFileName([{ name: 'A/B: "night" cut?' }], 'pdf')).toBe('A-B- -night- cut-.pdf')
    expect(exportFileName([{ name: 'Rooftop' }, { name: 'Harbour' }, { name: 'Dock' }], 'pdf')).toBe('Rooftop and 2 more.pdf')
    expect(exportFileName([{ name: '   ' }], 'csv')).toBe('Storyboard.csv')
    expect(exportFileName([{ name: 'Mara steps off the night ferry onto the wet…' }], 'pdf')).toBe('Mara steps off the night ferry onto the wet.pdf')
  })
})
