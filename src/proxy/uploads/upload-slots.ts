// Upload URLs the proxy hands out: each id is an unguessable, single-use capability that lasts a few
// minutes and remembers the token that started it. Where the bytes go (fal's own upload URL in live mode,
// a file slot offline) stays here, server-side. Kept in memory: an upload follows its initiate within
// seconds, and an unused one is simply started again.
import { randomBytes } from 'node:crypto'

import type { ImageType } from './image-types'

export const UPLOAD_TTL_MS = 5 * 60 * 1000
/** Open slots at once; beyond this, new uploads wait for old ones to be used or to expire. */
export const MAX_OPEN_UPLOADS = 10_000
/** 32 random bytes, base64url. */
export const UPLOAD_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/

export interface UploadSlot<T> {
  target: T
  tokenHash: string
  contentType: ImageType
  expiresAt: number
}

export type Claim<T> = { ok: true; slot: UploadSlot<T> } | { ok: false; status: 403 | 404 | 410; message: string }

export class UploadSlots<T> {
  private readonly slots = new Map<string, UploadSlot<T>>()

  constructor(
    private readonly ttlMs = UPLOAD_TTL_MS,
    private readonly max = MAX_OPEN_UPLOADS,
    private readonly now: () => number = () => Date.now()
  ) {}

  /** A new capability for one upload, or undefined when too many are open. */
  open(target: T, tokenHash: string, contentType: ImageType): string | undefined {
    this.sweep()
    if (this.slots.size >= this.max) return undefined
    const id = randomBytes(32).toString('base64url')
    this.slots.set(id, { target, tokenHash, contentType, expiresAt: this.now() + this.ttlMs })
    return id
  }

  /**
   * Takes the slot for the one upload it allows. `tokenHash` is the caller's token when it sent one; a
   * different teammate's token is refused without using the slot up, so its owner can still upload.
   */
  claim(id: string, tokenHash: string | undefined): Claim<T> {
    const slot = UPLOAD_ID_PATTERN.test(id) ? this.slots.get(id) : undefined
    if (!slot) {
      return { ok: false, status: 404, message: 'This upload URL is unknown or was already used (each works once). Upload the image again.' }
    }
    if (slot.expiresAt <= this.now()) {
      this.slots.delete(id)
      return { ok: false, status: 410, message: `This upload URL expired (they last ${Math.round(this.ttlMs / 60_000)} minutes). Upload the image again.` }
    }
    if (tokenHash !== undefined && tokenHash !== slot.tokenHash) {
      return { ok: false, status: 403, message: 'This upload URL was started with another access token. Upload the image again with your own token.' }
    }
    this.slots.delete(id)
    return { ok: true, slot }
  }

  get size(): number {
    return this.slots.size
  }

  /** Every slot lives as long, so the Map's insertion order is expiry order: stop at the first live one. */
  private sweep(): void {
    const now = this.now()
    for (const [id, slot] of this.slots) {
      if (slot.expiresAt > now) break
      this.slots.delete(id)
    }
  }
}
