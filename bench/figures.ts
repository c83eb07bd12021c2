// Every figure `npm run bench` reports, in one shape: what it measures, what it is compared with (a baseline
// measured in the same run, named), the goal it must meet, and whether it did. bench/results.json holds them;
// `npm run bench -- --check` fails when a goal is missed; the README's performance table is written from them
// (bench/readme-table.ts), so the two cannot drift.
//
// Timing goals are ratios or medians over repeated runs within one run of the bench, never a single wall-clock
// time, so a noisy shared machine does not flip them.

export type Unit = 'ms' | 'bytes' | 'MB' | 'kB' | 'ratio' | 'per second' | 'count'

/** A goal a figure must meet: at most or at least a value, in the figure's unit. */
export type Goal = { atMost: number } | { atLeast: number }

export interface Figure {
  /** Stable id, kebab-case, unique: `reference-bytes-1k`, `overhead-click-to-submitted-first`… */
  id: string
  /** The table the figure belongs to (one of TABLES in bench/run.ts). */
  table: string
  /** What it measures, in a reader's words (a row of the README table). */
  name: string
  unit: Unit
  measured: number
  /** The comparison measured in the same run, named: e.g. "plain JPEG export at the frame's size, q 0.9". */
  baseline?: { name: string; value: number }
  /** Undefined: reported only (say why in `note`). */
  goal?: Goal
  /** How the figure was taken when it matters: runs, median of what, max… */
  note?: string
}

export interface JudgedFigure extends Figure {
  /** Whether the goal was met; undefined when the figure has no goal. */
  met?: boolean
}

export function judge(figure: Figure): JudgedFigure {
  if (figure.goal === undefined) return { ...figure }
  const met = 'atMost' in figure.goal ? figure.measured <= figure.goal.atMost : figure.measured >= figure.goal.atLeast
  return { ...figure, met }
}

/** The goal as a reader sees it: "≤ 600 ms", "≥ 3×". */
export function goalText(goal: Goal | undefined, unit: Unit): string {
  if (goal === undefined) return ''
  const [sign, value] = 'atMost' in goal ? ['≤', goal.atMost] : ['≥', goal.atLeast]
  return `${sign} ${valueText(value, unit)}`
}

export function valueText(value: number, unit: Unit): string {
  switch (unit) {
    case 'ratio':
      return `${value}×`
    case 'bytes':
      if (value === 0) return '0 bytes'
      return value >= 1_000_000 ? `${(value / 1_000_000).toFixed(2)} MB` : `${(value / 1000).toFixed(1)} kB`
    case 'count':
      return String(value)
    default:
      return `${value} ${unit}`
  }
}

/** Each figure's id is unique: a second with the same id is a mistake in a table. */
export function checkIds(figures: readonly Figure[]): void {
  const seen = new Set<string>()
  for (const f of figures) {
    if (seen.has(f.id)) throw new Error(`Two bench figures share the id ${f.id}.`)
    seen.add(f.id)
  }
}

/** What `--check` decides: the exit code, and the lines that say why (every missed goal, by id). */
export function checkGoals(figures: readonly JudgedFigure[]): { exitCode: 0 | 1; lines: string[] } {
  // Judged again here, so a figure whose `met` was never set (or set wrongly) cannot slip through.
  const judged = figures.map(judge)
  const missed = judged.filter((f) => f.met === false)
  if (missed.length > 0) {
    return {
      exitCode: 1,
      lines: [
        `${missed.length} goal${missed.length === 1 ? '' : 's'} missed:`,
        ...missed.map((f) => `- ${f.id}: ${f.name}: ${valueText(f.measured, f.unit)}, goal ${goalText(f.goal, f.unit)}`)
      ]
    }
  }
  return { exitCode: 0, lines: [`Every goal met (${judged.filter((f) => f.met).length} figures with goals).`] }
}
