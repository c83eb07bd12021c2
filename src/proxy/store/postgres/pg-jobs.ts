// Remembered submits in PostgreSQL. A claim is one INSERT … ON CONFLICT that takes the row over only when
// the one there is no longer fresh (a stale claim, or past the retention), so of any number of concurrent
// claims, on any instance, exactly one gets it.
import { randomUUID } from 'node:crypto'

import { PROXY_MEMORY_MS } from '../../../messages'
import { StorageError } from '../../storage-health'
import { CLAIM_STALE_MS, type JobClaim, type JobRecord, type JobState, type JobStore, type StoreClock } from '../proxy-store'
import { num, type PgDb } from './pg-db'

/** SQL that is true for a fresh row of the jobs table `j`, given now ($2) as a parameter. */
function fresh(j: string, now: string): string {
  return `(${j}.at > ${now} - ${PROXY_MEMORY_MS} AND NOT (${j}.state = 'claimed' AND ${j}.changed_at < ${now} - ${CLAIM_STALE_MS}))`
}

/** The columns recordOf reads, named rather than `*` (a migration that adds one must not break prepared reads). */
const COLUMNS = 'job_id, token, fingerprint, state, at, changed_at, answer_status, answer_body, answer_request_id'

export function pgJobs(db: PgDb, now: StoreClock): JobStore {
  const { t } = db
  const get = async (jobId: string): Promise<JobRecord | undefined> => {
    const { rows } = await db.query(`SELECT ${COLUMNS} FROM ${t.jobs} j WHERE job_id = $1 AND ${fresh('j', '$2::bigint')}`, [jobId, now()])
    return rows[0] ? recordOf(rows[0]) : undefined
  }
  return {
    async claim({ jobId, token, fingerprint }): Promise<JobClaim> {
      // A record forgotten between the two statements below is claimed on the next turn.
      for (let attempt = 0; attempt < 5; attempt++) {
        const claim = randomUUID()
        const { rowCount } = await db.query(
          `INSERT INTO ${t.jobs} AS j (job_id, token, fingerprint, state, claim_id, at, changed_at) VALUES ($1, $3, $4, 'claimed', $5, $2, $2)
           ON CONFLICT (job_id) DO UPDATE SET token = EXCLUDED.token, fingerprint = EXCLUDED.fingerprint, state = 'claimed',
             claim_id = EXCLUDED.claim_id, at = EXCLUDED.at, changed_at = EXCLUDED.changed_at, answer_status = NULL, answer_body = NULL, answer_request_id = NULL
           WHERE NOT ${fresh('j', '$2::bigint')}`,
          [jobId, now(), token, fingerprint, claim]
        )
        if (rowCount === 1) return { kind: 'claimed', claim }
        const record = await get(jobId)
        if (record) return { kind: 'known', record }
      }
      throw db.fail(new Error(`job ${jobId} kept changing while being claimed`))
    },

    async markSent(jobId: string, claim: string): Promise<void> {
      const { rowCount } = await db.query(`UPDATE ${t.jobs} SET state = 'sent', changed_at = $2 WHERE job_id = $1 AND state = 'claimed' AND claim_id = $3`, [
        jobId,
        now(),
        claim
      ])
      // The claim went stale and another request took it, or it was forgotten: sending now could pay twice.
      if (rowCount !== 1) {
        throw new StorageError(
          'PostgreSQL (DATABASE_URL)',
          'claim lost',
          `The proxy no longer holds the claim on job ${jobId} (it went stale or was forgotten), so it did not send it. Send the job again.`
        )
      }
    },

    async answer(jobId, answer): Promise<void> {
      await db.query(
        `UPDATE ${t.jobs} SET state = 'answered', changed_at = $2, answer_status = $3, answer_body = $4, answer_request_id = $5 WHERE job_id = $1`,
        [jobId, now(), answer.status, answer.body, answer.requestId ?? null]
      )
    },

    async release(jobId: string, claim: string): Promise<void> {
      await db.query(`DELETE FROM ${t.jobs} WHERE job_id = $1 AND state = 'claimed' AND claim_id = $2`, [jobId, claim])
    },

    async forget(jobId: string): Promise<void> {
      await db.query(`DELETE FROM ${t.jobs} WHERE job_id = $1`, [jobId])
    },

    get
  }
}

function recordOf(row: Record<string, unknown>): JobRecord {
  const record: JobRecord = {
    jobId: String(row.job_id),
    token: String(row.token),
    fingerprint: String(row.fingerprint),
    state: row.state as JobState,
    at: num(row.at),
    changedAt: num(row.changed_at)
  }
  if (row.answer_status !== null && row.answer_status !== undefined) {
    record.answer = { status: num(row.answer_status), body: String(row.answer_body ?? '') }
    if (row.answer_request_id !== null) record.answer.requestId = String(row.answer_request_id)
  }
  return record
}
