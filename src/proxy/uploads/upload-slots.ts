// Upload URLs the proxy hands out: each id is an unguessable, single-use capability that lasts a few
// minutes and remembers the token that started it. Where the bytes go (fal's own upload URL in live mode,
// a file slot offline) stays server-side. Live slots live in the proxy's store (UploadStore in
// proxy-store.ts), so the PUT may reach another instance than the initiate did; this file holds the one
// in-memory implementation, used by the file store (one instance) and by offline mode for its file slots.
import { randomBytes } from 'node:crypto'

import type { StoreClock, UploadClaim, UploadSlot } from '../store/proxy-store'

export const UPLOAD_TTL_MS = 5 * 60 * 1000
/** Open slots at once; beyond this, new uploads wait for old ones to be used or to expire. */
export const MAX_OPEN_UPLOADS = 10_000
/** 32 random bytes, base64url. */
export const UPLOAD_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/

/** A new upload id: the capability itself, so it comes from the system's secure random source. */
export function newUploadId(): string {
  return randomBytes(32).toString('base64url')
}

/** A slot whose target is whatever the mode needs (fal's URL live, a file slot offline). */
export type Slot<T> = Omit<UploadSlot, 'target'> & { target: T }
export type SlotClaim<T> = { ok: true; slot: Slot<T> } | Exclude<UploadClaim, { ok: true }>

/** What the upload route needs of a slot store; `UploadStore` is this for string targets. */
export interface SlotStore<T> {
  open(slot: Slot<T>, maxOpen: number): Promise<string | undefined>
  claim(id: string, token: string | undefined): Promise<SlotClaim<T>>
}

export class MemoryUploadSlots<T> implements SlotStore<T> {
  private readonly slots = new Map<string, Slot<T>>()

  constructor(private readonly now: StoreClock = () => Date.now()) {}

  async open(slot: Slot<T>, maxOpen: number): Promise<string | undefined> {
    this.sweep(false)
    if (this.slots.size >= maxOpen) this.sweep(true)
    if (this.slots.size >= maxOpen) return undefined
    const id = newUploadId()
    this.slots.set(id, { ...slot })
    return id
  }

  async claim(id: string, token: string | undefined): Promise<SlotClaim<T>> {
    const slot = UPLOAD_ID_PATTERN.test(id) ? this.slots.get(id) : undefined
    if (!slot) return { ok: false, reason: 'unknown' }
    if (slot.expiresAt <= this.now()) {
      this.slots.delete(id)
      return { ok: false, reason: 'expired' }
    }
    if (token !== undefined && token !== slot.token) return { ok: false, reason: 'other-token' }
    this.slots.delete(id)
    return { ok: true, slot }
  }

  get size(): number {
    return this.slots.size
  }

  /**
   * Slots are opened with one lifetime, so insertion order is nearly expiry order: the quick sweep stops at
   * the first live one; the full one (only when at the cap) looks at every slot.
   */
  private sweep(full: boolean): void {
    const now = this.now()
    for (const [id, slot] of this.slots) {
      if (slot.expiresAt > now) {
        if (full) continue
        break
      }
      this.slots.delete(id)
    }
  }
}
