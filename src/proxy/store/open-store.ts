// The one place the proxy chooses its store. Files under DATA_DIR for now; the PostgreSQL store joins here
// (DATABASE_URL) without the routes knowing which one they use. Live and offline keep separate state, as
// ever: an offline request id or play-money spend means nothing to fal.
import type { ResolvedOptions } from '../config'
import type { StorageHealth } from '../storage-health'
import { LIVE_NAMES, OFFLINE_NAMES, openFileStore } from './files/file-store'
import type { ProxyStore } from './proxy-store'

export type StoreOptions = Pick<ResolvedOptions, 'mode' | 'dataDir' | 'maxRememberedSubmits'>

export async function openStore(options: StoreOptions, health: StorageHealth): Promise<ProxyStore> {
  // The seam for PostgreSQL: `if (options.databaseUrl) return openPostgresStore(...)`, with its own
  // live and offline separation.
  return openFileStore(options.dataDir, {
    health,
    maxRemembered: options.maxRememberedSubmits,
    names: options.mode === 'live' ? LIVE_NAMES : OFFLINE_NAMES
  })
}
