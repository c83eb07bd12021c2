// An append-only JSON-lines file: the shape every record the proxy keeps on disk takes (submits it
// remembers, offline jobs and files). Appends are synchronous so a record is on disk before the answer
// that depends on it leaves; a line cut short by a crash is skipped on read rather than refusing to start.
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
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

  /**
   * Appends one record. `durable`: flushed to the disk before returning (fsync), for a record whose loss in
   * a power cut could cost money, such as the mark that a submit is being sent.
   */
  append(record: T, durable = false): void {
    appendJsonLine(this.path, record, durable)
  }

  /**
   * Replaces the whole file at once: write a copy, flush it, rename it over, flush the directory, so a crash
   * or a power cut leaves the old file or the new one, never an empty or partial one.
   */
  rewrite(records: readonly T[]): void {
    const tmp = `${this.path}.tmp`
    const fd = openSync(tmp, 'w')
    try {
      writeSync(fd, records.map((r) => `${JSON.stringify(r)}\n`).join(''))
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, this.path)
    syncDirectory(dirname(this.path))
  }
}

/**
 * Appends one record as a line of `path` (the file must be in an existing folder). `durable`: flushed to the
 * disk (fsync) before returning. The files store's day files append through this too.
 */
export function appendJsonLine(path: string, record: unknown, durable = false): void {
  const line = `${JSON.stringify(record)}\n`
  if (!durable) {
    appendFileSync(path, line)
    return
  }
  const fd = openSync(path, 'a')
  try {
    writeSync(fd, line)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Flushes a directory's entries (a rename in it) to disk; where the platform cannot, the rename still stands. */
function syncDirectory(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // Some platforms (Windows) cannot open a directory for syncing.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
