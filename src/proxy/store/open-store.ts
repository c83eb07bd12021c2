// The one place the proxy chooses its store: PostgreSQL when DATABASE_URL is set (any number of instances
// act as one), else files under DATA_DIR (one instance). The routes never know which. Live and offline keep
// separate state, as ever: an offline request id or play-money spend means nothing to fal.
import type { ResolvedOptions } from '../config'
import type { StorageHealth } from '../storage-health'
import { LIVE_NAMES, OFFLINE_NAMES, openFileStore } from './files/file-store'
import { openPostgresStore } from './postgres/pg-store'
import type { ProxyStore } from './proxy-store'

export type StoreOptions = Pick<ResolvedOptions, 'mode' | 'dataDir' | 'maxRememberedSubmits' | 'databaseUrl' | 'databaseSchema'>

export async function openStore(options: StoreOptions, health: StorageHealth): Promise<ProxyStore> {
  if (options.databaseUrl !== undefined) {
    const schema = options.mode === 'live' ? options.databaseSchema : `${options.databaseSchema}_offline`
    return openPostgresStore(options.databaseUrl, { schema, now: () => Date.now() })
  }
  return openFileStore(options.dataDir, {
    health,
    maxRemembered: options.maxRememberedSubmits,
    names: options.mode === 'live' ? LIVE_NAMES : OFFLINE_NAMES
  })
}
