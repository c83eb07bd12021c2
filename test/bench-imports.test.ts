// The benchmarks share tools with the tests through src/dev, never by importing test/: a bench run would
// otherwise load test modules (and vitest with them), and a test's helper could change what a figure measures.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const BENCH = join(ROOT, 'bench')

/** Every module specifier a file imports or re-exports, static or dynamic. */
function specifiers(text: string): string[] {
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!)
}

describe('bench imports', () => {
  const files = readdirSync(BENCH, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))

  it('reads the bench modules and their relative imports (else the check below proves nothing)', () => {
    expect(files).toEqual(expect.arrayContaining(['run.ts', 'overhead.ts']))
    expect(specifiers(readFileSync(join(BENCH, 'overhead.ts'), 'utf8'))).toEqual(expect.arrayContaining(['../src/dev/chromium']))
  })

  it('no bench module imports anything under test/', () => {
    const intoTest = files.flatMap((file) => {
      const path = join(BENCH, file)
      return specifiers(readFileSync(path, 'utf8'))
        .filter((s) => s.startsWith('.'))
        .map((s) => relative(ROOT, resolve(dirname(path), s)))
        .filter((target) => target.startsWith('test/') || target === 'test')
        .map((target) => `bench/${file} → ${target}`)
    })
    expect(intoTest).toEqual([])
  })
})
