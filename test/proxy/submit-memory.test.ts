// The remembered-submits file on its own: answers expire after the retention, expired lines are dropped at
// start, a line a crash cut short does not stop the next start, and an intent with no answer is in doubt.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { StorageError, StorageHealth } from '../../src/proxy/storage-health'
import { SUBMIT_MEMORY_TTL_MS, SubmitMemory, type SubmitOutcome } from '../../src/proxy/submit-memory'

const dirs: string[] = []
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true })
})

function file(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyframe-submit-memory-'))
  dirs.push(dir)
  return join(dir, 'submits.jsonl')
}

const open = (path: string, now?: () => number) => SubmitMemory.open(path, new StorageHealth(), SUBMIT_MEMORY_TTL_MS, now)

function counter() {
  let n = 0
  return {
    get count() {
      return n
    },
    forward: async (recordIntent: () => void): Promise<SubmitOutcome> => {
      recordIntent()
      const requestId = `req-${++n}`
      return { kind: 'answered', response: Response.json({ request_id: requestId, status: 'IN_QUEUE' }), requestId }
    }
  }
}

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean)

describe('SubmitMemory', () => {
  it('replays within the retention and forwards again after it', async () => {
    let now = 1_000_000
    const memory = await open(file(), () => now)
    const up = counter()
    expect(await (await memory.submit('t', 'job', 'fp', up.forward)).response.json()).toMatchObject({ request_id: 'req-1' })
    now += SUBMIT_MEMORY_TTL_MS - 1
    expect(await (await memory.submit('t', 'job', 'fp', up.forward)).response.json()).toMatchObject({ request_id: 'req-1' })
    now += 2
    expect(await (await memory.submit('t', 'job', 'fp', up.forward)).response.json()).toMatchObject({ request_id: 'req-2' })
    expect(up.count).toBe(2)
  })

  it('drops expired and superseded lines at start and survives a torn last line', async () => {
    let now = 1_000_000
    const path = file()
    const up = counter()
    const first = await open(path, () => now)
    await first.submit('t', 'old', 'fp', up.forward)
    now += SUBMIT_MEMORY_TTL_MS / 2
    await first.submit('t', 'new', 'fp', up.forward)
    appendFileSync(path, '{"key":"t:cut","fingerp')
    now += SUBMIT_MEMORY_TTL_MS / 2 + 1
    const second = await open(path, () => now)
    // Only "new" is left: its answer (its intent line was superseded).
    expect(lines(path)).toHaveLength(1)
    expect(await (await second.submit('t', 'new', 'fp', up.forward)).response.json()).toMatchObject({ request_id: 'req-2' })
    expect(up.count).toBe(2)
  })

  it('forgets a refusal, so a resend is tried again', async () => {
    const memory = await open(file())
    let calls = 0
    const refuse = async (recordIntent: () => void): Promise<SubmitOutcome> => {
      recordIntent()
      calls += 1
      return { kind: 'released', response: Response.json({ detail: 'no' }, { status: 500 }) }
    }
    await memory.submit('t', 'a', 'fp', refuse)
    await memory.submit('t', 'a', 'fp', refuse)
    expect(calls).toBe(2)
  })

  it('an intent with no answer is in doubt, in this process and after a restart', async () => {
    const path = file()
    const first = await open(path)
    let sent = 0
    const lost = async (recordIntent: () => void): Promise<SubmitOutcome> => {
      recordIntent()
      sent += 1
      return { kind: 'in-doubt', response: Response.json({ code: 'submit_in_doubt' }, { status: 409 }) }
    }
    await first.submit('t', 'lost', 'fp', lost)
    const again = (await first.submit('t', 'lost', 'fp', counter().forward)).response
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ code: 'submit_in_doubt', job_id: 'lost' })
    const second = await open(path)
    const afterRestart = (await second.submit('t', 'lost', 'fp', counter().forward)).response
    expect(afterRestart.status).toBe(409)
    expect(((await afterRestart.json()) as { message: string }).message).toMatch(/may have reached fal.*kept charged/)
    // Other settings under the same id are still a reuse, not a doubt.
    expect(await (await second.submit('t', 'lost', 'other', counter().forward)).response.json()).toMatchObject({ code: 'job_id_reused' })
    expect(sent).toBe(1)
  })

  it('an intent that cannot be written is thrown to the caller before anything is sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyframe-submit-memory-'))
    dirs.push(dir)
    const memory = await open(join(dir, 'submits.jsonl'))
    // The file's place is taken by a directory: every append fails (as root too, unlike chmod).
    rmSync(join(dir, 'submits.jsonl'), { force: true })
    const { mkdirSync } = await import('node:fs')
    mkdirSync(join(dir, 'submits.jsonl'))
    let sent = 0
    const error = await memory
      .submit('t', 'x', 'fp', async (recordIntent) => {
        recordIntent()
        sent += 1
        return { kind: 'answered', response: Response.json({ request_id: 'r' }), requestId: 'r' }
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorageError)
    expect((error as StorageError).message).toMatch(/could not write .*submits\.jsonl \(EISDIR\)/)
    expect(sent).toBe(0)
  })
})

describe('files from before job ids were one per proxy (keyed by token and job id)', () => {
  const A = 'a'.repeat(64)
  const B = 'b'.repeat(64)

  it("a later token's lines for the same job id neither replace nor forget the first token's send", async () => {
    const path = file()
    const at = Date.now() - 60_000
    // The old version let a rotated token resend job1: A's send is in doubt, B's resend was refused by fal.
    appendFileSync(
      path,
      [
        { key: `${A}:job1`, fingerprint: 'fp', at, state: 'intent' },
        { key: `${B}:job1`, fingerprint: 'fp', at: at + 1, state: 'intent' },
        { key: `${B}:job1`, fingerprint: 'fp', at: at + 2, state: 'forgotten' }
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n'
    )
    const memory = await open(path)
    const fal = counter()
    // A's send stands: A gets the in-doubt refusal, B the other-token refusal; nothing is sent again.
    expect((await memory.submit(A, 'job1', 'fp', fal.forward)).response.status).toBe(409)
    expect(await (await memory.submit(A, 'job1', 'fp', fal.forward)).response.json()).toMatchObject({ code: 'submit_in_doubt' })
    expect(await (await memory.submit(B, 'job1', 'fp', fal.forward)).response.json()).toMatchObject({ code: 'job_other_token' })
    expect(fal.count).toBe(0)
  })
})
