import { describe, expect, it } from 'vitest'

import { PROXY_MEMORY_MS } from '../../../src/messages'
import type { KeptResult, RequestRecord, RequestStore } from '../../../src/proxy/store/proxy-store'
import { cachedRequests, RESULT_FRESH_MS } from '../../../src/proxy/store/postgres/cached-requests'

/** A store another instance also writes to: `records` is the database, `reads` counts round trips. */
function sharedStore(now: () => number) {
  const records = new Map<string, RequestRecord>()
  let reads = 0
  const store: RequestStore = {
    async bind(r) {
      if (!records.has(r.requestId)) records.set(r.requestId, { ...r, at: now(), refunded: false })
    },
    async get(id) {
      reads++
      const r = records.get(id)
      return r && r.at > now() - PROXY_MEMORY_MS ? { ...r } : undefined
    },
    async takeRefund() {
      return undefined
    },
    async keepResult(id, result) {
      const r = records.get(id)
      if (r && !r.result) r.result = result
    },
    async endFollowing() {},
    async leaseToFollow() {
      return []
    }
  }
  return { store, records, reads: () => reads }
}

const result: KeptResult = { status: 200, body: '{"images":[]}', keptAt: 1 }

describe('the PostgreSQL store remembers request records only as far as that is sound', () => {
  it('answers repeated polls of a bound request from memory, while "no result yet" is fresh', async () => {
    let t = 1_000_000
    const db = sharedStore(() => t)
    const cached = cachedRequests(db.store, () => t)
    await db.store.bind({ requestId: 'r1', token: 'tok', endpoint: 'e', booking: null })
    expect((await cached.get('r1'))?.token).toBe('tok')
    expect((await cached.get('r1'))?.token).toBe('tok')
    expect(db.reads()).toBe(1)
    // Another instance keeps the result: seen here once "no result" is no longer trusted.
    await db.store.keepResult('r1', result)
    expect((await cached.get('r1'))?.result).toBeUndefined()
    t += RESULT_FRESH_MS
    expect((await cached.get('r1'))?.result).toEqual(result)
    expect(db.reads()).toBe(2)
    // A kept result never changes: served from memory from then on.
    t += 10 * RESULT_FRESH_MS
    expect((await cached.get('r1'))?.result).toEqual(result)
    expect(db.reads()).toBe(2)
  })

  it('reads past the cache when asked for a fresh record (fal answered an error for a request remembered without a result)', async () => {
    const t = 1_000_000
    const db = sharedStore(() => t)
    const cached = cachedRequests(db.store, () => t)
    await db.store.bind({ requestId: 'r1', token: 'tok', endpoint: 'e', booking: null })
    expect((await cached.get('r1'))?.result).toBeUndefined()
    await db.store.keepResult('r1', result)
    expect((await cached.get('r1'))?.result).toBeUndefined()
    expect((await cached.get('r1', { fresh: true }))?.result).toEqual(result)
    expect(db.reads()).toBe(2)
  })

  it('reads a missing binding from the store every time: another instance may have made it', async () => {
    const t = 1_000_000
    const db = sharedStore(() => t)
    const cached = cachedRequests(db.store, () => t)
    expect(await cached.get('r2')).toBeUndefined()
    await db.store.bind({ requestId: 'r2', token: 'tok', endpoint: 'e', booking: null })
    expect((await cached.get('r2'))?.token).toBe('tok')
    expect(db.reads()).toBe(2)
  })

  it('sees a result this instance kept at once', async () => {
    const t = 1_000_000
    const db = sharedStore(() => t)
    const cached = cachedRequests(db.store, () => t)
    await db.store.bind({ requestId: 'r3', token: 'tok', endpoint: 'e', booking: null })
    await cached.get('r3')
    await cached.keepResult('r3', result)
    expect((await cached.get('r3'))?.result).toEqual(result)
  })

  it('stops answering a record once its retention is over, even one with a kept result', async () => {
    let t = 1_000_000
    const db = sharedStore(() => t)
    const cached = cachedRequests(db.store, () => t)
    await db.store.bind({ requestId: 'r4', token: 'tok', endpoint: 'e', booking: null })
    await cached.keepResult('r4', result)
    expect((await cached.get('r4'))?.result).toEqual(result)
    t += PROXY_MEMORY_MS
    expect(await cached.get('r4')).toBeUndefined()
  })

  it('remembers at most the records it was told to, dropping the oldest', async () => {
    const t = 1_000_000
    const db = sharedStore(() => t)
    const cached = cachedRequests(db.store, () => t, 2)
    for (const id of ['a', 'b', 'c']) {
      await db.store.bind({ requestId: id, token: 'tok', endpoint: 'e', booking: null })
      await cached.get(id)
    }
    const before = db.reads()
    await cached.get('c')
    await cached.get('a')
    expect(db.reads() - before).toBe(1)
  })
})
