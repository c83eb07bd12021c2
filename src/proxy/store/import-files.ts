// A team that sets DATABASE_URL on a proxy that ran on files must not lose what the files hold: in-doubt
// jobs (a resend would be paid again), the day's spend (the budgets could be spent twice) and request
// owners (designers would get 404s for jobs they paid for). So the first start on PostgreSQL reads the
// file state of its mode through the file store's own classes and imports it in one transaction, then
// leaves a marker under DATA_DIR so it is not imported again. The files stay where they are, as an archive.
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { operatorMessage, StorageHealth } from '../storage-health'
import { type FileStoreNames, openFileStore } from './files/file-store'
import type { ImportCounts } from './postgres/pg-import'
import type { PostgresStore } from './postgres/pg-store'
import type { StoreClock } from './proxy-store'

export interface ImportMarker {
  schema: string
  importedAt: string
  imported: ImportCounts
}

/**
 * Imports the file state under `dir` (the parts named by `names`) into `target`, once. Answers what was
 * imported, or undefined when there was nothing to import or it was imported before. Throws, naming the
 * problem and the fix, when it cannot: nothing is then imported (one transaction), and the proxy must not start.
 */
export async function importFileState(
  dir: string,
  names: FileStoreNames,
  target: PostgresStore,
  schema: string,
  now: StoreClock
): Promise<ImportCounts | undefined> {
  const marker = join(dir, names.importedMarker)
  if (existsSync(marker)) return undefined
  const parts = [names.ledger, names.legacyLedger, names.submits, names.requests]
  if (!parts.some((name) => existsSync(join(dir, name)))) return undefined

  let counts: ImportCounts
  try {
    // The file store's own reading (legacy lines and all); its health is its own, so /healthz never shows it.
    const files = await openFileStore(dir, { now, names, health: new StorageHealth(), maxRemembered: Number.MAX_SAFE_INTEGER })
    try {
      counts = await target.importSnapshot(await files.snapshot())
    } finally {
      await files.close()
    }
  } catch (error) {
    throw new Error(
      `The proxy could not import the state it kept in files under DATA_DIR (${dir}) into the PostgreSQL schema "${schema}": ` +
        `${operatorMessage(error)} Nothing was imported. Fix that and start the proxy again; ` +
        'until then it does not start, because running on PostgreSQL without that state could send in-doubt jobs again and spend the daily budgets twice.'
    )
  }
  const written: ImportMarker = { schema, importedAt: new Date(now()).toISOString(), imported: counts }
  try {
    writeFileSync(marker, `${JSON.stringify(written, null, 2)}\n`)
  } catch (error) {
    throw new Error(
      `The proxy imported the state under DATA_DIR into the PostgreSQL schema "${schema}" but could not write ${marker} to mark it done ` +
        `(${operatorMessage(error)}). Make DATA_DIR writable and start again (importing again adds nothing twice).`
    )
  }
  return counts
}
