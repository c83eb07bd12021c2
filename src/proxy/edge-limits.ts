// How often a caller may use the fal route, checked before anything is read or forwarded. Every call
// counts against the caller's own bucket (its token, or its address when the proxy has no tokens). A
// wrong token counts against its address and against one bucket shared by all addresses, so rotating
// addresses does not speed up guessing; a right token never touches either, so a flood of wrong ones
// cannot lock teammates out. Submits, which spend money, have a much smaller allowance a minute of their
// own, and storage initiates (reference uploads, which would otherwise make the team's fal account free
// hosting) a daily count: both are the store's counters (CounterStore), so every instance sharing a store
// shares them. The flood limits (per address) and the wrong-token limits stay in this process's memory:
// they guard this instance's own sockets and CPU, are checked before any token is known, and must not cost
// a store round trip on every poll; a guesser spread over instances still meets each one's global limit.
import type { Context } from 'hono'

import { type AuthResult, checkBearer } from './auth'
import { clientAddress, RateLimiter, tooManyRequests } from './rate-limit'
import { jsonError } from './respond'
import { type CounterStore, dayOf } from './store/proxy-store'
import type { FalCall } from './target-url'

const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * 60 * 1000

export interface EdgeLimitSettings {
  rateLimitPerMinute: number
  submitRateLimitPerMinute: number
  wrongTokenLimitPerMinute: number
  uploadsPerDay: number
}

export class EdgeLimits {
  private readonly requests: RateLimiter
  private readonly wrongTokens: RateLimiter

  constructor(
    private readonly settings: EdgeLimitSettings,
    private readonly counters: CounterStore,
    private readonly now: () => number = Date.now
  ) {
    this.requests = new RateLimiter(settings.rateLimitPerMinute, now)
    this.wrongTokens = new RateLimiter(settings.wrongTokenLimitPerMinute, now)
  }

  /**
   * The gate every route that takes a token shares (the fal route, the admin routes): the bearer token,
   * throttled before it is answered, so a wrong one is a 401 only while guessing stays slow.
   */
  authenticate(c: Context, tokens: readonly string[]): { ok: true; tokenHash: string } | { ok: false; response: Response } {
    const auth = checkBearer(c.req.header('authorization'), tokens)
    const limited = this.caller(c, auth, tokens.length > 0)
    if (limited) return { ok: false, response: limited }
    if (!auth.ok) return { ok: false, response: jsonError(401, auth.message) }
    return { ok: true, tokenHash: auth.tokenHash }
  }

  /** Any call, before its token is answered: undefined to go on, or the 429 to send. */
  caller(c: Context, auth: AuthResult, tokensConfigured: boolean): Response | undefined {
    const perAddress = !tokensConfigured || !auth.ok
    const rate = this.requests.take(perAddress ? `address:${clientAddress(c)}` : `token:${auth.ok ? auth.tokenHash : ''}`)
    const limit = this.settings.rateLimitPerMinute
    if (!rate.ok) return tooManyRequests(`Too many requests from this ${perAddress ? 'address' : 'token'}: more than ${limit} a minute reached this proxy. Wait ${rate.retryAfterSeconds} s.`, rate.retryAfterSeconds)
    if (auth.ok) return undefined
    const wrong = this.wrongTokens.take('all addresses')
    if (wrong.ok) return undefined
    return tooManyRequests(
      `Too many requests with a wrong access token reached this proxy (more than ${this.settings.wrongTokenLimitPerMinute} a minute from all addresses together). ` +
        `Wait ${wrong.retryAfterSeconds} s, and check the token in the plugin settings.`,
      wrong.retryAfterSeconds
    )
  }

  /** A call whose token was accepted, once it is known what kind of call it is. */
  async call(c: Context, kind: FalCall['kind'], tokenHash: string, tokensConfigured: boolean): Promise<Response | undefined> {
    const who = tokensConfigured ? 'token' : 'address'
    const key = tokensConfigured ? `token:${tokenHash}` : `address:${clientAddress(c)}`
    const now = this.now()
    if (kind === 'submit' && this.settings.submitRateLimitPerMinute > 0) {
      // A count per calendar minute (UTC), the window every instance agrees on.
      const minute = Math.floor(now / MINUTE_MS)
      const rate = await this.counters.take(`submits:${key}`, `minute:${minute}`, this.settings.submitRateLimitPerMinute)
      if (rate.ok) return undefined
      const retryAfterSeconds = Math.max(1, Math.ceil(((minute + 1) * MINUTE_MS - now) / 1000))
      return tooManyRequests(
        `Too many submits from this ${who}: more than ${this.settings.submitRateLimitPerMinute} a minute reached this proxy. Wait ${retryAfterSeconds} s before generating again.`,
        retryAfterSeconds
      )
    }
    if (kind === 'storage-initiate' && this.settings.uploadsPerDay > 0) {
      const day = Math.floor(now / DAY_MS)
      const quota = await this.counters.take(`uploads:${key}`, `day:${dayOf(now)}`, this.settings.uploadsPerDay)
      if (quota.ok) return undefined
      const retryAfterSeconds = Math.ceil(((day + 1) * DAY_MS - now) / 1000)
      const minutes = Math.ceil(retryAfterSeconds / 60)
      return tooManyRequests(
        `This ${who} has started ${this.settings.uploadsPerDay} reference uploads today, the most this proxy allows a day. ` +
          `Uploads open again at midnight UTC, in ${Math.floor(minutes / 60)} h ${minutes % 60} min; images already uploaded keep working.`,
        retryAfterSeconds,
        'upload_quota'
      )
    }
    return undefined
  }
}
