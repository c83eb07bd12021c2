// An append-only JSON-lines file: the shape every record the proxy keeps on disk takes (submits it
// remembers, offline jobs and files). Appends are synchronous so a record is on disk before the answer
// that depends on it leaves. Each line is checked against the file's schema where it is read: a damaged
// one (cut short by a crash, edited, another shape) is reported once, skipped, and written back as it
// was at every rewrite, so nothing on disk is lost to a compaction (issue #17).
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

import type * as z from 'zod/mini'

import { checkLine, type DamagedLine, damagedLineMessage } from './jsonl-line'
import { forEachValidLine } from './store/files/valid-lines'

export class JsonlFile<S extends z.ZodMiniType> {
  /** Damaged lines the last read found, in file order: the head of every rewrite. */
  private damaged: DamagedLine[] = []

  constructor(
    readonly path: string,
    private readonly schema: S,
    private readonly warn: (message: string) => void = (message) => console.warn(message)
  ) {
    mkdirSync(dirname(path), { recursive: true })
  }

  /** Every record the schema accepts, in the order written (for files small enough to read whole). */
  read(): z.infer<S>[] {
    this.damaged = []
    if (!existsSync(this.path)) return []
    const text = readFileSync(this.path, 'utf8')
    // End a line a crash cut short, so the next record starts on a line of its own.
    if (text.length > 0 && !text.endsWith('\n')) appendFileSync(this.path, '\n')
    const records: z.infer<S>[] = []
    text.split('\n').forEach((line, index) => {
      if (!line.trim()) return
      const checked = checkLine(this.schema, line)
      if (checked.ok) records.push(checked.record)
      else this.found({ text: line, lineNumber: index + 1, problem: checked.problem })
    })
    return records
  }

  /** As read, one line at a time, for files that may be large. Answers how many lines, damaged ones included. */
  async stream(onRecord: (record: z.infer<S>) => void): Promise<number> {
    this.damaged = []
    return forEachValidLine(this.path, this.schema, onRecord, (line) => this.found(line))
  }

  /** Lines the last read skipped, kept in the file. */
  get damagedLines(): number {
    return this.damaged.length
  }

  private found(line: DamagedLine): void {
    this.damaged.push(line)
    this.warn(damagedLineMessage(this.path, line))
  }

  /**
   * Appends one record. `durable`: flushed to the disk before returning (fsync), for a record whose loss in
   * a power cut could cost money, such as the mark that a submit is being sent.
   */
  append(record: z.infer<S>, durable = false): void {
    appendJsonLine(this.path, record, durable)
  }

  /**
   * Replaces the whole file at once: write a copy, flush it, rename it over, flush the directory, so a crash
   * or a power cut leaves the old file or the new one, never an empty or partial one. Damaged lines the
   * last read found come first, byte for byte.
   */
  rewrite(records: readonly z.infer<S>[]): void {
    const tmp = `${this.path}.tmp`
    const fd = openSync(tmp, 'w')
    try {
      const kept = this.damaged.map((line) => `${line.text}\n`)
      writeSync(fd, [...kept, ...records.map((r) => `${JSON.stringify(r)}\n`)].join(''))
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
