// Two live proxies on one PostgreSQL schema, both following: an instance that dies mid-job (killed, not
// shut down) loses nothing. A takes the submit and leases the request to follow it; while A lives, B leaves
// that request alone; A is killed with SIGKILL (a process of its own, fixtures/bridged-proxy.ts, so no drain
// and no keeper stop run, and its lease stays in the store); fal finishes the job and later forgets it; once
// A's lease has run out B takes it over, keeps the result, and the plugin's client asking B gets all of it.
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterEach, describe, expect, inject, it } from 'vitest'

import { createFakeFal, type FakeFal } from './fake-fal'
import { callProxy, falClientFor, O3_T2I, QUEUE, sleep, startTestProxy, type TestProxy, testToken } from './helpers'
import { dropTestSchema, postgresAvailable } from './store/postgres-available'

const url = inject('postgresUrl')

const FAL_KEY = 'test-only-fal-key-instance-dies'
const ALICE = testToken('dies-alice')
const BOB = testToken('dies-bob')
const FOLLOW_INTERVAL_MS = 50
const FIXTURE = fileURLToPath(new URL('./fixtures/bridged-proxy.ts', import.meta.url))
const requestUrl = (id: string) => `${QUEUE}/fal-ai/kling-image/requests/${id}`

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

/** Every call the test process receives is handed to the fake fal as the proxy meant to send it to fal. */
async function startBridge(fal: FakeFal): Promise<string> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !['host', 'connection', 'content-length', 'x-bridge-target'].includes(name)) headers[name] = value
    }
    const body = chunks.length ? Buffer.concat(chunks).toString() : undefined
    const answer = await fal.fetch(String(req.headers['x-bridge-target']), { method: req.method ?? 'GET', headers, ...(body === undefined ? {} : { body }) })
    const out: Record<string, string> = {}
    answer.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding'].includes(name)) out[name] = value
    })
    res.writeHead(answer.status, out)
    res.end(Buffer.from(await answer.arrayBuffer()))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

/** Instance A in its own process; answers its proxy URL and the process, to be killed. */
async function startChildProxy(bridgeUrl: string, schema: string): Promise<{ proxyUrl: string; child: ChildProcess }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyframe-dies-a-'))
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  const options = { falKey: FAL_KEY, tokens: [ALICE, BOB], budgetUsdPerDay: 1, databaseUrl: url, databaseSchema: schema, dataDir, followIntervalMs: FOLLOW_INTERVAL_MS }
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, BRIDGE_URL: bridgeUrl, BRIDGE_FROM: 'A', PROXY_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await once(child, 'exit')
    }
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const proxyUrl = await new Promise<string>((resolve, reject) => {
    let stdout = ''
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString()
      const ready = /^ready (\S+)$/m.exec(stdout)
      if (ready) resolve(ready[1] as string)
    })
    child.once('exit', (code) => reject(new Error(`instance A exited (${code}) before it was ready: ${stderr}`)))
    const slow = setTimeout(() => reject(new Error(`instance A was not ready in time: ${stderr}${stdout}`)), 30_000)
    child.once('exit', () => clearTimeout(slow))
  })
  return { proxyUrl, child }
}


/** Polls `check` until it answers something; `tries` bounds the wait. */
async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, tries = 400): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check()
    if (value !== undefined) return value
    await sleep(100)
  }
  throw new Error(`gave up waiting for ${what}`)
}

