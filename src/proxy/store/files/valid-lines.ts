// Reads a JSON-lines file and keeps only the lines whose shape the caller's schema accepts. A damaged line
// (torn by a crash, edited by hand, written by a version with another shape) is skipped, never fatal, and
// left in the file as it is, so nothing is lost that someone may want to look at (issue #17).
import type * as z from 'zod/mini'

import { checkLine, type DamagedLine } from '../../jsonl-line'
import { forEachLine } from '../../jsonl-stream'

/**
 * Streams `path`, calling `onRecord` for each line `schema` accepts and `onDamaged` with the others (torn,
 * or whole JSON of another shape). Answers how many lines were read, damaged ones included.
 */
export async function forEachValidLine<S extends z.ZodMiniType>(
  path: string,
  schema: S,
  onRecord: (record: z.infer<S>) => void,
  onDamaged: (line: DamagedLine) => void = () => undefined
): Promise<number> {
  let count = 0
  await forEachLine(path, (text, lineNumber) => {
    count += 1
    const checked = checkLine(schema, text)
    if (checked.ok) onRecord(checked.record)
    else onDamaged({ text, lineNumber, problem: checked.problem })
  })
  return count
}
