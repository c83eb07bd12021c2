// Takes in, once, the state a proxy on files held (import-files.ts reads it), so a team that sets
// DATABASE_URL keeps its in-doubt jobs, today's spend and its request owners. All of it in one transaction:
// a failure leaves nothing half-imported. Every row is ON CONFLICT DO NOTHING, so what PostgreSQL holds
// already stands, and a second import (a crash before the DATA_DIR was marked, or two instances importing
// their own DATA_DIRs) adds nothing twice: the spend counters are raised only by the bookings this very
// statement inserted.
import { PROXY_MEMORY_MS } from '../../../messages'
import type { StoreClock } from '../proxy-store'
import type { StoreSnapshot } from '../store-snapshot'
import { num, type PgDb } from './pg-db'

/** What one import added (rows already in PostgreSQL are not counted). */
export interface ImportCounts {
  jobs: number
  requests: number
  bookings: number
  /** Mills the inserted, unreleased bookings added to the spend counters. */
  mills: number
}

/** Rows per statement: keeps each parameter (kept results can be large) well within limits. */
const CHUNK = 500

export async function importSnapshot(db: PgDb, snapshot: StoreSnapshot, now: StoreClock): Promise<ImportCounts> {
  const { t } = db
  // Only what PostgreSQL itself would still hold: its prune deletes rows this old, and a re-import must not
  // put back (and count again) a booking the prune removed after the first import.
  const cutoff = now() - PROXY_MEMORY_MS
  const jobs = snapshot.jobs
    .filter((j) => j.at > cutoff && j.state !== 'claimed')
    .map((j) => ({
      job_id: j.jobId,
      token: j.token,
      fingerprint: j.fingerprint,
      state: j.state,
      at: j.at,
      changed_at: j.changedAt,
      answer_status: j.answer?.status ?? null,
      answer_body: j.answer?.body ?? null,
      answer_request_id: j.answer?.requestId ?? null
    }))
  const requests = snapshot.requests
    .filter((r) => r.at > cutoff)
    .map((r) => ({
      request_id: r.requestId,
      token: r.token,
      endpoint: r.endpoint,
      at: r.at,
      booking: r.booking,
      refunded: r.refunded,
      refund_reason: r.refunded ? 'refunded before the import from DATA_DIR' : null,
      result_status: r.result?.status ?? null,
      result_body: r.result?.body ?? null,
      result_kept_at: r.result?.keptAt ?? null,
      result_media_expires_at: r.result?.mediaExpiresAt ?? null,
      result_error: r.result?.statusError?.message ?? null,
      result_error_type: r.result?.statusError?.type ?? null,
      ended: r.ended ?? null
    }))
  const bookings = snapshot.bookings
    .filter((b) => b.at > cutoff)
    .map((b) => ({
      id: b.id,
      token: b.token,
      day: b.day,
      mills: b.mills,
      endpoint: b.endpoint,
      at: b.at,
      ending: b.ending?.kind ?? null,
      reason: b.ending && b.ending.kind !== 'commit' ? b.ending.reason : null,
      request_id: b.ending?.kind === 'commit' ? b.ending.requestId : null,
      released: b.released
    }))

  return db.transaction(async (client) => {
    // One import at a time per schema: two instances importing at once take turns, and their counter
    // updates never lock rows in each other's order.
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`keyframe-proxy-import:${db.schema}`])
    const counts: ImportCounts = { jobs: 0, requests: 0, bookings: 0, mills: 0 }
    for (const rows of chunks(jobs)) {
      const { rowCount } = await client.query(
        `INSERT INTO ${t.jobs} (job_id, token, fingerprint, state, claim_id, at, changed_at, answer_status, answer_body, answer_request_id)
         SELECT job_id, token, fingerprint, state, NULL, at, changed_at, answer_status, answer_body, answer_request_id
         FROM jsonb_to_recordset($1::jsonb) AS x(job_id text, token text, fingerprint text, state text, at bigint, changed_at bigint,
           answer_status integer, answer_body text, answer_request_id text)
         ON CONFLICT (job_id) DO NOTHING`,
        [JSON.stringify(rows)]
      )
      counts.jobs += rowCount ?? 0
    }
    for (const rows of chunks(requests)) {
      const { rowCount } = await client.query(
        `INSERT INTO ${t.requests} (request_id, token, endpoint, at, booking, refunded, refund_reason, result_status, result_body, result_kept_at, result_media_expires_at, result_error, result_error_type, ended)
         SELECT request_id, token, endpoint, at, booking, refunded, refund_reason, result_status, result_body, result_kept_at, result_media_expires_at, result_error, result_error_type, ended
         FROM jsonb_to_recordset($1::jsonb) AS x(request_id text, token text, endpoint text, at bigint, booking jsonb, refunded boolean, refund_reason text,
           result_status integer, result_body text, result_kept_at bigint, result_media_expires_at bigint, result_error text, result_error_type text, ended text)
         ON CONFLICT (request_id) DO NOTHING`,
        [JSON.stringify(rows)]
      )
      counts.requests += rowCount ?? 0
    }
    for (const rows of chunks(bookings)) {
      // The counters are raised from the RETURNING of the same statement: a booking already present adds nothing.
      const { rows: result } = await client.query(
        `WITH inserted AS (
           INSERT INTO ${t.bookings} (id, token, day, mills, endpoint, at, ending, reason, request_id, released)
           SELECT id, token, day, mills, endpoint, at, ending, reason, request_id, released
           FROM jsonb_to_recordset($1::jsonb) AS x(id text, token text, day text, mills bigint, endpoint text, at bigint, ending text, reason text, request_id text, released boolean)
           ON CONFLICT (id) DO NOTHING RETURNING token, day, mills, released),
         by_token AS (
           INSERT INTO ${t.spendToken} AS s (day, token, mills, jobs)
           SELECT day, token, sum(mills)::bigint, count(*)::int FROM inserted WHERE NOT released GROUP BY day, token
           ON CONFLICT (day, token) DO UPDATE SET mills = s.mills + EXCLUDED.mills, jobs = s.jobs + EXCLUDED.jobs RETURNING 1),
         by_team AS (
           INSERT INTO ${t.spendTeam} AS s (day, mills)
           SELECT day, sum(mills)::bigint FROM inserted WHERE NOT released GROUP BY day
           ON CONFLICT (day) DO UPDATE SET mills = s.mills + EXCLUDED.mills RETURNING 1)
         SELECT count(*)::int AS n, coalesce(sum(mills) FILTER (WHERE NOT released), 0)::bigint AS mills FROM inserted`,
        [JSON.stringify(rows)]
      )
      counts.bookings += num(result[0]?.n ?? 0)
      counts.mills += num(result[0]?.mills ?? 0)
    }
    return counts
  })
}

function* chunks<T>(all: T[]): Iterable<T[]> {
  for (let i = 0; i < all.length; i += CHUNK) yield all.slice(i, i + CHUNK)
}
