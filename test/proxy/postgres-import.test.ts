// A team that ran the proxy on files sets DATABASE_URL: the first start on PostgreSQL imports what the
// files hold (src/proxy/store/import-files.ts), so nothing paid for is lost: today's spend still counts,
// an in-doubt job is still refused (never forwarded again), an answered one is replayed, a request is still
// its owner's, and a cancel refund of an imported booking is given once. A second start imports nothing, and
// an import that runs again (a crash before the marker) adds nothing twice. Live mode, fake fal, real server.
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'

import { createFakeFal, type FakeFal } from './fake-fal'
import { callProxy, cleanedAfterEach, JOB_HEADER, O3_T2I, QUEUE, startTestProxy, type TestProxy, testToken } from './helpers'
import { postgresAvailable } from './store/postgres-available'

const url = inject('postgresUrl')

const FAL_KEY = 'test-only-fal-key-postgres-import'
const ALICE = testToken('alice-postgres-import')
const BOB = testToken('bob-postgres-import')
const SUBMIT = `${QUEUE}/${O3_T2I}`
const REQUESTS = `${QUEUE}/fal-ai/kling-image/requests`
/** Three images a day ($0.028 each) per token. */
const BUDGET_USD = 0.084

const { running, tempDir } = cleanedAfterEach('keyframe-pg-import-')

if (postgresAvailable('the PostgreSQL import tests')) {
  describeImport(url)
}

