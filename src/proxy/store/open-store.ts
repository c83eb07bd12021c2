// The one place the proxy chooses its store: PostgreSQL when DATABASE_URL is set (any number of instances
// act as one), else files under DATA_DIR (one instance). The routes never know which. Live and offline keep
// separate state, as ever: an offline request id or play-money spend means nothing to fal.
import type { ResolvedOptions } from '../config'
import type { StorageHealth } from '../storage-health'
import { LIVE_NAMES, OFFLINE_NAMES, openFileStore } from './files/file-store'
import { importFileState } from './import-files'
import { openPostgresStore } from './postgres/pg-store'
import type { ProxyStore } from './proxy-store'

export type StoreOptions = Pick<ResolvedOptions, 'mode' | 'dataDir' | 'maxRememberedSubmits' | 'databaseUrl' | 'databaseSchema'> & Partial<Pick<ResolvedOptions, 'databasePrepared'>> & {
  /** Where the one line about an import from DATA_DIR goes (the proxy's log writer). */
  log?: (line: string) => void
}

export async function openStore(options: StoreOptions, health: StorageHealth): Promise<ProxyStore> {
  const names = options.mode === 'live' ? LIVE_NAMES : OFFLINE_NAMES
  if (options.databaseUrl !== undefined) {
    const schema = options.mode === 'live' ? options.databaseSchema : `${options.databaseSchema}_offline`
    const now = () => Date.now()
    const store = await openPostgresStore(options.databaseUrl, { schema, now, prepared: options.databasePrepared ?? true })
    try {
      // A proxy that ran on files under this DATA_DIR: its state comes along, once (import-files.ts).
      const imported = await importFileState(options.dataDir, names, store, schema, now)
      if (imported) {
        const line = { time: new Date(now()).toISOString(), event: 'store_import', message: 'imported the file state under DATA_DIR into PostgreSQL', mode: options.mode, schema, ...imported }
        ;(options.log ?? ((text: string) => console.log(text)))(JSON.stringify(line))
      }
    } catch (error) {
      await store.close().catch(() => undefined)
      throw error
    }
    return store
  }
  return openFileStore(options.dataDir, {
    health,
    maxRemembered: options.maxRememberedSubmits,
    names
  })
}