if (postgresAvailable('the instance-dies test')) {
  describe('one of two instances killed mid-job', () => {
    it('the other follows the job to completion once the dead one’s lease runs out; the client gets the whole result from it', { timeout: 120_000 }, async () => {
      const schema = `keyframe_dies_${randomBytes(6).toString('hex')}`
      cleanups.push(() => dropTestSchema(schema))
      const fal = createFakeFal()
      // The job runs until the test says it is done; fal answers its result once, then forgets the request
      // (404 to everything about it), as after its retention (fal.ai/docs/inference-api/queue/result).
      let done = false
      let resultsAnswered = 0
      fal.answer = (target, method) => {
        if (!target.startsWith(requestUrl('req-1')) || method !== 'GET') return undefined
        if (resultsAnswered > 0) return Response.json({ detail: 'Request req-1 not found' }, { status: 404 })
        if (target.endsWith('/status')) return done ? undefined : Response.json({ status: 'IN_PROGRESS', request_id: 'req-1' }, { status: 202 })
        if (target === requestUrl('req-1') && done) resultsAnswered++
        return undefined
      }
      const fromA = (c: { headers: Record<string, string> }) => c.headers['x-bridge-from'] === 'A'
      const statusCalls = (who: 'A' | 'B') => fal.calls.filter((c) => c.url === `${requestUrl('req-1')}/status` && fromA(c) === (who === 'A')).length
      const resultCalls = () => fal.calls.filter((c) => c.method === 'GET' && c.url === requestUrl('req-1'))

      const a = await startChildProxy(await startBridge(fal), schema)
      const { request_id: requestId } = await falClientFor(a.proxyUrl, ALICE).queue.submit(O3_T2I, { input: { prompt: 'A dies mid-job' } })
      expect(requestId).toBe('req-1')
      // A leases it and follows it: it asks fal every round. (B starts only once A holds the lease: started
      // together, either could win it, and only A can be killed outright.)
      await until('A to follow the request', () => (statusCalls('A') >= 3 ? true : undefined))
      const b: TestProxy = await startTestProxy({
        falKey: FAL_KEY,
        tokens: [ALICE, BOB],
        budgetUsdPerDay: 1,
        databaseUrl: url,
        databaseSchema: schema,
        upstreamFetch: (input, init) => fal.fetch(input, init),
        followIntervalMs: FOLLOW_INTERVAL_MS
      })
      cleanups.push(() => b.stop())
      // B, polling as often, never asks while A lives and renews its lease.
      const seenByA = statusCalls('A')
      await until('A to follow the request for ten more rounds beside B', () => (statusCalls('A') >= seenByA + 10 ? true : undefined))
      expect(statusCalls('B')).toBe(0)

      a.child.kill('SIGKILL')
      await once(a.child, 'exit')
      const callsBeforeDeath = fal.calls.filter(fromA).length
      done = true

      // A's lease runs out (2 rounds plus two bounded fal reads: result-keeper.ts), then B takes it over.
      const kept = await until('B to take the request over and fetch its result', () => (resultCalls().length > 0 ? true : undefined), 900)
      expect(kept).toBe(true)
      expect(statusCalls('B')).toBeGreaterThan(0)

      // fal has forgotten the request; the client, pointed at B, still gets COMPLETED and every image.
      const alice = falClientFor(b.proxyUrl, ALICE)
      const status = await until('the kept status on B', () => alice.queue.status(O3_T2I, { requestId, logs: false }).catch(() => undefined))
      expect(status).toMatchObject({ status: 'COMPLETED', request_id: requestId })
      const result = await alice.queue.result(O3_T2I, { requestId })
      expect(result.requestId).toBe(requestId)
      expect(result.data).toEqual({
        images: [{ url: 'https://v3.fal.media/files/out.png', width: 1024, height: 576, content_type: 'image/png', file_name: 'out.png', file_size: 10 }]
      })

      // fal's result was fetched once, by B, with the team's key; nothing came from A after it was killed.
      expect(resultCalls()).toHaveLength(1)
      expect(resultCalls().every((c) => !fromA(c) && c.headers.authorization === `Key ${FAL_KEY}`)).toBe(true)
      expect(fal.calls.filter(fromA)).toHaveLength(callsBeforeDeath)

      // The owner check holds on B for a request A took: another token gets 403 for its result and status.
      for (const target of [requestUrl(requestId), `${requestUrl(requestId)}/status`]) {
        const refused = await callProxy(b.proxyUrl, { method: 'GET', target, token: BOB })
        expect(refused.status).toBe(403)
        expect(await refused.json()).toMatchObject({ code: 'not_your_request' })
      }
    })
  })
}
