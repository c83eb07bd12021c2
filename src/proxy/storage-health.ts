// Whether the proxy can still write what it must remember (spend, submits, request owners) under DATA_DIR.
// A write that fails is reported on /healthz and turns a submit into a 503 that names the storage problem:
// without the record the proxy cannot promise the job is charged once, so it does not forward it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { errorMessage } from '../error-message'

/**
 * A write the proxy must make that failed; the message names where, the fix, and never a secret. `path` is
 * a file under DATA_DIR, or the database (then `message` says the fix for DATABASE_URL instead). The
 * message reaches callers (503 answers, the public /healthz); `detail`, when set, is for the operator only
 * (the log, the start-up failure): the database's host, user and error text.
 */
export class StorageError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    message?: string,
    readonly detail?: string
  ) {
    super(message ?? `The proxy could not write ${path} (${reason}). Make DATA_DIR writable for the user running the proxy, or free disk space, then try again.`)
    this.name = 'StorageError'
  }
}

export class StorageHealth {
  private failure: StorageError | undefined

  /** Runs a write; a failure is remembered for /healthz and rethrown as a StorageError. */
  write<T>(path: string, run: () => T): T {
    try {
      const result = run()
      // A write that works again (disk freed, permissions fixed) clears the alarm.
      if (this.failure?.path === path) this.failure = undefined
      return result
    } catch (error) {
      this.failure = new StorageError(path, reasonOf(error))
      throw this.failure
    }
  }

  /** Undefined while every write works; else what failed last. */
  get problem(): string | undefined {
    return this.failure?.message
  }
}

/** Refuses to start on a DATA_DIR the proxy cannot write, rather than failing on the first submit. */
export function assertWritableDir(dir: string): void {
  const probe = join(dir, `.write-check-${process.pid}`)
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(probe, 'ok')
    rmSync(probe, { force: true })
  } catch (error) {
    throw new Error(
      `Refusing to start: DATA_DIR=${dir} is not writable (${reasonOf(error)}). ` +
        'Create it and give the user running the proxy write access, or set DATA_DIR to a writable directory.'
    )
  }
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code
  return code ?? errorMessage(error)
}

/** What the operator's log says about a failure: a StorageError's detail where it has one. */
export function operatorMessage(error: unknown): string {
  if (error instanceof StorageError) return error.detail ?? error.message
  return errorMessage(error)
}
