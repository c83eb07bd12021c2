// Counters (submits a minute, uploads a day) in memory: the file store is one instance, so there is no one
// to share them with, and a restart starting the current window again only ever errs towards the teammate.
import type { CounterStore } from '../proxy-store'

/** Past this many keys, counts of windows other than the one just taken are dropped. */
const SWEEP_AT = 10_000

export class MemoryCounterStore implements CounterStore {
  private readonly counts = new Map<string, { window: string; count: number }>()

  async take(key: string, window: string, limit: number): Promise<{ ok: boolean; count: number }> {
    let held = this.counts.get(key)
    if (held?.window !== window) {
      held = { window, count: 0 }
      this.counts.set(key, held)
      if (this.counts.size > SWEEP_AT) for (const [k, c] of this.counts) if (c.window !== window) this.counts.delete(k)
    }
    if (held.count >= limit) return { ok: false, count: held.count }
    held.count += 1
    return { ok: true, count: held.count }
  }
}
