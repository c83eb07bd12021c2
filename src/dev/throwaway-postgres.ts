// A throwaway PostgreSQL server for the store tests and the benchmark, never for the proxy itself:
// KEYFRAME_TEST_DATABASE_URL when set; otherwise a cluster from Debian's binaries in a temporary
// directory, on a free port, its socket in that directory, removed again by `stop`. For tests durability
// is off (nothing in it outlives the run); the benchmark asks for PostgreSQL's own defaults, so a commit
// waits for the disk as in production, and as the file store's fsync does beside it.
import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const HOW_TO_GET_POSTGRES =
  'Install PostgreSQL (Debian: apt-get install postgresql) so /usr/lib/postgresql/<version>/bin/initdb exists, or set KEYFRAME_TEST_DATABASE_URL=postgres://user:password@host:5432/db to a database the tests may create schemas in.'

export type ThrowawayPostgres = { ok: true; url: string; stop: () => void } | { ok: false; why: string }

export interface ThrowawayOptions {
  /**
   * Keep PostgreSQL's shipped durability (fsync, synchronous_commit, full_page_writes on): every commit waits
   * for the disk. For timings; tests leave it off. A server given by KEYFRAME_TEST_DATABASE_URL keeps its own.
   */
  durable?: boolean
}

export async function startThrowawayPostgres(options: ThrowawayOptions = {}): Promise<ThrowawayPostgres> {
  const given = process.env.KEYFRAME_TEST_DATABASE_URL?.trim()
  if (given) return { ok: true, url: given, stop: () => undefined }
  const bin = newestBinaries()
  if (!bin) {
    return { ok: false, why: `No PostgreSQL server: KEYFRAME_TEST_DATABASE_URL is unset and no initdb under /usr/lib/postgresql. ${HOW_TO_GET_POSTGRES}` }
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
    // Loopback only, trust auth: a throwaway cluster for this run. Without `durable`, durability settings off: nothing here outlives it.
    const durability = options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off'
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${durability}`
    run(asPostgres, join(bin, 'pg_ctl'), ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'])
    started = true
    return { ok: true, url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop }
  } catch (error) {
    stop()
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return { ok: false, why: `No PostgreSQL server: starting one from ${bin} failed (${reason}). ${HOW_TO_GET_POSTGRES}` }
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
