// The PostgreSQL store against a real server (postgres-server.ts): the whole conformance suite with two
// instances (two pools) on one schema, then what is PostgreSQL's own: failures become StorageErrors that
// name DATABASE_URL and never its password, migrations that race, and pruning.
import { randomBytes } from 'node:crypto'

import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'

import { StorageError } from '../../../src/proxy/storage-health'
import { SubmitGate } from '../../../src/proxy/submit-gate'
import { openPostgresStore } from '../../../src/proxy/store/postgres/pg-store'
import type { StoreClock } from '../../../src/proxy/store/proxy-store'
import { describeStoreConformance, type StoreBacking } from './conformance'
import { postgresAvailable } from './postgres-available'

const url = inject('postgresUrl')

async function admin<T>(run: (client: pg.Client) => Promise<T>, database = url): Promise<T> {
  const client = new pg.Client({ connectionString: database })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/** A fresh schema per test; each open is another instance (its own pool) on it. */
async function freshSchema(): Promise<StoreBacking & { schema: string }> {
  const schema = `keyframe_test_${randomBytes(6).toString('hex')}`
  return {
    schema,
    open: (now: StoreClock) => openPostgresStore(url, { schema, now, poolSize: 4 }),
    dispose: () => admin((c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)).then(() => undefined)
  }
}

if (postgresAvailable('the PostgreSQL store tests')) {
  describeStoreConformance('postgres', { shared: true, backing: freshSchema })
  describePostgresOnly()
}

function describePostgresOnly(): void {
  describe('postgres store: its own', () => {
    it('lets many instances open (and migrate) one new schema at once', async () => {
      const backing = await freshSchema()
      const now = () => Date.parse('2026-11-27T10:00:00.000Z')
      try {
        const stores = await Promise.all(Array.from({ length: 4 }, () => backing.open(now)))
        const versions = await admin((c) => c.query(`SELECT version FROM "${backing.schema}".schema_version`))
        expect(versions.rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }, { version: 5 }])
        expect((await stores[0]!.spend.reserve({ token: 't1', costMills: 5, limits: { tokenMills: 10, teamMills: undefined }, endpoint: 'e' })).ok).toBe(true)
        await Promise.all(stores.map((s) => s.close()))
      } finally {
        await backing.dispose()
      }
    })

    it('opens under a least-privilege role that owns the schema its admin made, without CREATE on the database', async () => {
      const schema = `keyframe_owned_${randomBytes(4).toString('hex')}`
      const role = `keyframe_role_${randomBytes(4).toString('hex')}`
      await admin(async (c) => {
        await c.query(`CREATE ROLE ${role} LOGIN PASSWORD 'test-only-role-pw'`)
        await c.query(`CREATE SCHEMA ${schema} AUTHORIZATION ${role}`)
      })
      const limited = new URL(url)
      limited.username = role
      limited.password = 'test-only-role-pw'
      try {
        const store = await openPostgresStore(limited.toString(), { schema, now: Date.now })
        try {
          expect((await store.spend.reserve({ token: 't1', costMills: 5, limits: { tokenMills: 10, teamMills: undefined }, endpoint: 'e' })).ok).toBe(true)
          const start = { jobId: 'j1', token: 't1', fingerprint: 'f', costMills: 5, limits: { tokenMills: 10, teamMills: undefined }, endpoint: 'e' }
          expect((await store.submits.start(start)).kind).toBe('sent')
          // Its functions run with a fixed search_path, and only the schema's owner may execute them (not PUBLIC).
          const functions = await admin((c) =>
            c.query<{ name: string; config: string[] | null; public_may: boolean; role_may: boolean }>(
              `SELECT p.proname AS name, p.proconfig AS config,
                      EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE') OR p.proacl IS NULL AS public_may,
                      has_function_privilege($2, p.oid, 'EXECUTE') AS role_may
               FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 ORDER BY p.proname`,
              [schema, role]
            )
          )
          expect(functions.rows).toEqual(
            ['reserve_spend', 'start_submit'].map((name) => ({ name, config: ['search_path=pg_catalog, pg_temp'], public_may: false, role_may: true }))
          )
        } finally {
          await store.close()
        }
      } finally {
        await admin(async (c) => {
          await c.query(`DROP SCHEMA ${schema} CASCADE`)
          await c.query(`DROP ROLE ${role}`)
        })
      }
    })

    it('keeps reading jobs and requests on a pooled connection after a migration adds a column to their tables', async () => {
      const backing = await freshSchema()
      const now = () => Date.parse('2026-11-27T10:00:00.000Z')
      try {
        // One connection, so every statement below is prepared on it before the columns are added.
        const store = await openPostgresStore(url, { schema: backing.schema, now, poolSize: 1 })
        try {
          await store.jobs.claim({ jobId: 'job-1', token: 't1', fingerprint: 'f' })
          await store.requests.bind({ requestId: 'req-1', token: 't1', endpoint: 'e', booking: null })
          const read = async () => {
            expect((await store.jobs.get('job-1'))?.state).toBe('claimed')
            // An id never bound is read from the database every time (the cache keeps no absence).
            expect(await store.requests.get('req-none')).toBeUndefined()
            expect((await store.requests.leaseToFollow('i1', 10, 1000, 60_000)).map((r) => r.requestId)).toEqual(['req-1'])
          }
          await read()
          await admin(async (c) => {
            await c.query(`ALTER TABLE "${backing.schema}".jobs ADD COLUMN later_note text`)
            await c.query(`ALTER TABLE "${backing.schema}".requests ADD COLUMN later_note text`)
          })
          await read()
        } finally {
          await store.close()
        }
      } finally {
        await backing.dispose()
      }
    })

    it('refuses to open on a server it cannot reach, with a StorageError naming DATABASE_URL and not the password', async () => {
      const port = await closedPort()
      const opening = openPostgresStore(`postgres://keyframe:test-only-secret-pw@127.0.0.1:${port}/keyframe`, { schema: 'keyframe_live', now: Date.now })
      const error = await opening.catch((e: unknown) => e)
      expect(error).toBeInstanceOf(StorageError)
      // Callers see the setting and the error's code; the operator's detail names the scrubbed URL.
      expect((error as Error).message).toContain('DATABASE_URL; ECONNREFUSED')
      expect((error as Error).message).not.toContain('127.0.0.1')
      expect((error as StorageError).detail).toContain(`postgres://keyframe:***@127.0.0.1:${port}/keyframe`)
      expect(`${(error as Error).message} ${(error as StorageError).detail}`).not.toContain('test-only-secret-pw')
    })

    it('throws a StorageError from a reservation it cannot record, and reports the database gone on /healthz without the password', async () => {
      const database = `keyframe_gone_${randomBytes(4).toString('hex')}`
      await admin((c) => c.query(`CREATE DATABASE ${database}`))
      const target = new URL(url)
      target.pathname = `/${database}`
      // The test cluster trusts loopback, so this password is never checked; it is there to be scrubbed.
      if (!target.password) target.password = 'test-only-unused-pw'
      const store = await openPostgresStore(target.toString(), { schema: 'keyframe_live', now: Date.now, poolSize: 2 })
      try {
        expect(await store.problem()).toBeUndefined()
        await admin((c) => c.query(`DROP DATABASE ${database} WITH (FORCE)`))
        const refused = await store.spend.reserve({ token: 't1', costMills: 5, limits: { tokenMills: 10, teamMills: undefined }, endpoint: 'e' }).catch((e: unknown) => e)
        expect(refused).toBeInstanceOf(StorageError)
        // A submit's start fails closed the same way: the gate answers 503 storage_unavailable, forwarding nothing.
        const start = { jobId: 'j1', token: 't1', fingerprint: 'f', costMills: 5, limits: { tokenMills: 10, teamMills: undefined }, endpoint: 'e' }
        expect(await store.submits.start(start).catch((e: unknown) => e)).toBeInstanceOf(StorageError)
        let forwarded = 0
        const gate = new SubmitGate(store, { sendWindowMs: 1000, shared: true })
        const answer = await gate.submit(start, 'j1', 'f', () => new Response(null, { status: 402 }), async () => {
          forwarded += 1
          return { kind: 'answered', response: new Response('{}') }
        })
        expect(answer.response.status).toBe(503)
        expect(await answer.response.json()).toMatchObject({ code: 'storage_unavailable' })
        expect(forwarded).toBe(0)
        const problem = await store.problem()
        // /healthz is public: the setting and the code, never the host, user or database's name.
        expect(problem).toMatch(/PostgreSQL database \(DATABASE_URL; \w+\)/)
        expect(problem).not.toContain(database)
        expect(problem).not.toContain(target.hostname)
        expect(problem).not.toContain(target.password)
        const detail = (refused as StorageError).detail ?? ''
        expect(detail).toMatch(/PostgreSQL database at postgres:\/\/.*\*\*\*@/)
        expect(detail).toContain(database)
        expect(detail).not.toContain(target.password)
        await expect(store.jobs.claim({ jobId: 'j', token: 't1', fingerprint: 'f' })).rejects.toBeInstanceOf(StorageError)
      } finally {
        await store.close()
        await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`))
      }
    })

    it('deletes rows past the retention now and then, keeping the spend totals', async () => {
      const backing = await freshSchema()
      let ms = Date.parse('2026-11-01T10:00:00.000Z')
      const count = (table: string) => admin((c) => c.query(`SELECT count(*)::int AS n FROM "${backing.schema}".${table}`)).then((r) => r.rows[0].n as number)
      try {
        const store = await backing.open(() => ms)
        const r = await store.spend.reserve({ token: 't1', costMills: 5, limits: { tokenMills: undefined, teamMills: undefined }, endpoint: 'e' })
        await store.jobs.claim({ jobId: 'job-1', token: 't1', fingerprint: 'f' })
        await store.requests.bind({ requestId: 'req-1', token: 't1', endpoint: 'e', booking: r.ok ? r.booking : null })
        await store.counters.take('uploads:t1', '2026-11-01', 10)
        // An unused upload slot holds fal's signed URL: it goes once it has expired.
        await store.uploads.open({ target: 'https://uploads.example/signed?sig=test-only', token: 't1', contentType: 'image/png', expiresAt: ms + 5 * 60 * 1000 }, 10)
        expect(await count('upload_slots')).toBe(1)
        ms += 9 * 24 * 60 * 60 * 1000
        // The first call after the interval starts the prune; closing waits for it.
        await store.counters.take('uploads:t1', '2026-11-10', 10)
        await store.close()
        expect(await count('jobs')).toBe(0)
        expect(await count('requests')).toBe(0)
        expect(await count('bookings')).toBe(0)
        expect(await count('counters')).toBe(1)
        expect(await count('spend_by_token')).toBe(1)
        expect(await count('upload_slots')).toBe(0)
      } finally {
        await backing.dispose()
      }
    })
  })
}

async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net')
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1))
    })
  })
}
