// Offline mode honours PROXY_TOKENS and BUDGET_USD_PER_DAY exactly as live mode does, so the plugin's
// 401 and 402 handling can be tried without a key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { offlineRequests } from '../../src/dev/offline-control'
import { callProxy, falClientFor, O3_T2I, pngBlob, QUEUE, startTestProxy, type TestProxy, testToken } from './helpers'

const TOKEN = testToken('offline-team')
const ADMIN = testToken('offline-admin')
let proxy: TestProxy

beforeAll(async () => {
  proxy = await startTestProxy({ tokens: [TOKEN], adminTokens: [ADMIN], budgetUsdPerDay: 0.05, offlineLatencyMs: 60 })
})
afterAll(() => proxy.stop())

describe('offline tokens and budget', () => {
  it('no token, a wrong token, or the token in the wrong header: 401 from every call the client makes', async () => {
    for (const client of [falClientFor(proxy.proxyUrl), falClientFor(proxy.proxyUrl, 'wrong')]) {
      await expect(client.queue.submit(O3_T2I, { input: { prompt: 'x' } })).rejects.toMatchObject({ status: 401 })
      await expect(client.queue.status(O3_T2I, { requestId: 'abc', logs: false })).rejects.toMatchObject({ status: 401 })
      await expect(client.queue.result(O3_T2I, { requestId: 'abc' })).rejects.toMatchObject({ status: 401 })
      await expect(client.queue.cancel(O3_T2I, { requestId: 'abc' })).rejects.toMatchObject({ status: 401 })
      await expect(client.storage.upload(new Blob(['x']))).rejects.toMatchObject({ status: 401 })
    }
    const wrongHeader = await callProxy(proxy.proxyUrl, { target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'x' }, headers: { 'x-fal-authorization': `Bearer ${TOKEN}` } })
    expect(wrongHeader.status).toBe(401)
    const listed = { requests: await offlineRequests(proxy.url, ADMIN) }
    expect(listed.requests).toHaveLength(0)
  })

  it('with the token everything works, uploads included, until the day\'s budget is spent', async () => {
    const client = falClientFor(proxy.proxyUrl, TOKEN)
    const png = await pngBlob(320, 320, [4, 5, 6])
    const ref = await client.storage.upload(png)
    expect(Buffer.from(await (await fetch(ref)).arrayBuffer()).equals(Buffer.from(await png.arrayBuffer()))).toBe(true)
    const result = await client.subscribe(O3_T2I, { input: { prompt: 'first' }, pollInterval: 20 })
    expect((result.data as { images: unknown[] }).images).toHaveLength(1)
    await expect(client.queue.submit(O3_T2I, { input: { prompt: 'second', num_images: 2 } })).rejects.toMatchObject({
      status: 402,
      message: expect.stringMatching(/^Daily budget of \$0\.050 reached for this token: \$0\.028 spent today, this request costs \$0\.056\./)
    })
  })
})
