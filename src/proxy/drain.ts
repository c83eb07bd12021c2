// Clean shutdown: stop accepting connections, let every request already being handled get its answer
// (a submit being forwarded to fal is recorded before it is answered), then cut what is left: idle
// keep-alive connections and status streams, which would otherwise hold the process open for minutes.
// Past the grace period everything is cut, so a stuck upstream cannot stop a deploy.
import type { Server, ServerResponse } from 'node:http'

import type { Context } from 'hono'

import { responseHeader } from './cors'
import type { ProxyLog } from './request-log'

export class Drain {
  /** Responses not yet finished. */
  private readonly open = new Set<ServerResponse>()
  /** Of those, the ones already answered with an event stream: they end only when cut. */
  private readonly streams = new WeakSet<ServerResponse>()
  private changed: (() => void) | undefined

  /** Middleware, first in the app: notes each request's Node response until it has been sent. */
  track() {
    return async (c: Context, next: () => Promise<void>) => {
      const res = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing
      if (!res) return next()
      this.open.add(res)
      res.once('close', () => {
        this.open.delete(res)
        this.changed?.()
      })
      await next()
      if ((responseHeader(c.res, 'content-type') ?? '').includes('text/event-stream')) {
        this.streams.add(res)
        this.changed?.()
      }
    }
  }

  /** How many requests are still being answered (event streams already answered do not count). */
  get pending(): number {
    let n = 0
    for (const res of this.open) if (!this.streams.has(res)) n++
    return n
  }

  /** Closes `server` as above; resolves once every connection is closed. */
  async close(server: Server, graceMs: number, log: ProxyLog): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeIdleConnections()
    const waiting = this.pending
    log.record({ event: 'shutdown', pending: waiting, message: `Shutting down: no new connections; waiting up to ${graceMs} ms for ${waiting} request(s) in flight.` })
    const finished = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => done(false), graceMs)
      const done = (ok: boolean) => {
        clearTimeout(timer)
        this.changed = undefined
        resolve(ok)
      }
      this.changed = () => {
        // A connection whose request just finished is idle now: close it rather than wait for its keep-alive.
        server.closeIdleConnections()
        if (this.pending === 0) done(true)
      }
      this.changed()
    })
    const cut = this.pending
    server.closeAllConnections()
    await closed
    log.record(
      finished
        ? { event: 'shutdown_drained', message: 'Every request in flight was answered; connections closed.' }
        : { event: 'shutdown_grace_expired', cut, message: `${cut} request(s) were still in flight after SHUTDOWN_GRACE_MS (${graceMs} ms) and were cut off.` }
    )
  }
}
