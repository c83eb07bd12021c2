// Connections that never send a byte (or send their headers a drip at a time) must not hold the server:
// they are closed once the headers are overdue, and there is a cap on open connections, so a flood of
// them cannot use up the process's file descriptors, and a smaller one per address, so one client cannot
// hold every slot. Short timeouts here; the defaults are in config.ts.
import { connect, type Socket } from 'node:net'

import { afterEach, describe, expect, it } from 'vitest'

import { optionsFromEnv, resolveOptions } from '../../src/proxy/config'
import { rawHttp, startTestProxy, type TestProxy } from './helpers'

const running: TestProxy[] = []
const sockets: Socket[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  while (running.length) await running.pop()!.stop()
})

interface Raw {
  socket: Socket
  connected: Promise<void>
  /** Everything the server sent, once it closed the connection. */
  closed: Promise<string>
}

function open(proxy: TestProxy): Raw {
  const { port } = new URL(proxy.url)
  const socket = connect(Number(port), '127.0.0.1')
  sockets.push(socket)
  let received = ''
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()))
  socket.on('error', () => undefined) // a refused connection may end in a reset
  return {
    socket,
    connected: new Promise((resolve) => socket.once('connect', () => resolve())),
    closed: new Promise((resolve) => socket.once('close', () => resolve(received)))
  }
}

async function start(options: Parameters<typeof startTestProxy>[0]) {
  const proxy = await startTestProxy({ headersTimeoutMs: 300, requestTimeoutMs: 1_000, ...options })
  running.push(proxy)
  return proxy
}

describe('idle and slow connections', () => {
  it('a connection that never sends a byte is closed with 408 once the headers are overdue', async () => {
    const proxy = await start({})
    const idle = open(proxy)
    await idle.connected
    expect(await idle.closed).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/)
  })

  it('so is one that sends its headers a little at a time and never finishes them', async () => {
    const proxy = await start({})
    const slow = open(proxy)
    await slow.connected
    slow.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n')
    const drip = setInterval(() => slow.socket.writable && slow.socket.write('X-Drip: 1\r\n'), 50)
    try {
      expect(await slow.closed).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/)
    } finally {
      clearInterval(drip)
    }
  })

  it('over the cap a new connection is refused and logged once; a fresh client succeeds once the idle ones are reaped', async () => {
    // The per-address cap off: every socket here comes from 127.0.0.1, and this is about the global one.
    const proxy = await start({ maxConnections: 5, maxConnectionsPerAddress: 0 })
    const idle = Array.from({ length: 5 }, () => open(proxy))
    await Promise.all(idle.map((c) => c.connected))
    // The server is full of silent sockets: the next ones are closed at once, unanswered.
    const over = [open(proxy), open(proxy)]
    expect(await Promise.all(over.map((c) => c.closed))).toEqual(['', ''])
    const cap = proxy.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.event === 'connection_cap')
    expect(cap).toEqual([
      expect.objectContaining({
        max: 5,
        refused: 1,
        message: '5 connections are open, the most this proxy accepts (MAX_CONNECTIONS): new ones are refused until some close.'
      })
    ])
    // The header timeout reaps the silent ones, and then a real client gets in.
    for (const c of idle) expect(await c.closed).toMatch(/^HTTP\/1\.1 408/)
    const res = await fetch(`${proxy.url}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, mode: 'offline' })
  })

  it('one address holding its share is refused more, logged once, while another address still gets in', async () => {
    const proxy = await start({ maxConnections: 16, maxConnectionsPerAddress: 4 })
    const { port } = new URL(proxy.url)
    const held = Array.from({ length: 4 }, () => open(proxy))
    await Promise.all(held.map((c) => c.connected))
    // Half-sent requests, as a client re-opening them would hold the slots.
    for (const c of held) c.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n')
    const over = [open(proxy), open(proxy)]
    expect(await Promise.all(over.map((c) => c.closed))).toEqual(['', ''])
    const capped = proxy.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.event === 'connection_cap_per_address')
    expect(capped).toEqual([
      expect.objectContaining({
        max: 4,
        address: '127.0.0.1',
        refused: 1,
        message:
          '127.0.0.1 has 4 connections open, the most one address may hold (MAX_CONNECTIONS_PER_ADDRESS): new ones from it are refused until some close. ' +
          'Behind a reverse proxy every connection comes from its address: set it to 0 there.'
      })
    ])
    // A teammate on another address is not held back (the global cap has room).
    const teammate = await rawHttp(proxy.proxyUrl, { path: '/healthz', headers: { host: `localhost:${port}` }, localAddress: '127.0.0.2' })
    expect(teammate.status).toBe(200)
    // Once the held ones are reaped, the first address gets in again.
    for (const c of held) expect(await c.closed).toMatch(/^HTTP\/1\.1 408/)
    expect((await fetch(`${proxy.url}/healthz`)).status).toBe(200)
  })

  it('MAX_CONNECTIONS_PER_ADDRESS is read from the environment: half of MAX_CONNECTIONS by default, 0 turns it off', () => {
    expect(resolveOptions(optionsFromEnv({})).maxConnectionsPerAddress).toBe(64)
    expect(resolveOptions(optionsFromEnv({ MAX_CONNECTIONS: '10' })).maxConnectionsPerAddress).toBe(5)
    expect(resolveOptions(optionsFromEnv({ MAX_CONNECTIONS_PER_ADDRESS: '0' })).maxConnectionsPerAddress).toBe(0)
    expect(resolveOptions(optionsFromEnv({ MAX_CONNECTIONS_PER_ADDRESS: '20' })).maxConnectionsPerAddress).toBe(20)
    expect(() => optionsFromEnv({ MAX_CONNECTIONS_PER_ADDRESS: 'some' })).toThrow('MAX_CONNECTIONS_PER_ADDRESS must be a whole number, got "some"')
    expect(() => resolveOptions({ maxConnectionsPerAddress: 1.5 })).toThrow('MAX_CONNECTIONS_PER_ADDRESS must be a whole number (0 turns it off), got "1.5"')
  })

  it('MAX_CONNECTIONS is read from the environment (128 by default); the timeouts are checked', () => {
    expect(resolveOptions(optionsFromEnv({}))).toMatchObject({ maxConnections: 128, headersTimeoutMs: 10_000, requestTimeoutMs: 120_000, keepAliveTimeoutMs: 5_000 })
    expect(resolveOptions(optionsFromEnv({ MAX_CONNECTIONS: '64' })).maxConnections).toBe(64)
    expect(() => optionsFromEnv({ MAX_CONNECTIONS: 'many' })).toThrow('MAX_CONNECTIONS must be a whole number, got "many"')
    expect(() => resolveOptions({ headersTimeoutMs: 5_000, requestTimeoutMs: 1_000 })).toThrow(
      'headersTimeoutMs must be above 0 and at most requestTimeoutMs (1000), got "5000"'
    )
  })
})
