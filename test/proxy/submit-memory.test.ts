// The remembered-submits file on its own: answers expire after a day, expired lines are dropped at
// start, and a line a crash cut short does not stop the next start.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { SUBMIT_MEMORY_TTL_MS, SubmitMemory } from '../../src/proxy/submit-memory'

const dirs: string[] = []
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true })
})

function file(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyframe-submit-memory-'))
  dirs.push(dir)
  return join(dir, 'submits.jsonl')
}

function counter() {
  let n = 0
  return {
    get count() {
      return n
    },
    forward: async () => Response.json({ request_id: `req-${++n}`, status: 'IN_QUEUE' })
  }
}

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean)

describe('SubmitMemory', () => {
  it('replays within a day and forwards again after it', async () => {
    let now = 1_000_000
    const path = file()
    const memory = new SubmitMemory(path, SUBMIT_MEMORY_TTL_MS, () => now)
    const up = counter()
    expect(await (await memory.submit('t', 'job', 'fp', up.forward)).json()).toMatchObject({ request_id: 'req-1' })
    now += SUBMIT_MEMORY_TTL_MS - 1
    expect(await (await memory.submit('t', 'job', 'fp', up.forward)).json()).toMatchObject({ request_id: 'req-1' })
    now += 2
    expect(await (await memory.submit('t', 'job', 'fp', up.forward)).json()).toMatchObject({ request_id: 'req-2' })
    expect(up.count).toBe(2)
  })

  it('drops expired lines at start and survives a torn last line', async () => {
    let now = 1_000_000
    const path = file()
    const up = counter()
    const first = new SubmitMemory(path, SUBMIT_MEMORY_TTL_MS, () => now)
    await first.submit('t', 'old', 'fp', up.forward)
    now += SUBMIT_MEMORY_TTL_MS / 2
    await first.submit('t', 'new', 'fp', up.forward)
    appendFileSync(path, '{"key":"t:cut","fingerp')
    now += SUBMIT_MEMORY_TTL_MS / 2 + 1
    const second = new SubmitMemory(path, SUBMIT_MEMORY_TTL_MS, () => now)
    expect(lines(path)).toHaveLength(1)
    expect(await (await second.submit('t', 'new', 'fp', up.forward)).json()).toMatchObject({ request_id: 'req-2' })
    expect(up.count).toBe(2)
  })

  it('does not remember a refusal or an answer without a request id', async () => {
    const memory = new SubmitMemory(file())
    let calls = 0
    const refuse = async () => (++calls, Response.json({ detail: 'no' }, { status: 500 }))
    const odd = async () => (++calls, Response.json({ ok: true }))
    await memory.submit('t', 'a', 'fp', refuse)
    await memory.submit('t', 'a', 'fp', odd)
    await memory.submit('t', 'a', 'fp', odd)
    expect(calls).toBe(3)
  })
})
