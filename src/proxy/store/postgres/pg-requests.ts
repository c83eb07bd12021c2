// Request owners, refunds, kept results and follow leases in PostgreSQL. Every decision is a conditional
// UPDATE on the row (not refunded yet, no result yet, lease free or run out), so of concurrent callers on
// any instance one wins and the others change nothing.
import { PROXY_MEMORY_MS } from '../../../messages'
import type { Booking, KeptResult, RequestRecord, RequestStore, StoreClock } from '../proxy-store'
import { num, optionalNum, type PgDb } from './pg-db'

/**
 * The columns recordOf reads, named rather than `*`: a prepared statement's result type is fixed when it is
 * planned, so after a migration adds a column `*` would fail on every pooled connection (0A000).
 */
const COLUMNS =
  'request_id, token, endpoint, at, booking, refunded, result_status, result_body, result_kept_at, result_media_expires_at, result_error, result_error_type, ended'

/** True for a row bound within the retention; now is parameter `now`. */
const bound = (now: string) => `at > ${now} - ${PROXY_MEMORY_MS}`

export function pgRequests(db: PgDb, now: StoreClock): RequestStore {
  const { t } = db
  return {
    async bind({ requestId, token, endpoint, booking }): Promise<void> {
      // fal never gives an id twice; should it, the first binding stands and nobody else takes the id over.
      await db.query(
        `INSERT INTO ${t.requests} (request_id, token, endpoint, at, booking) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (request_id) DO NOTHING`,
        [requestId, token, endpoint, now(), booking === null ? null : JSON.stringify(booking)]
      )
    },

    async get(requestId: string): Promise<RequestRecord | undefined> {
      const { rows } = await db.query(`SELECT ${COLUMNS} FROM ${t.requests} WHERE request_id = $1 AND ${bound('$2::bigint')}`, [requestId, now()])
      return rows[0] ? recordOf(rows[0]) : undefined
    },

    async takeRefund(requestId: string, reason: string): Promise<Booking | undefined> {
      const { rows } = await db.query(
        `UPDATE ${t.requests} SET refunded = true, refund_reason = $2
         WHERE request_id = $1 AND NOT refunded AND booking IS NOT NULL AND ${bound('$3::bigint')} RETURNING booking`,
        [requestId, reason, now()]
      )
      return rows[0] ? bookingOf(rows[0].booking) : undefined
    },

    async keepResult(requestId: string, result: KeptResult): Promise<void> {
      await db.query(
        `UPDATE ${t.requests} SET result_status = $2, result_body = $3, result_kept_at = $4, result_media_expires_at = $5,
           result_error = $6, result_error_type = $7
         WHERE request_id = $1 AND result_status IS NULL`,
        [requestId, result.status, result.body, result.keptAt, result.mediaExpiresAt ?? null, result.statusError?.message ?? null, result.statusError?.type ?? null]
      )
    },

    async endFollowing(requestId: string, reason: string): Promise<void> {
      await db.query(`UPDATE ${t.requests} SET ended = $2 WHERE request_id = $1 AND ended IS NULL`, [requestId, reason])
    },

    async leaseToFollow(instance: string, limit: number, leaseMs: number, maxAgeMs: number): Promise<RequestRecord[]> {
      const at = now()
      // SKIP LOCKED: rows another instance is leasing right now are left to it, not waited on; the outer
      // UPDATE re-checks the locked rows, so a lease taken meanwhile is not taken again.
      const { rows } = await db.query(
        `UPDATE ${t.requests} SET lease_instance = $1, lease_until = $2::bigint + $3::bigint
         WHERE request_id IN (
           SELECT request_id FROM ${t.requests}
           WHERE result_status IS NULL AND ended IS NULL AND at >= $2::bigint - $4::bigint AND ${bound('$2::bigint')}
             AND (lease_instance IS NULL OR lease_instance = $1 OR lease_until <= $2::bigint)
           ORDER BY lease_until NULLS FIRST, at, request_id LIMIT $5 FOR UPDATE SKIP LOCKED)
         RETURNING ${COLUMNS}`,
        [instance, at, leaseMs, maxAgeMs, limit]
      )
      return rows.map(recordOf).sort((x, y) => x.at - y.at || x.requestId.localeCompare(y.requestId))
    }
  }
}

function bookingOf(value: unknown): Booking {
  const b = (typeof value === 'string' ? JSON.parse(value) : value) as Booking
  return { id: b.id, token: b.token, day: b.day, mills: num(b.mills) }
}

function recordOf(row: Record<string, unknown>): RequestRecord {
  const record: RequestRecord = {
    requestId: String(row.request_id),
    token: String(row.token),
    endpoint: String(row.endpoint),
    at: num(row.at),
    booking: row.booking === null || row.booking === undefined ? null : bookingOf(row.booking),
    refunded: row.refunded === true
  }
  if (row.result_status !== null && row.result_status !== undefined) {
    const result: KeptResult = { status: num(row.result_status), body: String(row.result_body ?? ''), keptAt: num(row.result_kept_at) }
    const mediaExpiresAt = optionalNum(row.result_media_expires_at)
    if (mediaExpiresAt !== undefined) result.mediaExpiresAt = mediaExpiresAt
    if (row.result_error !== null && row.result_error !== undefined) {
      result.statusError = { message: String(row.result_error), ...(row.result_error_type === null || row.result_error_type === undefined ? {} : { type: String(row.result_error_type) }) }
    }
    record.result = result
  }
  if (row.ended !== null && row.ended !== undefined) record.ended = String(row.ended)
  return record
}
