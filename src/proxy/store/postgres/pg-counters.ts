// Counters every instance shares (uploads a day, submits a minute): one upsert that adds one only while
// the count is below the limit, decided by the database on the row.
import type { CounterStore, StoreClock } from '../proxy-store'
import { num, type PgDb } from './pg-db'

export function pgCounters(db: PgDb, now: StoreClock): CounterStore {
  const { t } = db
  return {
    async take(key: string, window: string, limit: number) {
      if (limit >= 1) {
        const { rows } = await db.query(
          `INSERT INTO ${t.counters} AS c (key, time_window, count, at) VALUES ($1, $2, 1, $3)
           ON CONFLICT (key, time_window) DO UPDATE SET count = c.count + 1 WHERE c.count < $4 RETURNING count`,
          [key, window, now(), limit]
        )
        if (rows[0]) return { ok: true, count: num(rows[0].count) }
      }
      const { rows } = await db.query(`SELECT count FROM ${t.counters} WHERE key = $1 AND time_window = $2`, [key, window])
      return { ok: false, count: num(rows[0]?.count ?? 0) }
    }
  }
}
