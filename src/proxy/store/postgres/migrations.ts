// The store's tables, created on open. Two instances starting at once both run this: a transaction-scoped
// advisory lock (keyed by the schema) makes the second wait for the first and then find nothing to do, and
// every statement is IF NOT EXISTS. Each step runs once, recorded in schema_version; add steps, never edit one.
import type pg from 'pg'

import type { PgDb } from './pg-db'

/** Numbered steps; step n brings the schema to version n. */
function steps(t: PgDb['t'], schema: string): string[][] {
  return [
    [
      // Spend counters: one row per token per day and one per day for the team, kept (the usage view reads them).
      `CREATE TABLE IF NOT EXISTS ${t.spendToken} (day text NOT NULL, token text NOT NULL, mills bigint NOT NULL DEFAULT 0, jobs integer NOT NULL DEFAULT 0, PRIMARY KEY (day, token))`,
      `CREATE TABLE IF NOT EXISTS ${t.spendTeam} (day text PRIMARY KEY, mills bigint NOT NULL DEFAULT 0)`,
      `CREATE TABLE IF NOT EXISTS ${t.bookings} (id text PRIMARY KEY, token text NOT NULL, day text NOT NULL, mills bigint NOT NULL, endpoint text NOT NULL, at bigint NOT NULL, ending text, reason text, request_id text, released boolean NOT NULL DEFAULT false)`,
      `CREATE INDEX IF NOT EXISTS bookings_at ON ${t.bookings} (at)`,
      `CREATE TABLE IF NOT EXISTS ${t.jobs} (job_id text PRIMARY KEY, token text NOT NULL, fingerprint text NOT NULL, state text NOT NULL, claim_id text, at bigint NOT NULL, changed_at bigint NOT NULL, answer_status integer, answer_body text, answer_request_id text)`,
      `CREATE INDEX IF NOT EXISTS jobs_at ON ${t.jobs} (at)`,
      `CREATE TABLE IF NOT EXISTS ${t.requests} (request_id text PRIMARY KEY, token text NOT NULL, endpoint text NOT NULL, at bigint NOT NULL, booking jsonb, refunded boolean NOT NULL DEFAULT false, refund_reason text, result_status integer, result_body text, result_kept_at bigint, result_media_expires_at bigint, result_error text, result_error_type text, ended text, lease_instance text, lease_until bigint)`,
      `CREATE INDEX IF NOT EXISTS requests_at ON ${t.requests} (at)`,
      `CREATE TABLE IF NOT EXISTS ${t.counters} (key text NOT NULL, time_window text NOT NULL, count integer NOT NULL, at bigint NOT NULL, PRIMARY KEY (key, time_window))`,
      `CREATE INDEX IF NOT EXISTS counters_at ON ${t.counters} (at)`
    ],
    [
      // Upload slots, so a reference's PUT may reach another instance than its initiate. target is fal's
      // signed upload URL: a row lives only until it is claimed or expires (5 minutes), then it is deleted.
      `CREATE TABLE IF NOT EXISTS ${t.uploads} (id text PRIMARY KEY, target text NOT NULL, token text NOT NULL, content_type text NOT NULL, expires_at bigint NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS upload_slots_expires_at ON ${t.uploads} (expires_at)`
    ],
    [
      // A reservation in one statement (one round trip, not a five-statement transaction). A function call
      // is one transaction: both counters and the booking are written, or nothing is. The token's row is
      // locked before the team's, as every release does, so two never wait on each other in a cycle. When the
      // team refuses, the token's share is taken back in the same transaction: its row stayed locked since
      // it was added, so nobody saw it. The day's rows are created by the first reservation that fits.
      `CREATE OR REPLACE FUNCTION ${t.reserveFn}(p_day text, p_token text, p_cost bigint, p_token_limit bigint, p_team_limit bigint, p_id text, p_endpoint text, p_at bigint)
       RETURNS TABLE (refused text, spent bigint) LANGUAGE plpgsql AS $fn$
       DECLARE
         v_mills bigint;
       BEGIN
         INSERT INTO ${t.spendToken} AS s (day, token, mills, jobs)
           SELECT p_day, p_token, p_cost, 1 WHERE p_token_limit IS NULL OR p_cost <= p_token_limit
           ON CONFLICT (day, token) DO UPDATE SET mills = s.mills + EXCLUDED.mills, jobs = s.jobs + 1
           WHERE p_token_limit IS NULL OR s.mills + EXCLUDED.mills <= p_token_limit
           RETURNING s.mills INTO v_mills;
         IF NOT FOUND THEN
           SELECT s.mills INTO v_mills FROM ${t.spendToken} s WHERE s.day = p_day AND s.token = p_token;
           RETURN QUERY SELECT 'token'::text, COALESCE(v_mills, 0::bigint);
           RETURN;
         END IF;
         INSERT INTO ${t.spendTeam} AS s (day, mills)
           SELECT p_day, p_cost WHERE p_team_limit IS NULL OR p_cost <= p_team_limit
           ON CONFLICT (day) DO UPDATE SET mills = s.mills + EXCLUDED.mills
           WHERE p_team_limit IS NULL OR s.mills + EXCLUDED.mills <= p_team_limit
           RETURNING s.mills INTO v_mills;
         IF NOT FOUND THEN
           UPDATE ${t.spendToken} s SET mills = s.mills - p_cost, jobs = s.jobs - 1 WHERE s.day = p_day AND s.token = p_token;
           SELECT s.mills INTO v_mills FROM ${t.spendTeam} s WHERE s.day = p_day;
           RETURN QUERY SELECT 'team'::text, COALESCE(v_mills, 0::bigint);
           RETURN;
         END IF;
         INSERT INTO ${t.bookings} (id, token, day, mills, endpoint, at) VALUES (p_id, p_token, p_day, p_cost, p_endpoint, p_at);
         RETURN QUERY SELECT NULL::text, NULL::bigint;
       END
       $fn$`
    ],
    [
      // A submit's claim, reservation and sent mark in one statement (one round trip, not three). The job row
      // is written as sent at once: the function is one transaction, so no other caller ever sees it claimed
      // and unsent. A fresh row (within the retention, and not a claim older than the stale limit) is
      // answered as it stands, charging nothing. When the budget refuses, the row just written is deleted in
      // the same transaction: what it replaced, if anything, counted as absent. Retention and stale limits
      // come as parameters, so this step never needs editing when they change.
      `CREATE OR REPLACE FUNCTION ${t.startSubmitFn}(p_job text, p_token text, p_fingerprint text, p_claim text, p_now bigint, p_memory_ms bigint, p_stale_ms bigint,
         p_day text, p_cost bigint, p_token_limit bigint, p_team_limit bigint, p_booking text, p_endpoint text)
       RETURNS TABLE (o_outcome text, o_refused text, o_spent bigint, o_token text, o_fingerprint text, o_state text, o_at bigint, o_changed_at bigint,
         o_answer_status integer, o_answer_body text, o_answer_request_id text)
       LANGUAGE plpgsql AS $fn$
       DECLARE
         v_refused text;
         v_spent bigint;
       BEGIN
         INSERT INTO ${t.jobs} AS j (job_id, token, fingerprint, state, claim_id, at, changed_at) VALUES (p_job, p_token, p_fingerprint, 'sent', p_claim, p_now, p_now)
           ON CONFLICT (job_id) DO UPDATE SET token = EXCLUDED.token, fingerprint = EXCLUDED.fingerprint, state = 'sent', claim_id = EXCLUDED.claim_id,
             at = EXCLUDED.at, changed_at = EXCLUDED.changed_at, answer_status = NULL, answer_body = NULL, answer_request_id = NULL
           WHERE NOT (j.at > p_now - p_memory_ms AND NOT (j.state = 'claimed' AND j.changed_at < p_now - p_stale_ms));
         IF NOT FOUND THEN
           -- No row when the holder deleted it meanwhile: the caller tries again.
           RETURN QUERY SELECT 'known'::text, NULL::text, NULL::bigint, j.token, j.fingerprint, j.state, j.at, j.changed_at, j.answer_status, j.answer_body, j.answer_request_id
             FROM ${t.jobs} j WHERE j.job_id = p_job AND j.at > p_now - p_memory_ms AND NOT (j.state = 'claimed' AND j.changed_at < p_now - p_stale_ms);
           RETURN;
         END IF;
         SELECT r.refused, r.spent INTO v_refused, v_spent FROM ${t.reserveFn}(p_day, p_token, p_cost, p_token_limit, p_team_limit, p_booking, p_endpoint, p_now) r;
         IF v_refused IS NOT NULL THEN
           DELETE FROM ${t.jobs} j WHERE j.job_id = p_job;
           RETURN QUERY SELECT 'refused'::text, v_refused, v_spent, NULL::text, NULL::text, NULL::text, NULL::bigint, NULL::bigint, NULL::integer, NULL::text, NULL::text;
           RETURN;
         END IF;
         RETURN QUERY SELECT 'sent'::text, NULL::text, NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::bigint, NULL::bigint, NULL::integer, NULL::text, NULL::text;
       END
       $fn$`
    ],
    [
      // Hardening the two functions. A fixed search_path means a name inside them can never resolve to an
      // object someone else put in a schema earlier on the caller's path (their tables are schema-qualified
      // already, so they need none). PostgreSQL lets PUBLIC execute every new function: only the schema's
      // owner (the proxy's role) may reserve budget or start a submit.
      ...[
        `${t.reserveFn}(text, text, bigint, bigint, bigint, text, text, bigint)`,
        `${t.startSubmitFn}(text, text, text, text, bigint, bigint, bigint, text, bigint, bigint, bigint, text, text)`
      ].flatMap((fn) => [
        `ALTER FUNCTION ${fn} SET search_path = pg_catalog, pg_temp`,
        `REVOKE EXECUTE ON FUNCTION ${fn} FROM PUBLIC`,
        `DO $grant$ BEGIN
           EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %s', ${quoteLiteral(fn)}, (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = ${quoteLiteral(schema)}));
         END $grant$`
      ])
    ]
  ]
}

