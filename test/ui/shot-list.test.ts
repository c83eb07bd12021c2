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
    shot: '',
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
  test('header first, one row per panel, blanks (not "null") where a panel has no provenance or no shot', () => {
    const empty = panel(2, { prompt: '', model: '', resolution: '', aspectRatio: '', costUsd: null, requestId: '', hasImage: false })
    const table = shotListTable([board('Harbour', [panel(1, { shot: 'Wide · 24 mm' }), empty])])
    expect(table).toEqual([
      ['Panel', 'Caption', 'Shot', 'Prompt', 'Model', 'Resolution', 'Aspect ratio', 'Cost (USD)', 'Request id'],
      ['1', 'Beat 1', 'Wide · 24 mm', 'Neon harbour at night', 'Kling Image O3 text-to-image', '1K', '16:9', '0.028', 'req-1'],
      ['2', 'Beat 2', '', '', '', '', '', '', '']
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
  test('tabs and line breaks inside a caption or prompt become spaces, so each panel stays one row of 9 cells', () => {
    const tricky = panel(1, { caption: 'Mara turns,\tlooks back', prompt: 'Line one\nline two\r\nline three\rend' })
    const text = toTsv(shotListTable([board('Harbour', [tricky, panel(2)])]))
    const lines = text.split('\n')
    expect(lines).toHaveLength(3)
    expect(lines.every((l) => l.split('\t').length === 9)).toBe(true)
    expect(lines[1]!.split('\t').slice(0, 4)).toEqual(['1', 'Mara turns, looks back', '', 'Line one line two line three end'])
  })
})

describe('CSV (RFC 4180)', () => {
  test('CRLF line ends; fields with commas, quotes or line breaks are quoted, quotes doubled; others left bare', () => {
    const tricky = panel(1, { caption: 'Mara says "run", then runs', shot: 'Close-up · 85 mm', prompt: 'Two\nlines', requestId: 'req-1' })
    const csv = toCsv(shotListTable([board('Harbour', [tricky, panel(2, { costUsd: null })])]))
    expect(csv).toBe(
      'Panel,Caption,Shot,Prompt,Model,Resolution,Aspect ratio,Cost (USD),Request id\r\n' +
        '1,"Mara says ""run"", then runs",Close-up · 85 mm,"Two\nlines",Kling Image O3 text-to-image,1K,16:9,0.028,req-1\r\n' +
        '2,Beat 2,,Neon harbour at night,Kling Image O3 text-to-image,1K,16:9,,req-2\r\n'
    )
  })
})

describe('cells a spreadsheet would run as a formula (OWASP CSV injection)', () => {
  // Prompts often start with a mention ("@Mara …"); a caption may start with "-" or "+"; any of them, or "=",
  // is read as a formula by Excel and Sheets. Such cells start with "'" so they stay text.
  const risky = [
    panel(1, { caption: '=HYPERLINK("https://example.com","Mara")', prompt: '@Mara steps off the ferry' }),
    panel(2, { caption: '+1 ferry', prompt: '-2 stops later' }),
    panel(3, { caption: 'Mara = home', prompt: 'A @Mara mention mid-text' })
  ]
  const table = shotListTable([board('@Harbour', risky)])

  test('in the CSV, each such cell starts with an apostrophe, quoted as any other cell', () => {
    const rows = toCsv(table).split('\r\n')
    expect(rows[1]).toBe(`1,"'=HYPERLINK(""https://example.com"",""Mara"")",,'@Mara steps off the ferry,Kling Image O3 text-to-image,1K,16:9,0.028,req-1`)
    expect(rows[2]).toBe("2,'+1 ferry,,'-2 stops later,Kling Image O3 text-to-image,1K,16:9,0.028,req-2")
    expect(rows[3]).toBe('3,Mara = home,,A @Mara mention mid-text,Kling Image O3 text-to-image,1K,16:9,0.028,req-3')
  })

  test('in the pasted text, the same cells start with an apostrophe; the others are left as written', () => {
    const rows = toTsv(table).split('\n').map((r) => r.split('\t'))
    expect(rows.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['Panel', 'Caption', 'Prompt'],
      ['1', `'=HYPERLINK("https://example.com","Mara")`, "'@Mara steps off the ferry"],
      ['2', "'+1 ferry", "'-2 stops later"],
      ['3', 'Mara = home', 'A @Mara mention mid-text']
    ])
  })

  test('the Storyboard column of several sections is guarded too', () => {
    const several = shotListTable([board('@Mara at sea', [panel(1)]), board('Harbour', [panel(2)])])
    expect(toCsv(several).split('\r\n')[1]!.split(',')[0]).toBe("'@Mara at sea")
    expect(toTsv(several).split('\n')[2]!.split('\t')[0]).toBe('Harbour')
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
