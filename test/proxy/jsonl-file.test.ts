// A JSON-lines file read through its schema (issue #17): only the lines the schema accepts come back,
// each damaged line is reported with its file and line number (never its content), and a rewrite puts
// the damaged lines back byte for byte instead of dropping them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'
import * as z from 'zod/mini'

import { JsonlFile } from '../../src/proxy/jsonl-file'

const dirs: string[] = []
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true })
})

const Entry = z.object({ id: z.string(), size: z.number() })
const GOOD = '{"id":"a","size":1}'
// Cut short by a crash, and a whole line of another shape holding something that must not reach a log.
const TORN = '{"id":"b","si'
const WRONG = '{"id":"c","size":"secret-looking-value"}'

function damagedFile(): { path: string; warnings: string[]; file: JsonlFile<typeof Entry> } {
  const dir = mkdtempSync(join(tmpdir(), 'keyframe-jsonl-'))
  dirs.push(dir)
  const path = join(dir, 'entries.jsonl')
  writeFileSync(path, `${GOOD}\n${TORN}\n\n${WRONG}\n`)
  const warnings: string[] = []
  return { path, warnings, file: new JsonlFile(path, Entry, (message) => warnings.push(message)) }
}

describe('JsonlFile: lines read through a schema', () => {
  it('read gives only the good line, and reports each damaged one by file and line number, without its content', () => {
    const { path, warnings, file } = damagedFile()
    expect(file.read()).toEqual([{ id: 'a', size: 1 }])
    expect(file.damagedLines).toBe(2)
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toContain(`${path} line 2 is not whole JSON`)
    // Line 3 is blank: numbers are the editor's, so the wrong-shape line is line 4.
    expect(warnings[1]).toContain(`${path} line 4 is not the shape this version reads (size: `)
    expect(warnings.join('\n')).not.toContain('secret-looking-value')
    expect(warnings[1]).toMatch(/correct or delete that line by hand/)
  })

  it('a rewrite keeps the damaged lines byte for byte, ahead of the records it was given', () => {
    const { path, file } = damagedFile()
    const [good] = file.read()
    file.rewrite([good!, { id: 'd', size: 4 }])
    expect(readFileSync(path, 'utf8')).toBe(`${TORN}\n${WRONG}\n${GOOD}\n{"id":"d","size":4}\n`)
    // And again after a rewrite with nothing to keep: still there.
    file.rewrite([])
    expect(readFileSync(path, 'utf8')).toBe(`${TORN}\n${WRONG}\n`)
  })

  it('stream reports and keeps the same lines, and counts every line it read', async () => {
    const { path, warnings, file } = damagedFile()
    const records: unknown[] = []
    expect(await file.stream((r) => records.push(r))).toBe(3)
    expect(records).toEqual([{ id: 'a', size: 1 }])
    expect(warnings.map((w) => /line (\d+)/.exec(w)?.[1])).toEqual(['2', '4'])
    file.rewrite([])
    expect(readFileSync(path, 'utf8')).toBe(`${TORN}\n${WRONG}\n`)
  })
})
