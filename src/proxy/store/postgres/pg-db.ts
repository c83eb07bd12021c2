// The connection pool and the one way the store's parts reach it: every failure becomes a StorageError
// (the route answers 503 storage_unavailable and forwards nothing) whose message names DATABASE_URL and
// the fix, scrubbed of the password.
import { createHash } from 'node:crypto'

import pg from 'pg'

import { StorageError } from '../../storage-health'
import { passwordOf, scrubDatabaseUrl } from './database-url'
import { errorMessage } from '../../../error-message'

export type Queryable = Pick<pg.PoolClient, 'query'>

export class PgDb {
  readonly pool: pg.Pool
  /** Tables, qualified with the store's schema. */
  readonly t: {
    spendToken: string
    spendTeam: string
    bookings: string
    jobs: string
    requests: string
    counters: string
    uploads: string
    version: string
    /** The reservation as one function (migration step 3), so a reserve is one round trip. */
    reserveFn: string
    /** A submit's claim, reservation and sent mark as one function (migration step 4). */
    startSubmitFn: string
  }
  constructor(
    private readonly url: string,
    readonly schema: string,
    poolSize: number,
    /** Whether statements are prepared under names (DATABASE_PREPARED; off for a pooler that cannot track them). */
    private readonly prepared = true
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 })
    // An idle connection that drops (the server restarts) must not crash the proxy; the next query reconnects.
    // problem() finds out for /healthz by trying.
    this.pool.on('error', () => undefined)
    const q = (name: string) => `"${schema}"."${name}"`
    this.t = {
      spendToken: q('spend_by_token'),
      spendTeam: q('spend_by_team'),
      bookings: q('bookings'),
      jobs: q('jobs'),
      requests: q('requests'),
      counters: q('counters'),
      uploads: q('upload_slots'),
      version: q('schema_version'),
      reserveFn: q('reserve_spend'),
      startSubmitFn: q('start_submit')
    }
  }

  /** One statement, on any pooled connection. */
  async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(this.prepared ? { name: statementName(text), text, values } : { text, values })
    } catch (error) {
      throw this.fail(error)
    }
  }

  /** Runs `work` in one transaction on one connection; rolled back when it throws or answers `rollback`. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T | { rollback: T }>): Promise<T> {
    let client: pg.PoolClient
    try {
      client = await this.pool.connect()
    } catch (error) {
      throw this.fail(error)
    }
    let broken = false
    try {
      await client.query('BEGIN')
      const result = await work(client)
      if (isRollback<T>(result)) {
        await client.query('ROLLBACK')
        return result.rollback
      }
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true
      })
      throw error instanceof StorageError ? error : this.fail(error)
    } finally {
      // A connection that could not even roll back is dropped rather than handed to the next caller.
      client.release(broken)
    }
  }

  /** Undefined while a trivial query works; else why not, naming DATABASE_URL and the fix. */
  async problem(): Promise<string | undefined> {
    try {
      await this.pool.query('SELECT 1')
      return undefined
    } catch (error) {
      return this.fail(error).message
    }
  }

  /** A StorageError for a database failure. */
  fail(error: unknown): StorageError {
    if (error instanceof StorageError) return error
    const code = (error as { code?: unknown })?.code
    // Callers (and the public /healthz) learn only the error's code; the host, user and database's own words go to the operator.
    const shown = typeof code === 'string' && /^[A-Z0-9_]{1,32}$/.test(code) ? code : 'see the proxy log'
    const message =
      `The proxy could not use its PostgreSQL database (DATABASE_URL; ${shown}). ` +
      'Check that the server is running and reachable, and that DATABASE_URL names a database the proxy user may create tables in, then try again.'
    return new StorageError('PostgreSQL (DATABASE_URL)', this.reasonOf(error), message, this.describe(error))
  }

  private describe(error: unknown): string {
    return `The proxy could not use its PostgreSQL database at ${scrubDatabaseUrl(this.url)} (${this.reasonOf(error)}).`
  }

  private reasonOf(error: unknown): string {
    const code = (error as { code?: string })?.code
    const text = errorMessage(error)
    const reason = code && !text.includes(code) ? `${code}: ${text}` : text
    const password = passwordOf(this.url)
    return password ? reason.split(password).join('***') : reason
  }
}

/**
 * The prepared statement's name for a SQL text: from a hash of the text, so one name means one text in
 * every instance and every version. node-postgres prepares a named statement on first use per connection
 * and then only binds values; behind a transaction-mode pooler a Bind may reach a server connection another
 * instance prepared, which is sound only if the name cannot stand for other SQL there. 96 bits of sha256
 * keep an accidental collision out of reach for the few dozen texts the store has.
 */
export function statementName(text: string): string {
  return `kf_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`
}

function isRollback<T>(value: T | { rollback: T }): value is { rollback: T } {
  return typeof value === 'object' && value !== null && 'rollback' in value
}

/** pg answers bigint columns as strings; the store's figures fit well within a double. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value)
}

export function optionalNum(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : num(value)
}
