// Reads a JSON-lines file and keeps only the lines whose shape the caller's schema accepts. A damaged line
// (torn by a crash, edited by hand, written by a version with another shape) is skipped, never fatal, and
// left in the file as it is, so nothing is lost that someone may want to look at (issue #17).
import type * as z from 'zod/mini'

import { forEachRecord } from '../../jsonl-stream'

/**
 * Streams `path`, calling `onRecord` for each line `schema` accepts and `onDamaged` with the others (whole
 * JSON of another shape; a torn line is not JSON and is only skipped). Answers how many lines were read.
 */
export function forEachValidLine<S extends z.ZodMiniType>(
  path: string,
  schema: S,
  onRecord: (record: z.infer<S>) => void,
  onDamaged: (line: unknown) => void = () => undefined
): Promise<number> {
  return forEachRecord<unknown>(path, (line) => {
    const parsed = schema.safeParse(line)
    if (parsed.success) onRecord(parsed.data)
    else onDamaged(line)
  })
}
