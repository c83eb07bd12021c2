// Request records remembered in this process, so a status poll does not read its owner from PostgreSQL
// every time. What is sound to remember:
// - the binding (token, endpoint, when, booking) never changes once made, so it is kept until the
//   retention ends; a request with no binding is always read again (another instance may have bound it);
// - a kept result never changes either (the first stands), so once seen it is kept too;
// - that there is *no* kept result yet is trusted only for RESULT_FRESH_MS. Another instance may keep
//   one meanwhile; until this instance reads that, it forwards the call to fal. fal keeps a finished
//   result an hour, but only 6 minutes when it is 10 KB or more, so fal may already have dropped one
//   another instance kept: the route then reads the store again with `fresh` (past this cache) and
//   answers from the kept result (fal-route.ts). Results kept by this instance are seen at once: keeping
//   one forgets the entry, so the next call reads it.
// Refunds and follow leases are decided in the database on every call, never from here.
import { PROXY_MEMORY_MS } from '../../../messages'
import type { RequestRecord, RequestStore, StoreClock } from '../proxy-store'

/** How long "no result kept yet" is trusted; a plugin polls every 500 ms, so most polls are answered here. */
export const RESULT_FRESH_MS = 5_000
/** Records remembered at most; the oldest remembered goes first. */
export const MAX_CACHED_REQUESTS = 10_000

interface Entry {
  record: RequestRecord
  readAt: number
}

export function cachedRequests(store: RequestStore, now: StoreClock, max = MAX_CACHED_REQUESTS): RequestStore {
  const entries = new Map<string, Entry>()
  const remember = (record: RequestRecord) => {
    entries.delete(record.requestId)
    if (entries.size >= max) entries.delete(entries.keys().next().value as string)
    entries.set(record.requestId, { record, readAt: now() })
  }
  return {
    ...store,
    async get(requestId, options) {
      const entry = entries.get(requestId)
      const at = now()
      if (!options?.fresh && entry && entry.record.at > at - PROXY_MEMORY_MS && (entry.record.result || at - entry.readAt < RESULT_FRESH_MS)) return copy(entry.record)
      const record = await store.get(requestId)
      if (record) remember(record)
      else entries.delete(requestId)
      return record && copy(record)
    },
    async keepResult(requestId, result) {
      await store.keepResult(requestId, result)
      // The first kept result stands: only a record still without one takes this one.
      const entry = entries.get(requestId)
      if (entry && !entry.record.result) entries.delete(requestId)
    },
    async takeRefund(requestId, reason) {
      entries.delete(requestId)
      return store.takeRefund(requestId, reason)
    },
    async endFollowing(requestId, reason) {
      entries.delete(requestId)
      return store.endFollowing(requestId, reason)
    }
  }
}

function copy(record: RequestRecord): RequestRecord {
  return { ...record, ...(record.booking ? { booking: { ...record.booking } } : {}) }
}
