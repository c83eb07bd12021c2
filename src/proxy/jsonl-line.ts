// One line of a JSON-lines file checked against the shape its reader expects. The one place that says
// what a damaged line is and how it is reported, for every JSON-lines file the proxy reads (issue #17).
// A report names the file, the line and what is wrong, never the line itself: it may hold a token hash.
import type * as z from 'zod/mini'
import { issueField, parseJson } from '../stored-json'

/** A line that is not a record: torn by a crash, edited by hand, or written in another shape. */
export interface DamagedLine {
  /** The line exactly as it is in the file, written back as it is when the file is rewritten. */
  text: string
  /** 1-based, counting blank lines, as an editor shows it. */
  lineNumber: number
  problem: string
}

export type CheckedLine<T> = { ok: true; record: T } | { ok: false; problem: string }

export function checkLine<S extends z.ZodMiniType>(schema: S, text: string): CheckedLine<z.infer<S>> {
  const json = parseJson(text)
  if (!json.ok) return { ok: false, problem: 'not whole JSON (cut short by a crash, or edited by hand)' }
  const parsed = schema.safeParse(json.value)
  if (parsed.success) return { ok: true, record: parsed.data }
  // zod's messages say what was expected and the type found, not the value: safe to log.
  const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issueField(issue) ?? 'the line'}: ${issue.message}`)
  return { ok: false, problem: `not the shape this version reads (${issues.join('; ')})` }
}

export function damagedLineMessage(path: string, line: DamagedLine): string {
  return `${path} line ${line.lineNumber} is ${line.problem}. It was skipped and is kept in the file as it is: correct or delete that line by hand, then restart the proxy.`
}
