// The README's performance table says exactly what bench/results.json holds (bench/readme-table.ts writes
// it on every `npm run bench`): a figure edited by hand, or a run whose table was not written back, fails here.
import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { type JudgedFigure, judge } from '../bench/figures'
import { renderTable, tableIn } from '../bench/readme-table'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const results = JSON.parse(readFileSync(new URL('../bench/results.json', import.meta.url), 'utf8')) as { figures: JudgedFigure[] }

describe('the README performance table', () => {
  it('is the table bench/results.json renders', () => {
    expect(tableIn(readme)).toBe(renderTable(results.figures))
  })

  it('records, for every figure with a goal, whether it was met as the goal says', () => {
    expect(results.figures.length).toBeGreaterThan(0)
    for (const f of results.figures) expect(f.met, f.id).toBe(judge(f).met)
  })
})
