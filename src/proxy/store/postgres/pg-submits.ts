// A submit's writes in PostgreSQL, two round trips in all: the start_submit function (migrations.ts, step 4)
// claims the job, reserves the budget and marks the job sent in one transaction; after fal accepted it, one
// statement commits the booking, binds the request and records the job's answer (data-modifying CTEs run
// as one statement, so in one transaction).
import { randomUUID } from 'node:crypto'

import { PROXY_MEMORY_MS } from '../../../messages'
import { retryWrite } from '../../retry-write'
import { ChargeMayBeHeld } from '../charge-may-be-held'
import { type Booking, CLAIM_STALE_MS, dayOf, type JobRecord, type JobState, type StoreClock, type SubmitStarted, type SubmitStore } from '../proxy-store'
import { num, type PgDb } from './pg-db'
import { pgSpend } from './pg-spend'

interface StartRow {
  o_outcome: 'sent' | 'refused' | 'known'
  o_refused: 'token' | 'team' | null
  o_spent: string | null
  o_token: string
  o_fingerprint: string
  o_state: JobState
  o_at: string
  o_changed_at: string
  o_answer_status: number | null
  o_answer_body: string | null
  o_answer_request_id: string | null
}

export function pgSubmits(db: PgDb, now: StoreClock, abandonPauses?: readonly number[]): SubmitStore {
  const { t } = db
  /**
   * Undoes a start whose answer never came back: it may have committed (the reply was lost) or not. Only
   * this attempt's own rows are touched (the job row while it still carries this claim and is sent, the
   * booking by its id), and this process never forwarded it, so giving them back cannot let a job that
   * reached fal be sent or paid twice. Safe to repeat: a second run finds nothing to change.
   */
  const spend = pgSpend(db, now)
  const abandon = async (jobId: string, claim: string, booking: Booking) => {
    await db.query(`DELETE FROM ${t.jobs} WHERE job_id = $1 AND claim_id = $2 AND state = 'sent'`, [jobId, claim])
    // The spend store's own release: by the booking's id, once, locking the token's row before the team's.
    await spend.end(booking, { kind: 'release', reason: 'the start of this submit did not answer; not sent' })
  }
  return {
    async start({ jobId, token, fingerprint, costMills, limits, endpoint }): Promise<SubmitStarted> {
      // A record deleted between the function's insert and its read (a forget) is started on the next turn.
      for (let attempt = 0; attempt < 5; attempt++) {
        const at = now()
        // The claim and booking ids are made here, so a start whose answer is lost can be undone by them.
        const claim = randomUUID()
        const booking: Booking = { id: randomUUID(), token, day: dayOf(at), mills: costMills }
        let rows: StartRow[]
        try {
          rows = (
            await db.query<StartRow>(
              `SELECT ${START_COLUMNS} FROM ${t.startSubmitFn}($1::text, $2::text, $3::text, $4::text, $5::bigint, $6::bigint, $7::bigint, $8::text, $9::bigint, $10::bigint, $11::bigint, $12::text, $13::text)`,
              [jobId, token, fingerprint, claim, at, PROXY_MEMORY_MS, CLAIM_STALE_MS, booking.day, costMills, limits.tokenMills ?? null, limits.teamMills ?? null, booking.id, endpoint]
            )
          ).rows
        } catch (error) {
          const failure = db.fail(error)
          try {
            await retryWrite(() => abandon(jobId, claim, booking), abandonPauses)
          } catch {
            throw new ChargeMayBeHeld(failure)
          }
          throw failure
        }
        const row = rows[0]
        if (!row) continue
        if (row.o_outcome === 'sent') return { kind: 'sent', booking }
        if (row.o_outcome === 'refused') {
          const budget = row.o_refused === 'team' ? 'team' : 'token'
          const budgetMills = (budget === 'team' ? limits.teamMills : limits.tokenMills) ?? 0
          return { kind: 'refused', refusal: { ok: false, budget, spentMills: num(row.o_spent ?? 0), budgetMills, costMills } }
        }
        return { kind: 'known', record: recordOf(jobId, row) }
      }
      throw db.fail(new Error(`job ${jobId} kept changing while being started`))
    },

    async accept({ booking, requestId, token, endpoint, job }): Promise<void> {
      // A commit never touches a released booking; the first binding stands; an answer only lands on the job's row.
      await db.query(
        `WITH committed AS (UPDATE ${t.bookings} SET ending = 'commit', reason = NULL, request_id = $2 WHERE id = $1 AND NOT released),
              bound AS (INSERT INTO ${t.requests} (request_id, token, endpoint, at, booking) VALUES ($2, $3, $4, $5, $6) ON CONFLICT (request_id) DO NOTHING),
              answered AS (UPDATE ${t.jobs} SET state = 'answered', changed_at = $5, answer_status = $8, answer_body = $9, answer_request_id = $10 WHERE job_id = $7)
         SELECT 1`,
        [
          booking.id,
          requestId,
          token,
          endpoint,
          now(),
          JSON.stringify(booking),
          job?.jobId ?? null,
          job?.answer.status ?? null,
          job?.answer.body ?? null,
          job?.answer.requestId ?? null
        ]
      )
    }
  }
}

const START_COLUMNS =
  'o_outcome, o_refused, o_spent, o_token, o_fingerprint, o_state, o_at, o_changed_at, o_answer_status, o_answer_body, o_answer_request_id'

function recordOf(jobId: string, row: StartRow): JobRecord {
  const record: JobRecord = { jobId, token: row.o_token, fingerprint: row.o_fingerprint, state: row.o_state, at: num(row.o_at), changedAt: num(row.o_changed_at) }
  if (row.o_answer_status !== null) {
    record.answer = { status: num(row.o_answer_status), body: row.o_answer_body ?? '' }
    if (row.o_answer_request_id !== null) record.answer.requestId = row.o_answer_request_id
  }
  return record
}
