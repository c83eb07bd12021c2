// The README's performance table, written from bench/results.json so it can never say what the last run did
// not measure. `npm run bench` (all tables) rewrites the block between the markers; a test
// (test/bench-readme.test.ts) fails when the README and results.json disagree.
import { goalText, type JudgedFigure, valueText } from './figures'

export const TABLE_START = '<!-- bench:table:start (written by npm run bench from bench/results.json; do not edit by hand) -->'
export const TABLE_END = '<!-- bench:table:end -->'

export function renderTable(figures: readonly JudgedFigure[]): string {
  const rows = figures.map((f) => {
    const baseline = f.baseline ? `${valueText(f.baseline.value, f.unit)} (${f.baseline.name})` : ''
    const met = f.met === undefined ? '' : f.met ? 'met' : '**missed**'
    const note = f.note ? ` (${f.note})` : ''
    return `| ${f.name}${note} | ${valueText(f.measured, f.unit)} | ${baseline} | ${goalText(f.goal, f.unit)} | ${met} |`
  })
  return [TABLE_START, '| What | Measured | Baseline (same run) | Goal | |', '|---|---|---|---|---|', ...rows, TABLE_END].join('\n')
}

/** The README with its table block replaced; throws if the markers are missing, so a run never loses it. */
export function withTable(readme: string, figures: readonly JudgedFigure[]): string {
  const start = readme.indexOf(TABLE_START)
  const end = readme.indexOf(TABLE_END)
  if (start < 0 || end < start) throw new Error(`README.md has no bench table markers (${TABLE_START} … ${TABLE_END}).`)
  return readme.slice(0, start) + renderTable(figures) + readme.slice(end + TABLE_END.length)
}

/** The table block as it stands in the README, or undefined. */
export function tableIn(readme: string): string | undefined {
  const start = readme.indexOf(TABLE_START)
  const end = readme.indexOf(TABLE_END)
  return start < 0 || end < start ? undefined : readme.slice(start, end + TABLE_END.length)
}
