// The proxy's store in PostgreSQL (DATABASE_URL): any number of proxy instances on one schema act as one.
// Opening it runs the migrations; each part (spend, jobs, requests, counters, uploads) is its own file. Times come
// from the store's clock, never the database's, so the instances and the tests agree on the day.
import { PROXY_MEMORY_MS } from '../../../messages'
import { dayOf, type ProxyStore, type StoreClock } from '../proxy-store'
import { cachedRequests } from './cached-requests'
import { parseDatabaseUrl } from './database-url'
import { migrate } from './migrations'
import type { StoreSnapshot } from '../store-snapshot'
import { pgCounters } from './pg-counters'
import { PgDb } from './pg-db'
import { type ImportCounts, importSnapshot } from './pg-import'
import { pgJobs } from './pg-jobs'
import { pgRequests } from './pg-requests'
import { pgSpend } from './pg-spend'
import { pgSubmits } from './pg-submits'
import { pgUploads } from './pg-uploads'

/** The PostgreSQL store, plus what only open-store.ts calls: the one-time import of a file store's state. */
export interface PostgresStore extends ProxyStore {
  readonly kind: 'postgres'
  /** Takes in a file store's state in one transaction, never overwriting rows already here (pg-import.ts). */
  importSnapshot(snapshot: StoreSnapshot): Promise<ImportCounts>
}

export interface PostgresStoreOptions {
  /** The schema holding this store's tables (created if missing): one for live state, one for offline. */
  schema: string
  now: StoreClock
  /** Connections in this instance's pool. */
  poolSize?: number
  /** Prepare statements under names (default); false for a pooler that cannot track them (DATABASE_PREPARED=off). */
  prepared?: boolean
}

/** How often expired rows are deleted: now and then, by whichever call comes after, never on every call. */
export const PRUNE_EVERY_MS = 60 * 60 * 1000
/** How much longer bookings are kept than the requests that point at them. */
const BOOKING_MARGIN_MS = 24 * 60 * 60 * 1000
/** Counter windows (a minute, a day) are long over by then. */
const COUNTER_KEEP_MS = 2 * 24 * 60 * 60 * 1000

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/** Opens (and migrates) the store; throws a StorageError naming DATABASE_URL when the database cannot be used. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions): Promise<PostgresStore> {
  const { schema, now } = options
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`The PostgreSQL schema name must be lower-case letters, digits and _ (at most 63, not starting with a digit), got "${schema}".`)
  }
  const db = new PgDb(parseDatabaseUrl(url), schema, options.poolSize ?? 10, options.prepared ?? true)
  try {
    await migrate(db)
  } catch (error) {
    await db.pool.end().catch(() => undefined)
    throw error
  }

  let closed = false
  let lastPrune = Number.NEGATIVE_INFINITY
  let pruning: Promise<void> | undefined
  const prune = async () => {
    const at = now()
    const cutoff = at - PROXY_MEMORY_MS
    await db.query(`DELETE FROM ${db.t.jobs} WHERE at <= $1`, [cutoff])
    await db.query(`DELETE FROM ${db.t.requests} WHERE at <= $1`, [cutoff])
    // Bookings can no longer be refunded once their request is forgotten; the day's totals stay for the usage
    // view. A day later than requests: a request is bound just after its booking is made, so a request still
    // kept must never point at a booking already deleted (its refund would be marked taken and never given).
    await db.query(`DELETE FROM ${db.t.bookings} WHERE at <= $1`, [cutoff - BOOKING_MARGIN_MS])
    await db.query(`DELETE FROM ${db.t.counters} WHERE at <= $1`, [at - COUNTER_KEEP_MS])
    // Expired upload slots hold fal's signed URLs: none is kept past its expiry for longer than this.
    await db.query(`DELETE FROM ${db.t.uploads} WHERE expires_at <= $1`, [at])
    // Empty counter rows left by fully released days carry nothing.
    await db.query(`DELETE FROM ${db.t.spendToken} WHERE jobs = 0 AND mills = 0 AND day < $1`, [dayOf(at)])
  }
  /** Starts a prune in the background when one is due; a failure is reported by the next call that needs the database. */
  const maybePrune = () => {
    if (closed || pruning || now() - lastPrune < PRUNE_EVERY_MS) return
    lastPrune = now()
    pruning = prune()
      .catch(() => undefined)
      .finally(() => {
        pruning = undefined
      })
  }
  await prune()
  lastPrune = now()

  // Every method of a part first checks whether a prune is due.
  const withPrune = <T extends object>(part: T): T =>
    Object.fromEntries(
      Object.entries(part).map(([name, method]) => [
        name,
        (...args: unknown[]) => {
          maybePrune()
          return (method as (...a: unknown[]) => unknown)(...args)
        }
      ])
    ) as T

  return {
    kind: 'postgres',
    spend: withPrune(pgSpend(db, now)),
    jobs: withPrune(pgJobs(db, now)),
    submits: withPrune(pgSubmits(db, now)),
    // Polls read their request's owner: remembered here, as far as that is sound (cached-requests.ts).
    requests: cachedRequests(withPrune(pgRequests(db, now)), now),
    counters: withPrune(pgCounters(db, now)),
    uploads: withPrune(pgUploads(db, now)),
    importSnapshot: (snapshot) => importSnapshot(db, snapshot, now),
    problem: () => db.problem(),
    async close() {
      if (closed) return
      closed = true
      await pruning
      await db.pool.end()
    }
  }
}
