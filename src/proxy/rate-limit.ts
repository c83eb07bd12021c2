// Flood control for /api/fal/proxy: a token bucket per caller (token hash, or the client's address when
// no tokens are configured) that holds `perMinute` requests and refills at `perMinute` a minute. A job
// polls status about twice a second, so the default leaves room for several jobs at once; a runaway
// loop or an attacker is cut off with 429 and Retry-After, which @fal-ai/client waits out and retries.
import type { Context } from 'hono'

import { jsonError } from './respond'

interface Bucket {
  tokens: number
  at: number
}

export type RateCheck = { ok: true } | { ok: false; retryAfterSeconds: number }

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>()
  private calls = 0

  /** `perMinute` 0 turns the limit off. */
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now
  ) {}

  take(key: string): RateCheck {
    if (this.perMinute <= 0) return { ok: true }
    const now = this.now()
    const perMs = this.perMinute / 60_000
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now }
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * perMs)
    bucket.at = now
    this.buckets.set(key, bucket)
    if (++this.calls % 1000 === 0) this.sweep(now, perMs)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return { ok: true }
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) }
  }

  /** Buckets that have refilled are the same as no bucket: forget them so memory stays bounded. */
  private sweep(now: number, perMs: number): void {
    for (const [key, b] of this.buckets) if (b.tokens + (now - b.at) * perMs >= this.perMinute) this.buckets.delete(key)
  }
}

/** A 429 the plugin can show as is, with Retry-After for @fal-ai/client (which waits it out and retries). */
export function tooManyRequests(message: string, retryAfterSeconds: number, code = 'rate_limited'): Response {
  const response = jsonError(429, message, { code, retry_after_seconds: retryAfterSeconds })
  response.headers.set('retry-after', String(retryAfterSeconds))
  return response
}

/**
 * The caller's address as the socket sees it. X-Forwarded-For is not trusted: anyone can send it, and
 * a flood could then pick a fresh address per request.
 */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return incoming?.socket?.remoteAddress ?? 'unknown'
}
