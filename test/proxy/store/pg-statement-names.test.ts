// Prepared statements are named by their SQL, not by the order an instance first used them: behind a
// transaction-mode pooler one server connection serves many instances, and a name that meant a DELETE in
// one and a SELECT in another would run the wrong statement. DATABASE_PREPARED=off sends no names at all.
import { describe, expect, it } from 'vitest'

import { optionsFromEnv, resolveOptions } from '../../../src/proxy/config'
import { PgDb } from '../../../src/proxy/store/postgres/pg-db'

/** The names a PgDb sends for `texts`, in order, without a server. */
async function namesSent(texts: string[], prepared?: boolean): Promise<(string | undefined)[]> {
  const db = new PgDb('postgres://keyframe@127.0.0.1:1/keyframe', 'keyframe', 1, prepared)
  const sent: (string | undefined)[] = []
  ;(db.pool as unknown as { query: (q: { name?: string }) => Promise<unknown> }).query = async (q) => {
    sent.push(q.name)
    return { rows: [], rowCount: 0 }
  }
  for (const text of texts) await db.query(text)
  await db.pool.end()
  return sent
}

describe('prepared statement names', () => {
  const read = 'SELECT 1 FROM t WHERE id = $1'
  const erase = 'DELETE FROM t WHERE id = $1'

  it('names a text the same in every instance, whatever order each used them in', async () => {
    const [a, b] = [await namesSent([read, erase]), await namesSent([erase, read])]
    expect(a[0]).toBe(b[1])
    expect(a[1]).toBe(b[0])
    expect(a[0]).not.toBe(a[1])
    expect(a[0]).toMatch(/^kf_[0-9a-f]{24}$/)
  })

  it('sends no names with DATABASE_PREPARED=off', async () => {
    expect(await namesSent([read, erase], false)).toEqual([undefined, undefined])
    expect(optionsFromEnv({ DATABASE_PREPARED: 'off' }).databasePrepared).toBe(false)
    expect(optionsFromEnv({ DATABASE_PREPARED: 'on' }).databasePrepared).toBe(true)
    expect(resolveOptions({ host: '127.0.0.1' }).databasePrepared).toBe(true)
    expect(() => optionsFromEnv({ DATABASE_PREPARED: 'maybe' })).toThrow(/DATABASE_PREPARED must be on or off/)
  })
})
