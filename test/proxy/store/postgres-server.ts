// A PostgreSQL server for the store tests (a vitest globalSetup, registered for the postgres test project in
// vitest.config.ts), from src/dev/throwaway-postgres.ts (the benchmark starts one the same way). Tests read
// the URL with inject('postgresUrl'); where none could be had, inject('postgresUnavailable') says why, and
// the tests skip (fail, when CI is set).
import type { TestProject } from 'vitest/node'

import { startThrowawayPostgres } from '../../../src/dev/throwaway-postgres'

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string
    postgresUnavailable: string
  }
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const server = await startThrowawayPostgres()
  project.provide('postgresUrl', server.ok ? server.url : '')
  project.provide('postgresUnavailable', server.ok ? '' : `${server.why.replace('No PostgreSQL server', 'No PostgreSQL server for the store tests')}`)
  return server.ok ? server.stop : undefined
}
