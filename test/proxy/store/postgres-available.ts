// Whether the PostgreSQL tests have a server (test/proxy/store/postgres-server.ts provides it). Without one,
// a test file registers one line instead of its tests: skipped with the reason and how to get a server, or,
// in CI, failed, so a missing server never passes quietly.
import pg from 'pg'
import { inject, it } from 'vitest'

export function postgresAvailable(what: string): boolean {
  if (inject('postgresUrl')) return true
  const unavailable = inject('postgresUnavailable')
  if (process.env.CI) {
    it(`has a PostgreSQL server for ${what}`, () => {
      throw new Error(unavailable)
    })
  } else {
    console.warn(`Skipping ${what}. ${unavailable}`)
    it.skip(unavailable, () => undefined)
  }
  return false
}

/** Removes a schema a test made on the test server, with everything in it. */
export async function dropTestSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('postgresUrl') })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await client.end()
  }
}
