// How many connections the proxy holds open: at most `max` in all, so silent sockets cannot use up the
// process's file descriptors, and at most `perAddress` from one address, so one client re-opening
// half-sent connections cannot hold every slot of the global cap and lock the team out. Beyond either,
// new connections are closed at once, unanswered. Each cap logs one record when it first refuses, then at
// most one a minute while it keeps refusing, with how many were refused since the last.
import type { Server } from 'node:http'

import type { ProxyLog } from './request-log'

const LOG_EVERY_MS = 60_000

export interface ConnectionCaps {
  /** Open connections at once (0: no cap). */
  maxConnections: number
  /** Open connections at once from one address (0: no cap). */
  maxConnectionsPerAddress: number
}

export function capConnections(server: Server, caps: ConnectionCaps, log: ProxyLog): void {
  const { maxConnections: max, maxConnectionsPerAddress: perAddress } = caps
  if (max > 0) {
    // Node refuses these itself, before 'connection', and tells us with 'drop'.
    server.maxConnections = max
    const note = throttledNote((refused) =>
      log.record({
        event: 'connection_cap',
        max,
        refused,
        message: `${max} connections are open, the most this proxy accepts (MAX_CONNECTIONS): new ones are refused until some close.`
      })
    )
    server.on('drop', () => note(undefined))
  }
  if (perAddress > 0) {
    const open = new Map<string, number>()
    const note = throttledNote((refused, address) =>
      log.record({
        event: 'connection_cap_per_address',
        max: perAddress,
        address: address ?? 'unknown',
        refused,
        message:
          `${address ?? 'An address'} has ${perAddress} connections open, the most one address may hold (MAX_CONNECTIONS_PER_ADDRESS): ` +
          'new ones from it are refused until some close. Behind a reverse proxy every connection comes from its address: set it to 0 there.'
      })
    )
    server.on('connection', (socket) => {
      const address = socket.remoteAddress ?? 'unknown'
      const held = open.get(address) ?? 0
      if (held >= perAddress) {
        socket.destroy()
        note(address)
        return
      }
      open.set(address, held + 1)
      socket.once('close', () => {
        const left = (open.get(address) ?? 1) - 1
        if (left > 0) open.set(address, left)
        else open.delete(address)
      })
    })
  }
}

/** Calls `write` on the first refusal, then at most once a minute, with the number refused since the last record. */
function throttledNote(write: (refused: number, address: string | undefined) => void): (address: string | undefined) => void {
  let refused = 0
  let loggedAt = -Infinity
  return (address) => {
    refused++
    const now = Date.now()
    if (now - loggedAt < LOG_EVERY_MS) return
    loggedAt = now
    write(refused, address)
    refused = 0
  }
}