/** A SQL string literal (the names here are the store's own, checked at open; quotes are doubled anyway). */
function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}

export const SCHEMA_VERSION = 5

/** Brings `db.schema` up to SCHEMA_VERSION; safe to run from several instances at once. */
export async function migrate(db: PgDb): Promise<void> {
  await db.transaction(async (client: pg.PoolClient) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`keyframe-proxy-store:${db.schema}`])
    // Created only when missing: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema
    // exists, and a least-privilege role owns a schema its admin made for it without holding that right.
    const schema = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [db.schema])
    if (schema.rowCount === 0) await client.query(`CREATE SCHEMA "${db.schema}"`)
    await client.query(`CREATE TABLE IF NOT EXISTS ${db.t.version} (version integer NOT NULL)`)
    const { rows } = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${db.t.version}`)
    const current = rows[0]?.version ?? 0
    if (current > SCHEMA_VERSION) {
      throw new Error(
        `The database schema "${db.schema}" is at version ${current}, newer than this proxy knows (${SCHEMA_VERSION}). Run the newer proxy, or point DATABASE_URL at another database.`
      )
    }
    const all = steps(db.t, db.schema)
    for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
      for (const statement of all[version - 1] ?? []) await client.query(statement)
      await client.query(`INSERT INTO ${db.t.version} (version) VALUES ($1)`, [version])
    }
  })
}
