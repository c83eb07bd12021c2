// Two live proxies on one PostgreSQL schema, as behind a load balancer without sticky sessions: a
// reference's storage initiate reaches one instance and the PUT of its bytes the other, and the upload
// still lands on fal's upload URL once, with the same refusals as on one instance.
import { randomBytes } from 'node:crypto'

import { createFalClient } from '@fal-ai/client'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

import { createFakeFal, type FakeFal } from './fake-fal'
import { callProxy, pngBlob, startTestProxy, type TestProxy, testToken } from './helpers'
import { dropTestSchema, postgresAvailable } from './store/postgres-available'

const url = inject('postgresUrl')

const FAL_KEY = 'test-only-fal-key-two-instance-uploads'
const ALICE = testToken('alice-two-instance-uploads')
const BOB = testToken('bob-two-instance-uploads')
const INITIATE = 'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3'

if (postgresAvailable('the two-instance upload tests')) {
  describeTwoInstances(url)
}

function describeTwoInstances(databaseUrl: string): void {
  const schema = `keyframe_uploads_${randomBytes(6).toString('hex')}`
  let fal: FakeFal
  let a: TestProxy
  let b: TestProxy

  beforeAll(async () => {
    fal = createFakeFal()
    const options = { falKey: FAL_KEY, tokens: [ALICE, BOB], databaseUrl, databaseSchema: schema, upstreamFetch: (i: string | URL | Request, init?: RequestInit) => fal.fetch(i, init) }
    a = await startTestProxy(options)
    b = await startTestProxy(options)
  })
  afterAll(async () => {
    await a?.stop()
    await b?.stop()
    await dropTestSchema(schema)
  })

  /** The upload URL instance A handed out, as the load balancer would send it on to instance B. */
  const onB = (uploadUrl: string) => uploadUrl.replace(a.url, b.url)

  async function initiateOnA(token: string): Promise<string> {
    const res = await callProxy(a.proxyUrl, { token, target: INITIATE, body: { content_type: 'image/png', file_name: 'ref.png' } })
    expect(res.status).toBe(200)
    const uploadUrl = ((await res.json()) as { upload_url: string }).upload_url
    expect(uploadUrl.startsWith(`${a.url}/api/fal/upload/`)).toBe(true)
    return uploadUrl
  }

  function put(to: string, body: Uint8Array<ArrayBuffer>, token?: string): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'image/png' }
    if (token) headers.authorization = `Bearer ${token}`
    return fetch(to, { method: 'PUT', headers, body })
  }

  describe('live uploads across two instances on one database', () => {
    it("the real client's upload works when its initiate reaches one instance and its PUT the other", async () => {
      // A load balancer that happens to send the client's POST to A and its PUT to B.
      const balanced = (async (input: string | URL | Request, init?: RequestInit) => {
        const target = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
        return fetch((init?.method ?? 'GET').toUpperCase() === 'PUT' ? onB(target) : target, init)
      }) as typeof fetch
      const client = createFalClient({
        proxyUrl: { url: a.proxyUrl, when: 'always' },
        requestMiddleware: async (request) => ({ ...request, headers: { ...request.headers, authorization: `Bearer ${ALICE}` } }),
        fetch: balanced
      })
      const png = await pngBlob(320, 400, [10, 120, 240])
      const before = fal.uploads.length
      const fileUrl = await client.storage.upload(png)

      const signed = fal.uploadUrls.at(-1)!
      expect(fileUrl).toBe(`https://v3.fal.media/files/${/obj-\d+/.exec(signed)![0]}/ref.png`)
      const received = fal.uploads.slice(before)
      expect(received.map((u) => u.url)).toEqual([signed])
      expect(received[0]!.bytes.equals(Buffer.from(await png.arrayBuffer()))).toBe(true)
      // fal's signed URL is in neither instance's log.
      expect([...a.logs, ...b.logs].join('\n')).not.toContain('sig=signed-')
    })

    it('an upload URL works once across both instances: the second PUT, on either, is 404 and reaches nobody', async () => {
      const uploadUrl = await initiateOnA(ALICE)
      const bytes = new Uint8Array(await (await pngBlob(300, 300, [1, 2, 3])).arrayBuffer())
      const before = fal.uploads.length
      expect((await put(onB(uploadUrl), bytes)).status).toBe(200)
      const again = await put(uploadUrl, bytes)
      expect(again.status).toBe(404)
      expect(((await again.json()) as { message: string }).message).toBe('This upload URL is unknown or was already used (each works once). Upload the image again.')
      expect((await put(onB(uploadUrl), bytes)).status).toBe(404)
      expect(fal.uploads.length - before).toBe(1)
    })

    it("another teammate's token on the other instance is 403 and leaves the URL for its owner", async () => {
      const uploadUrl = await initiateOnA(ALICE)
      const bytes = new Uint8Array(await (await pngBlob(300, 300, [9, 9, 9])).arrayBuffer())
      const before = fal.uploads.length
      const bob = await put(onB(uploadUrl), bytes, BOB)
      expect(bob.status).toBe(403)
      expect(((await bob.json()) as { message: string }).message).toBe('This upload URL was started with another access token. Upload the image again with your own token.')
      expect(fal.uploads.length).toBe(before)
      expect((await put(onB(uploadUrl), bytes, ALICE)).status).toBe(200)
      expect(fal.uploads.length - before).toBe(1)
    })

    it('of concurrent PUTs of one upload URL to both instances, exactly one reaches fal', async () => {
      const uploadUrl = await initiateOnA(ALICE)
      const bytes = new Uint8Array(await (await pngBlob(300, 300, [4, 5, 6])).arrayBuffer())
      const before = fal.uploads.length
      const statuses = await Promise.all(Array.from({ length: 6 }, (_, i) => put(i % 2 ? onB(uploadUrl) : uploadUrl, bytes).then((r) => r.status)))
      expect(statuses.filter((s) => s === 200)).toHaveLength(1)
      expect(statuses.filter((s) => s === 404)).toHaveLength(5)
      expect(fal.uploads.length - before).toBe(1)
    })
  })
}