function describeImport(databaseUrl: string): void {
  const schemas: string[] = []
  const admin = async <T>(run: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    try {
      return await run(client)
    } finally {
      await client.end()
    }
  }
  afterAll(async () => {
    await admin(async (c) => {
      for (const schema of schemas) await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    })
  })
  const newSchema = () => {
    const schema = `keyframe_import_${randomBytes(6).toString('hex')}`
    schemas.push(schema)
    return schema
  }

  async function start(dataDir: string, schema?: string): Promise<{ proxy: TestProxy; fal: FakeFal }> {
    const fal = createFakeFal()
    const proxy = await startTestProxy({
      falKey: FAL_KEY,
      tokens: [ALICE, BOB],
      budgetUsdPerDay: BUDGET_USD,
      dataDir,
      upstreamFetch: (i, init) => fal.fetch(i, init),
      // On a shared store a resend waits out the first send's window before calling it in doubt: kept short.
      ...(schema ? { databaseUrl, databaseSchema: schema, requestTimeoutMs: 1000, headersTimeoutMs: 1000 } : {})
    })
    running.push(proxy)
    return { proxy, fal }
  }
  async function stop(proxy: TestProxy): Promise<void> {
    running.splice(running.indexOf(proxy), 1)
    await proxy.stop(true)
  }

  const submit = (proxy: TestProxy, jobId: string, token = ALICE) =>
    callProxy(proxy.proxyUrl, { token, target: SUBMIT, body: { prompt: `prompt of ${jobId}` }, headers: { [JOB_HEADER]: jobId } })
  const forwarded = (fal: FakeFal) => fal.calls.filter((c) => c.method === 'POST').length
  const cancel = (proxy: TestProxy, id: string) => callProxy(proxy.proxyUrl, { method: 'PUT', token: ALICE, target: `${REQUESTS}/${id}/cancel` })
  const importLines = (proxy: TestProxy) => proxy.logs.filter((l) => l.includes('"store_import"')).map((l) => JSON.parse(l) as Record<string, unknown>)
  const teamSpend = (schema: string) =>
    admin(async (c) => (await c.query<{ day: string; mills: string }>(`SELECT day, mills FROM "${schema}".spend_by_team ORDER BY day`)).rows)

  /** A proxy on files that spent its whole day: an answered job, an in-doubt one, and one to cancel later. */
  async function spendOnFiles(dataDir: string): Promise<{ answered: { status: number; body: string }; toCancel: string }> {
    const { proxy, fal } = await start(dataDir)
    // fal refuses one: its reservation is released on files, and must come along released (counting nothing).
    fal.submitAnswer = () => Response.json({ detail: 'refused for the test' }, { status: 400 })
    expect((await submit(proxy, 'job-refused')).status).toBe(400)
    fal.submitAnswer = undefined
    const first = await submit(proxy, 'job-answered')
    expect(first.status).toBe(200)
    const answered = { status: first.status, body: await first.text() }
    const second = await submit(proxy, 'job-cancel')
    expect(second.status).toBe(200)
    const toCancel = ((await second.json()) as { request_id: string }).request_id
    // fal takes the third, then the connection drops before its answer: in doubt, kept charged.
    fal.submitAnswer = () => {
      throw new TypeError('fetch failed: socket hang up')
    }
    expect(await (await submit(proxy, 'job-doubt')).json()).toMatchObject({ code: 'submit_in_doubt' })
    fal.submitAnswer = undefined
    expect(forwarded(fal)).toBe(4)
    // The day is spent on files: a fourth is refused by the budget.
    expect((await submit(proxy, 'job-over')).status).toBe(402)
    await stop(proxy)
    return { answered, toCancel }
  }

  describe('switching a proxy from files to PostgreSQL', () => {
    it('keeps the spend, the in-doubt and answered jobs and the owners; a cancel refunds once; a second start imports nothing', async () => {
      const dataDir = tempDir()
      const schema = newSchema()
      const { answered, toCancel } = await spendOnFiles(dataDir)

      const { proxy, fal } = await start(dataDir, schema)
      const [line, ...more] = importLines(proxy)
      expect(more).toEqual([])
      expect(line).toMatchObject({ event: 'store_import', mode: 'live', schema, jobs: 3, requests: 2, bookings: 4, mills: 84 })
      // Counts only: no token, hash or body in the line.
      expect(JSON.stringify(line)).not.toMatch(/test-token|request_id|prompt/)
      const marker = JSON.parse(readFileSync(join(dataDir, 'imported-to-postgres.json'), 'utf8')) as Record<string, unknown>
      const released = await admin(async (c) => (await c.query(`SELECT count(*)::int AS n FROM "${schema}".bookings WHERE released`)).rows[0].n as number)
      expect(released).toBe(1)
      expect(marker).toMatchObject({ schema, imported: { jobs: 3, requests: 2, bookings: 4, mills: 84 } })
      // The files stay, as an archive.
      expect(existsSync(join(dataDir, 'submits.jsonl'))).toBe(true)
      expect(existsSync(join(dataDir, 'ledger'))).toBe(true)

      // Today's spend came along: the budget is spent.
      const over = await submit(proxy, 'job-over-on-pg')
      expect(over.status).toBe(402)
      // The in-doubt job is refused as in doubt and not forwarded; the answered one is replayed as fal answered.
      const doubt = await submit(proxy, 'job-doubt')
      expect(doubt.status).toBe(409)
      expect(await doubt.json()).toMatchObject({ code: 'submit_in_doubt', job_id: 'job-doubt' })
      const replay = await submit(proxy, 'job-answered')
      expect({ status: replay.status, body: await replay.text() }).toEqual(answered)
      expect(forwarded(fal)).toBe(0)

      // The request is still Alice's.
      const own = await callProxy(proxy.proxyUrl, { method: 'GET', token: ALICE, target: `${REQUESTS}/${toCancel}/status` })
      expect(own.status).toBe(200)
      const other = await callProxy(proxy.proxyUrl, { method: 'GET', token: BOB, target: `${REQUESTS}/${toCancel}/status` })
      expect(other.status).toBe(403)

      // fal removed the imported job before it ran: its booking is given back, once.
      fal.cancelAnswer = () => Response.json({ status: 'OK' }, { status: 202 })
      expect(await (await cancel(proxy, toCancel)).json()).toEqual({ status: 'OK' })
      expect((await submit(proxy, 'job-after-refund')).status).toBe(200)
      expect((await cancel(proxy, toCancel)).status).toBe(202)
      expect((await submit(proxy, 'job-no-second-refund')).status).toBe(402)
      const spentBefore = await teamSpend(schema)
      expect(spentBefore.map((r) => Number(r.mills))).toEqual([84])
      await stop(proxy)

      // Started again: the marker stops a second import, and the spend is unchanged.
      const again = await start(dataDir, schema)
      expect(importLines(again.proxy)).toEqual([])
      expect(await teamSpend(schema)).toEqual(spentBefore)
      expect((await submit(again.proxy, 'job-still-over')).status).toBe(402)
      expect(forwarded(again.fal)).toBe(0)
    })

    it('an import that runs again (a crash before the marker was written) adds nothing twice', async () => {
      const dataDir = tempDir()
      const schema = newSchema()
      await spendOnFiles(dataDir)
      const first = await start(dataDir, schema)
      expect(importLines(first.proxy)[0]).toMatchObject({ jobs: 3, requests: 2, bookings: 4, mills: 84 })
      const spent = await teamSpend(schema)
      await stop(first.proxy)

      rmSync(join(dataDir, 'imported-to-postgres.json'))
      const second = await start(dataDir, schema)
      expect(importLines(second.proxy)[0]).toMatchObject({ jobs: 0, requests: 0, bookings: 0, mills: 0 })
      expect(await teamSpend(schema)).toEqual(spent)
      const tokenRows = await admin(async (c) => (await c.query(`SELECT mills, jobs FROM "${schema}".spend_by_token`)).rows)
      expect(tokenRows).toEqual([{ mills: '84', jobs: 3 }])
      expect((await submit(second.proxy, 'job-over')).status).toBe(402)
      expect((await submit(second.proxy, 'job-doubt')).status).toBe(409)
      expect(forwarded(second.fal)).toBe(0)
    })

    it('a DATA_DIR with no file state imports nothing and leaves no marker', async () => {
      const dataDir = tempDir()
      const { proxy } = await start(dataDir, newSchema())
      expect(importLines(proxy)).toEqual([])
      expect(existsSync(join(dataDir, 'imported-to-postgres.json'))).toBe(false)
    })

    it('an import that fails refuses to start, names the problem and the fix, and imports nothing', async () => {
      const dataDir = tempDir()
      const schema = newSchema()
      await spendOnFiles(dataDir)
      // A jobs table of another shape where the store expects its own: the import's insert fails midway,
      // after the requests and before the bookings would have gone in.
      await admin(async (c) => {
        await c.query(`CREATE SCHEMA "${schema}"`)
        await c.query(`CREATE TABLE "${schema}".jobs (job_id text PRIMARY KEY, token text NOT NULL, fingerprint text NOT NULL, state text NOT NULL, claim_id text, at bigint NOT NULL, changed_at bigint NOT NULL)`)
      })
      const error = await start(dataDir, schema).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Error)
      const message = (error as Error).message
      expect(message).toMatch(/^The proxy could not import the state it kept in files under DATA_DIR \(.+\) into the PostgreSQL schema "keyframe_import_[0-9a-f]+": /)
      expect(message).toContain('answer_status')
      expect(message).toMatch(/Nothing was imported\. Fix that and start the proxy again/)
      expect(message).not.toContain(ALICE)
      const rows = await admin(async (c) => ({
        requests: (await c.query(`SELECT count(*)::int AS n FROM "${schema}".requests`)).rows[0].n as number,
        bookings: (await c.query(`SELECT count(*)::int AS n FROM "${schema}".bookings`)).rows[0].n as number,
        spend: (await c.query(`SELECT count(*)::int AS n FROM "${schema}".spend_by_team`)).rows[0].n as number
      }))
      expect(rows).toEqual({ requests: 0, bookings: 0, spend: 0 })
      expect(existsSync(join(dataDir, 'imported-to-postgres.json'))).toBe(false)
    })
  })
}
