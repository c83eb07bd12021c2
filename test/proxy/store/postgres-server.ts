// A PostgreSQL server for the store tests (a vitest globalSetup, registered for the postgres test project in
// vitest.config.ts): KEYFRAME_TEST_DATABASE_URL when set; otherwise a throwaway cluster from Debian's
// binaries in a temporary directory, on a free port, its socket in that directory, stopped and removed when
// the run ends. Tests read the URL with inject('postgresUrl'); where none could be had, inject
// ('postgresUnavailable') says why, and the tests skip (fail, when CI is set).
import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string
    postgresUnavailable: string
  }
}

const HOW =
  'Install PostgreSQL (Debian: apt-get install postgresql) so /usr/lib/postgresql/<version>/bin/initdb exists, or set KEYFRAME_TEST_DATABASE_URL=postgres://user:password@host:5432/db to a database the tests may create schemas in.'

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const given = process.env.KEYFRAME_TEST_DATABASE_URL?.trim()
  if (given) {
    project.provide('postgresUrl', given)
    project.provide('postgresUnavailable', '')
    return undefined
  }
  const bin = newestBinaries()
  if (!bin) {
    project.provide('postgresUrl', '')
    project.provide('postgresUnavailable', `No PostgreSQL server for the store tests: KEYFRAME_TEST_DATABASE_URL is unset and no initdb under /usr/lib/postgresql. ${HOW}`)
    return undefined
  }
  const dir = mkdtempSync(join(tmpdir(), 'keyframe-pg-'))
  const data = join(dir, 'data')
  const asPostgres = asServerUser(dir)
  let started = false
  const stop = () => {
    if (started) {
      try {
        run(asPostgres, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } catch {
        // Already gone; the directory is removed below either way.
      }
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    run(asPostgres, join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'])
    const port = await freePort()
    // Loopback only, trust auth: a throwaway cluster for this run. Durability settings off: nothing here outlives it.
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`
    run(asPostgres, join(bin, 'pg_ctl'), ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'])
    started = true
    project.provide('postgresUrl', `postgres://postgres@127.0.0.1:${port}/postgres`)
    project.provide('postgresUnavailable', '')
    return stop
  } catch (error) {
    stop()
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    project.provide('postgresUrl', '')
    project.provide('postgresUnavailable', `No PostgreSQL server for the store tests: starting one from ${bin} failed (${reason}). ${HOW}`)
    return undefined
  }
}

/** /usr/lib/postgresql/<newest version>/bin, if Debian's server is installed. */
function newestBinaries(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((x, y) => Number(y) - Number(x))
  return versions[0] ? join(root, versions[0], 'bin') : undefined
}

/** PostgreSQL refuses to run as root: then the cluster belongs to the postgres user, and runs as it. */
function asServerUser(dir: string): string[] {
  if (process.getuid?.() !== 0) return []
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
  chownSync(dir, uid, gid)
  return ['setpriv', '--reuid=postgres', '--regid=postgres', '--init-groups']
}

function run(prefix: string[], file: string, args: string[]): void {
  const [command, ...rest] = [...prefix, file, ...args]
  execFileSync(command as string, rest, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 90_000 })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
