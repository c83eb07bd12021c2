// An append-only JSON-lines file: the shape every record the proxy keeps on disk takes (submits it
// remembers, offline jobs and files). Appends are synchronous so a record is on disk before the answer
// that depends on it leaves; a line cut short by a crash is skipped on read rather than refusing to start.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export class JsonlFile<T> {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true })
  }

  /** Every whole record in the file, in the order written. */
  read(): T[] {
    if (!existsSync(this.path)) return []
    const text = readFileSync(this.path, 'utf8')
    // End a line a crash cut short, so the next record starts on a line of its own.
    if (text.length > 0 && !text.endsWith('\n')) appendFileSync(this.path, '\n')
    const records: T[] = []
    for (const line of text.split('\n')) {
      if (!line.trim()) continue
      try {
        records.push(JSON.parse(line) as T)
      } catch {
        // A torn line: skip it.
      }
    }
    return records
  }

  append(record: T): void {
    appendFileSync(this.path, `${JSON.stringify(record)}\n`)
  }

  /** Replaces the whole file at once (write then rename), so a crash leaves the old or the new one. */
  rewrite(records: readonly T[]): void {
    const tmp = `${this.path}.tmp`
    writeFileSync(tmp, records.map((r) => `${JSON.stringify(r)}\n`).join(''))
    renameSync(tmp, this.path)
  }
}
