// Daily budgets in PostgreSQL. A reservation is conditional updates of two counter rows, the token's and
// the team's for the day (`mills + cost <= limit`, decided by the database on the locked row, never read
// then written), and the booking row, in one transaction: one call of the reserve_spend function. Every transaction locks the token's row before
// the team's, so two of them never wait on each other in a cycle.
import { randomUUID } from 'node:crypto'

import { type Booking, type BookingEnd, type Day, dayOf, type Reservation, type SpendRow, type SpendStore, type StoreClock } from '../proxy-store'
import { num, type PgDb } from './pg-db'

export function pgSpend(db: PgDb, now: StoreClock): SpendStore {
  const { t } = db
  return {
    async reserve({ token, costMills, limits, endpoint }): Promise<Reservation> {
      const at = now()
      const day = dayOf(at)
      const booking: Booking = { id: randomUUID(), token, day, mills: costMills }
      // One round trip: the function (migrations.ts, step 3) adds to both counters only where each stays
      // within its limit, on the locked row, and records the booking, all in the one statement's transaction.
      const { rows } = await db.query<{ refused: 'token' | 'team' | null; spent: string | null }>(
        `SELECT refused, spent FROM ${t.reserveFn}($1::text, $2::text, $3::bigint, $4::bigint, $5::bigint, $6::text, $7::text, $8::bigint)`,
        [day, token, costMills, limits.tokenMills ?? null, limits.teamMills ?? null, booking.id, endpoint, at]
      )
      const row = rows[0]
      if (!row) throw db.fail(new Error('reserve_spend answered no row'))
      if (row.refused === 'token') return refusal('token', num(row.spent ?? 0), limits.tokenMills ?? 0, costMills)
      if (row.refused === 'team') return refusal('team', num(row.spent ?? 0), limits.teamMills ?? 0, costMills)
      return { ok: true, booking }
    },

    async end(booking: Booking, ending: BookingEnd): Promise<void> {
      if (ending.kind !== 'release') {
        const detail = ending.kind === 'commit' ? { reason: null, requestId: ending.requestId } : { reason: ending.reason, requestId: null }
        await db.query(`UPDATE ${t.bookings} SET ending = $2, reason = $3, request_id = $4 WHERE id = $1 AND NOT released`, [
          booking.id,
          ending.kind,
          detail.reason,
          detail.requestId
        ])
        return
      }
      await db.transaction(async (client) => {
        // Only the first release finds the row unreleased; it gives back what the booking row says was charged.
        const { rows } = await client.query(
          `UPDATE ${t.bookings} SET released = true, ending = 'release', reason = $2 WHERE id = $1 AND NOT released RETURNING token, day, mills`,
          [booking.id, ending.reason]
        )
        const row = rows[0]
        if (!row) return undefined
        await client.query(`UPDATE ${t.spendToken} SET mills = mills - $3, jobs = jobs - 1 WHERE day = $1 AND token = $2`, [row.day, row.token, row.mills])
        await client.query(`UPDATE ${t.spendTeam} SET mills = mills - $2 WHERE day = $1`, [row.day, row.mills])
        return undefined
      })
    },

    async spent(token: string, day: Day = dayOf(now())) {
      const { rows } = await db.query(
        `SELECT (SELECT mills FROM ${t.spendToken} WHERE day = $1 AND token = $2) AS token_mills,
                (SELECT mills FROM ${t.spendTeam} WHERE day = $1) AS team_mills`,
        [day, token]
      )
      return { tokenMills: num(rows[0]?.token_mills ?? 0), teamMills: num(rows[0]?.team_mills ?? 0) }
    },

    async spendByToken(from: Day, to: Day): Promise<SpendRow[]> {
      const { rows } = await db.query(
        `SELECT day, token, mills, jobs FROM ${t.spendToken} WHERE day BETWEEN $1 AND $2 AND jobs > 0 ORDER BY day, token`,
        [from, to]
      )
      return rows.map((r) => ({ day: r.day, token: r.token, mills: num(r.mills), jobs: num(r.jobs) }))
    }
  }
}

function refusal(budget: 'token' | 'team', spentMills: number, budgetMills: number, costMills: number): Reservation {
  return { ok: false, budget, spentMills, budgetMills, costMills }
}
