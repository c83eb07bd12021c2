// The proxy's state as files under one directory (DATA_DIR, or its offline part): one instance, the
// default. Each part keeps the file format earlier versions wrote, so an existing DATA_DIR keeps working
// after an upgrade (the legacy ledger file and request ids accepted before binding existed are folded in
// here, as the old classes did).
import { join } from 'node:path'

import { StorageHealth } from '../../storage-health'
import { MemoryUploadSlots } from '../../uploads/upload-slots'
import { PROXY_MEMORY_MS } from '../../../messages'
import { dayOf, type ProxyStore, type StoreClock } from '../proxy-store'
import type { StoreSnapshot } from '../store-snapshot'
import { MemoryCounterStore } from './counter-store'
import { FileJobStore, MAX_REMEMBERED } from './job-store'
import { FileRequestStore } from './request-store'
import { FileSpendStore } from './spend-store'
import { fileSubmits } from './submit-store'

/** Where each part lives under the directory; live and offline use different names in one DATA_DIR. */
export interface FileStoreNames {
  ledger: string
  /** The single-file ledger of earlier versions, folded into `ledger` when found. */
  legacyLedger: string
  submits: string
  requests: string
  /** Written when this state was imported into PostgreSQL (import-files.ts), so it is imported once. */
  importedMarker: string
}

export const LIVE_NAMES: FileStoreNames = {
  ledger: 'ledger',
  legacyLedger: 'ledger.jsonl',
  submits: 'submits.jsonl',
  requests: 'requests',
  importedMarker: 'imported-to-postgres.json'
}
export const OFFLINE_NAMES: FileStoreNames = {
  ledger: 'ledger-offline',
  legacyLedger: 'ledger-offline.jsonl',
  submits: 'submits-offline.jsonl',
  requests: 'requests-offline',
  importedMarker: 'imported-to-postgres-offline.json'
}

export interface FileStoreOptions {
  now?: StoreClock
  /** Shared with the rest of the proxy, so /healthz sees a failed write wherever it happened. */
  health?: StorageHealth
  /** Jobs remembered in memory at once (tests make it small). */
  maxRemembered?: number | undefined
  names?: FileStoreNames
}

export interface FileStore extends ProxyStore {
  readonly kind: 'files'
  /** What the store holds within the retention, read-only (for the one-time import into PostgreSQL). */
  snapshot(): Promise<StoreSnapshot>
}

export async function openFileStore(dir: string, options: FileStoreOptions = {}): Promise<FileStore> {
  // Read at each call, not captured, so a test that fakes Date moves every part's clock.
  const now = options.now ?? (() => Date.now())
  const health = options.health ?? new StorageHealth()
  const names = options.names ?? LIVE_NAMES
  const spend = await FileSpendStore.open(join(dir, names.ledger), health, now, join(dir, names.legacyLedger))
  const jobs = await FileJobStore.open(join(dir, names.submits), health, now, options.maxRemembered ?? MAX_REMEMBERED)
  const requests = await FileRequestStore.open(join(dir, names.requests), health, now)
  // Requests accepted before ids were bound to tokens: bound now from the remembered submits.
  for (const { token, requestId, at } of jobs.acceptedRequests()) {
    try {
      requests.adopt(requestId, token, at)
    } catch {
      // Reported on /healthz; the binding holds in memory for this run.
    }
  }
  return {
    kind: 'files',
    spend,
    jobs,
    submits: fileSubmits(jobs, spend, requests),
    requests,
    counters: new MemoryCounterStore(),
    // Upload slots in memory: one instance opens and claims them, and they last minutes; a restart only
    // means the upload is started again.
    uploads: new MemoryUploadSlots<string>(now),
    snapshot: async () => ({
      jobs: jobs.snapshot(),
      requests: requests.snapshot(),
      bookings: await spend.bookings(dayOf(now() - PROXY_MEMORY_MS))
    }),
    problem: async () => health.problem,
    // Every write is appended synchronously as it happens: nothing is buffered to flush.
    close: async () => undefined
  }
}
