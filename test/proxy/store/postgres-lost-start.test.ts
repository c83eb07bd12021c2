// A submit's start that PostgreSQL committed but whose answer never reached the proxy (the connection broke
// after COMMIT): the gate answers 503 "nothing was sent", so nothing may stay held either: no sent job (its
// resends would be refused as in doubt for days) and no charge. When even the undo fails, the answer must
// not claim "not charged".
import { randomBytes } from 'node:crypto'

import pg from 'pg'
import { afterEach, describe, expect, inject, it } from 'vitest'

import { SubmitGate } from '../../../src/proxy/submit-gate'
import { migrate } from '../../../src/proxy/store/postgres/migrations'
import { PgDb } from '../../../src/proxy/store/postgres/pg-db'
import { openPostgresStore } from '../../../src/proxy/store/postgres/pg-store'
import { pgSubmits } from '../../../src/proxy/store/postgres/pg-submits'
import type { ProxyStore } from '../../../src/proxy/store/proxy-store'
import { postgresAvailable } from './postgres-available'

const url = inject('postgresUrl')
const now = () => Date.parse('2026-11-27T10:00:00.000Z')
const limits = { tokenMills: 10, teamMills: 100 }
const start = { token: 't1', costMills: 5, limits, endpoint: 'fal-ai/kling-image/o3/text-to-image' }

/** A PgDb whose start_submit call commits and then throws, as a reply lost after COMMIT; `broken` fails every later query. */
function lossyDb(schema: string, after: 'works' | 'broken'): PgDb {
  const db = new PgDb(url, schema, 2)
  const real = db.query.bind(db)
  let lost = false
  db.query = (async (text: string, values?: unknown[]) => {
    if (lost && after === 'broken') throw db.fail(Object.assign(new Error('connection terminated'), { code: 'ECONNRESET' }))
    const result = await real(text, values)
    if (text.includes('start_submit')) {
      lost = true
      throw db.fail(Object.assign(new Error('connection terminated unexpectedly'), { code: 'ECONNRESET' }))
    }
    return result
  }) as PgDb['query']
  return db
}

if (postgresAvailable('the lost-start tests')) {
  describe('postgres: a start whose answer was lost', () => {
    const cleanup: (() => Promise<unknown>)[] = []
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step()
    })

    async function setUp(after: 'works' | 'broken'): Promise<{ store: ProxyStore; lossy: ProxyStore; schema: string }> {
      const schema = `keyframe_lost_${randomBytes(5).toString('hex')}`
      const store = await openPostgresStore(url, { schema, now, poolSize: 2 })
      cleanup.push(async () => {
        const c = new pg.Client({ connectionString: url })
        await c.connect()
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
        await c.end()
      })
      cleanup.push(() => store.close())
      const db = lossyDb(schema, after)
      await migrate(db)
      cleanup.push(() => db.pool.end())
      // No pauses between the undo's attempts: the test never waits on a clock.
      return { store, lossy: { ...store, submits: pgSubmits(db, now, []) }, schema }
    }

    it('leaves nothing held after its 503, so the same job id is sent once after', async () => {
      const { store, lossy } = await setUp('works')
      let forwarded = 0
      const forward = async () => {
        forwarded += 1
        return { kind: 'answered' as const, response: new Response('{"request_id":"r1"}'), requestId: 'r1' }
      }
      const refuse = () => new Response(null, { status: 402 })

      const first = await new SubmitGate(lossy, { sendWindowMs: 1000, shared: true }).submit(start, 'job-1', 'fp', refuse, forward)
      expect(first.response.status).toBe(503)
      expect(first.charge).toBe('none')
      expect(forwarded).toBe(0)
      // Nothing held: no job record, no spend.
      expect(await store.jobs.get('job-1')).toBeUndefined()
      expect(await store.spend.spent('t1')).toEqual({ tokenMills: 0, teamMills: 0 })

      const again = await new SubmitGate(store, { sendWindowMs: 1000, shared: true }).submit(start, 'job-1', 'fp', refuse, forward)
      expect(again.response.status).toBe(200)
      expect(forwarded).toBe(1)
      expect(await store.spend.spent('t1')).toEqual({ tokenMills: 5, teamMills: 5 })
    })

    it('answers 503 without "not charged" when the undo fails too', async () => {
      const { lossy } = await setUp('broken')
      let forwarded = 0
      const answer = await new SubmitGate(lossy, { sendWindowMs: 1000, shared: true }).submit(start, 'job-2', 'fp', () => new Response(null, { status: 402 }), async () => {
        forwarded += 1
        return { kind: 'answered', response: new Response('{}') }
      })
      expect(answer.response.status).toBe(503)
      expect(answer.charge).toBe('kept')
      expect(forwarded).toBe(0)
      const body = (await answer.response.json()) as { code: string; message?: string; detail?: string }
      expect(body.code).toBe('storage_unavailable')
      expect(JSON.stringify(body)).toMatch(/a charge for it may be held/)
    })
  })
}
