// `npm run bench -- --check` exits non-zero when a goal is missed and names it (bench/run.ts hands its
// figures to checkGoals). Proven here on figure lists, without running a bench.
import { describe, expect, it } from 'vitest'

import { checkGoals, type Figure, judge } from '../bench/figures'

const met: Figure = {
  id: 'placement-shorter-900',
  table: 'placement',
  name: 'Placing 900 panels, time per panel',
  unit: 'ms',
  measured: 5,
  baseline: { name: 'the same at 9 panels', value: 4.8 },
  goal: { atMost: 7.2 }
}
const reportedOnly: Figure = { id: 'open-to-interactive', table: 'bundle', name: 'Open → interactive', unit: 'ms', measured: 230, note: 'reported only' }
const missed: Figure = {
  id: 'bundle-ui',
  table: 'bundle',
  name: 'build/ui.js, minified',
  unit: 'bytes',
  measured: 232_122,
  baseline: { name: 'the libraries alone', value: 118_898 },
  goal: { atMost: 200_000 }
}
const atLeastMissed: Figure = { id: 'ratio', table: 'reference-bytes', name: 'Fewer bytes than the baseline', unit: 'ratio', measured: 2.5, goal: { atLeast: 3 } }

describe('bench --check', () => {
  it('exits 0 when every goal is met, whatever has no goal', () => {
    const outcome = checkGoals([met, reportedOnly].map(judge))
    expect(outcome.exitCode).toBe(0)
    expect(outcome.lines.join('\n')).toMatch(/Every goal met \(1 figures/)
  })

  it('exits 1 on a missed goal and names each one with its measure and goal', () => {
    const outcome = checkGoals([met, missed, reportedOnly, atLeastMissed].map(judge))
    expect(outcome.exitCode).toBe(1)
    expect(outcome.lines[0]).toBe('2 goals missed:')
    expect(outcome.lines).toContain('- bundle-ui: build/ui.js, minified: 232.1 kB, goal ≤ 200.0 kB')
    expect(outcome.lines).toContain('- ratio: Fewer bytes than the baseline: 2.5×, goal ≥ 3×')
    expect(outcome.lines.join('\n')).not.toContain('placement-shorter-900')
  })

  it('judges again rather than trusting a recorded `met`', () => {
    expect(checkGoals([{ ...missed, met: true }]).exitCode).toBe(1)
  })

  it('counts a figure that measured nothing (NaN) as missed', () => {
    expect(checkGoals([{ ...met, measured: NaN }]).exitCode).toBe(1)
  })
})
