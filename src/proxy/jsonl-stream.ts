// Reads a JSON-lines file one record at a time (readline), so start-up never holds a whole file in one
// string: a history file of any size costs only the records the caller keeps. A line cut short by a
// crash is skipped, and the file is given a closing newline so the next append starts a line of its own.
import { appendFileSync, createReadStream, existsSync, openSync, readSync, closeSync, statSync } from 'node:fs'
import { createInterface } from 'node:readline'

export async function forEachRecord<T>(path: string, onRecord: (record: T) => void): Promise<number> {
  let count = 0
  await forEachLine(path, (line) => {
    let record: T
    try {
      record = JSON.parse(line) as T
    } catch {
      return // a torn line
    }
    count += 1
    onRecord(record)
  })
  return count
}

/** Each line that is not blank, as written, with its 1-based number (blank lines counted, as an editor does). */
export async function forEachLine(path: string, onLine: (line: string, lineNumber: number) => void): Promise<void> {
  if (!existsSync(path)) return
  let lineNumber = 0
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })
  for await (const line of lines) {
    lineNumber += 1
    if (line.trim()) onLine(line, lineNumber)
  }
  endWithNewline(path)
}

function endWithNewline(path: string): void {
  const size = statSync(path).size
  if (size === 0) return
  const fd = openSync(path, 'r')
  const last = Buffer.alloc(1)
  try {
    readSync(fd, last, 0, 1, size - 1)
  } finally {
    closeSync(fd)
  }
  if (last[0] !== 0x0a) appendFileSync(path, '\n')
}
