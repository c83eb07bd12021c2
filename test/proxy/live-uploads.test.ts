// Live-mode reference uploads against a fake fal: the real client's upload goes initiate → proxy → fal and
// PUT → proxy → fal's own upload URL, so the plugin never has to reach whatever host fal names. What is
// refused is refused before a byte reaches fal.
import { createHash } from 'node:crypto'
import { request as httpRequest } from 'node:http'

import { createFalClient, type FalClient } from '@fal-ai/client'
import sharp from 'sharp'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

import { UPLOAD_TTL_MS } from '../../src/proxy/uploads/upload-slots'
import { createFakeFal, type FakeFal } from './fake-fal'
import { callProxy, pngBlob, startTestProxy, type TestProxy, testToken } from './helpers'

const FAL_KEY = 'test-only-fal-key-uploads'
const ALICE = testToken('alice-uploads')
const BOB = testToken('bob-uploads')
const INITIATE = 'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3'
const TEN_MB = 10 * 1024 * 1024
const PNG_SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

let proxy: TestProxy
let fal: FakeFal

beforeAll(async () => {
  fal = createFakeFal()
  proxy = await startTestProxy({ falKey: FAL_KEY, tokens: [ALICE, BOB], upstreamFetch: (i, init) => fal.fetch(i, init) })
})
afterAll(() => proxy.stop())
beforeEach(() => {
  fal.calls.length = 0
  fal.uploads.length = 0
  fal.uploadUrls.length = 0
  fal.uploadOrigin = 'https://v3.fal.media'
  fal.initiateAnswer = undefined
  fal.uploadAnswer = undefined
})

interface Seen {
  url: string
  method: string
  status: number
  headers: string
  body: string
}

/** The plugin's client (token in the middleware, proxyUrl always), with everything it sends and receives kept. */
function recordingClient(token: string): { client: FalClient; seen: Seen[] } {
  const seen: Seen[] = []
  const client = createFalClient({
    proxyUrl: { url: proxy.proxyUrl, when: 'always' },
    requestMiddleware: async (request) => ({ ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } }),
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
      const response = await fetch(input, init)
      const body = await response.clone().text()
      seen.push({ url, method: init?.method ?? 'GET', status: response.status, headers: JSON.stringify([...response.headers]), body })
      return response
    }) as typeof fetch
  })
  return { client, seen }
}

async function initiate(token: string, contentType = 'image/png'): Promise<{ status: number; upload_url: string; file_url: string; message?: string }> {
  const res = await callProxy(proxy.proxyUrl, { token, target: INITIATE, body: { content_type: contentType, file_name: 'ref.png' } })
  return { status: res.status, ...((await res.json()) as { upload_url: string; file_url: string; message?: string }) }
}

function put(url: string, body: BodyInit, headers: Record<string, string> = { 'content-type': 'image/png' }): Promise<Response> {
  return fetch(url, { method: 'PUT', headers, body, duplex: 'half' } as RequestInit)
}

async function pngBytes(): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await (await pngBlob(320, 400, [200, 40, 90])).arrayBuffer())
}

async function message(res: Response): Promise<string> {
  return ((await res.json()) as { message: string }).message
}

describe('live uploads through the proxy', () => {
  it("the real client's upload reaches fal's upload URL with exactly the bytes, and returns fal's file_url", async () => {
    const { client, seen } = recordingClient(ALICE)
    const png = await pngBlob(320, 400, [10, 120, 240])
    const url = await client.storage.upload(png)

    expect(fal.uploadUrls).toHaveLength(1)
    const n = /obj-(\d+)/.exec(fal.uploadUrls[0]!)![1]
    expect(url).toBe(`https://v3.fal.media/files/obj-${n}/ref.png`)
    expect(fal.uploads).toHaveLength(1)
    const received = fal.uploads[0]!
    expect(received.url).toBe(fal.uploadUrls[0])
    expect(received.complete).toBe(true)
    expect(received.bytes.equals(Buffer.from(await png.arrayBuffer()))).toBe(true)
    expect(received.headers['content-type']).toBe('image/png')
    expect(received.headers['content-length']).toBe(String(png.size))
    // fal's upload URL is signed; it gets neither the key nor the caller's token.
    expect(received.headers.authorization).toBeUndefined()
    expect(JSON.stringify(received.headers)).not.toContain(ALICE)

    // The client only ever talked to the proxy: initiate on the fal route, the bytes on the upload route.
    expect(seen.map((s) => `${s.method} ${s.url.replace(/[A-Za-z0-9_-]{43}$/, '<id>')} ${s.status}`)).toEqual([
      `POST ${proxy.proxyUrl} 200`,
      `PUT ${proxy.url}/api/fal/upload/<id> 200`
    ])
    const everything = JSON.stringify(seen)
    expect(everything).not.toContain(FAL_KEY)
    // fal's own signed upload URL stays on the proxy.
    expect(everything).not.toContain(fal.uploadUrls[0])
    expect(everything).not.toContain('sig=signed-')
  })

  it('fal naming an upload host outside the manifest changes nothing for the plugin', async () => {
    fal.uploadOrigin = 'https://uploads.some-other-cdn.example'
    const { client, seen } = recordingClient(ALICE)
    const png = await pngBlob(300, 300, [1, 1, 1])
    await client.storage.upload(png)
    expect(fal.uploads.map((u) => new URL(u.url).origin)).toEqual(['https://uploads.some-other-cdn.example'])
    expect(fal.uploads[0]!.bytes.equals(Buffer.from(await png.arrayBuffer()))).toBe(true)
    expect(seen.every((s) => s.url.startsWith(proxy.url))).toBe(true)
  })

  it('each upload goes to the fal URL of its own initiate, and nowhere else', async () => {
    const first = await initiate(ALICE)
    const second = await initiate(ALICE)
    const a = await pngBytes()
    const b = new Uint8Array(await (await pngBlob(400, 320, [0, 0, 0])).arrayBuffer())
    expect((await put(second.upload_url, b)).status).toBe(200)
    expect((await put(first.upload_url, a)).status).toBe(200)
    expect(fal.uploads.map((u) => u.url)).toEqual([fal.uploadUrls[1], fal.uploadUrls[0]])
    expect(fal.uploads[0]!.bytes.equals(Buffer.from(b))).toBe(true)
    expect(fal.uploads[1]!.bytes.equals(Buffer.from(a))).toBe(true)
    // Nothing else was called: two initiates to rest.fal.ai, two PUTs to the URLs it gave.
    expect(fal.calls.map((c) => `${c.method} ${c.url}`)).toEqual([`POST ${INITIATE}`, `POST ${INITIATE}`, `PUT ${fal.uploadUrls[1]}`, `PUT ${fal.uploadUrls[0]}`])
  })

  it('logs name neither the upload id nor fal\'s signed URL', async () => {
    const { upload_url } = await initiate(ALICE)
    expect((await put(upload_url, await pngBytes())).status).toBe(200)
    const logs = proxy.logs.join('\n')
    expect(proxy.logs.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ method: 'PUT', path: '/api/fal/upload/<id>', status: 200, token: createHash('sha256').update(ALICE).digest('hex').slice(0, 8) })
    )
    expect(logs).not.toContain(upload_url.split('/').pop())
    expect(logs).not.toContain('sig=signed-')
  })
})

describe('upload URLs are single-use capabilities', () => {
  it('an unknown id is 404, and nothing is forwarded', async () => {
    for (const id of ['A'.repeat(43), 'not-an-id', '']) {
      const res = await put(`${proxy.url}/api/fal/upload/${id}`, await pngBytes())
      expect(res.status, id).toBe(404)
    }
    const res = await put(`${proxy.url}/api/fal/upload/${'A'.repeat(43)}`, await pngBytes())
    expect(await message(res)).toBe('This upload URL is unknown or was already used (each works once). Upload the image again.')
    expect(fal.uploads).toHaveLength(0)
  })

  it('a used id is 404 the second time; fal got the bytes once', async () => {
    const { upload_url } = await initiate(ALICE)
    expect((await put(upload_url, await pngBytes())).status).toBe(200)
    const again = await put(upload_url, await pngBytes())
    expect(again.status).toBe(404)
    expect(fal.uploads).toHaveLength(1)
  })

  it('an id past its 5 minutes is 410, and nothing is forwarded', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const { upload_url } = await initiate(ALICE)
      vi.setSystemTime(Date.now() + UPLOAD_TTL_MS + 1000)
      const res = await put(upload_url, await pngBytes())
      expect(res.status).toBe(410)
      expect(await message(res)).toMatch(/expired \(they last 5 minutes\)/)
      expect(fal.uploads).toHaveLength(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it('the route cannot be used to guess tokens: an unknown id is 404 whatever the token, and never counts as a token check', async () => {
    const { upload_url } = await initiate(ALICE)
    const unknown = upload_url.replace(/[^/]+$/, 'A'.repeat(43))
    expect(unknown).not.toBe(upload_url)
    for (const token of ['not-a-token', ALICE, BOB]) {
      const res = await put(unknown, await pngBytes(), { 'content-type': 'image/png', authorization: `Bearer ${token}` })
      expect(res.status, token).toBe(404)
    }
    expect(fal.uploads).toHaveLength(0)
  })

  it("another teammate's token is refused (403) without using the id up; the owner's works after", async () => {
    const { upload_url } = await initiate(ALICE)
    const bob = await put(upload_url, await pngBytes(), { 'content-type': 'image/png', authorization: `Bearer ${BOB}` })
    expect(bob.status).toBe(403)
    expect(await message(bob)).toMatch(/started with another access token/)
    const wrong = await put(upload_url, await pngBytes(), { 'content-type': 'image/png', authorization: 'Bearer not-a-token' })
    expect(wrong.status).toBe(403)
    expect(fal.uploads).toHaveLength(0)
    const alice = await put(upload_url, await pngBytes(), { 'content-type': 'image/png', authorization: `Bearer ${ALICE}` })
    expect(alice.status).toBe(200)
    expect(fal.uploads).toHaveLength(1)
  })
})

describe('only images, only up to 10 MB', () => {
  it('a body that is not an image is 415, and nothing is forwarded', async () => {
    const { upload_url } = await initiate(ALICE)
    const res = await put(upload_url, 'hello, not a picture')
    expect(res.status).toBe(415)
    expect(await message(res)).toBe('The upload is labelled image/png but its bytes are not a PNG, JPEG, WebP or GIF image.')
    expect(fal.uploads).toHaveLength(0)
  })

  it('JPEG bytes labelled PNG are 415, and nothing is forwarded', async () => {
    const { upload_url } = await initiate(ALICE)
    const jpeg = await sharp({ create: { width: 320, height: 320, channels: 3, background: '#336699' } }).jpeg().toBuffer()
    const res = await put(upload_url, new Uint8Array(jpeg))
    expect(res.status).toBe(415)
    expect(await message(res)).toBe('The upload is labelled image/png but its bytes are image/jpeg. Send it with its real type.')
    expect(fal.uploads).toHaveLength(0)
  })

  it('a type other than the one initiate declared, or not an image type, is 415', async () => {
    const started = await initiate(ALICE)
    const asJpeg = await put(started.upload_url, await pngBytes(), { 'content-type': 'image/jpeg' })
    expect(asJpeg.status).toBe(415)
    expect(await message(asJpeg)).toMatch(/started as image\/png but sent as image\/jpeg/)
    const other = await initiate(ALICE)
    const asText = await put(other.upload_url, await pngBytes(), { 'content-type': 'text/plain' })
    expect(asText.status).toBe(415)
    expect(fal.uploads).toHaveLength(0)
  })

  it('an initiate for a non-image type is 415 and never reaches fal, from the real client too', async () => {
    const raw = await initiate(ALICE, 'application/pdf')
    expect(raw.status).toBe(415)
    expect(raw.message).toMatch(/^Only PNG, JPEG, WebP or GIF images can be uploaded through this proxy \(content_type "application\/pdf"\)/)
    const { client } = recordingClient(ALICE)
    await expect(client.storage.upload(new Blob(['%PDF-1.7'], { type: 'application/pdf' }))).rejects.toMatchObject({ status: 415 })
    expect(fal.calls).toHaveLength(0)
  })

  it('exactly 10 MB passes', async () => {
    const { client } = recordingClient(ALICE)
    const bytes = new Uint8Array(TEN_MB)
    bytes.set(PNG_SIGNATURE)
    await client.storage.upload(new Blob([bytes], { type: 'image/png' }))
    expect(fal.uploads).toHaveLength(1)
    expect(fal.uploads[0]!.bytes.length).toBe(TEN_MB)
  })

  it('one byte over 10 MB is 413 with a message the plugin can show, and nothing is forwarded', async () => {
    const { client } = recordingClient(ALICE)
    const bytes = new Uint8Array(TEN_MB + 1)
    bytes.set(PNG_SIGNATURE)
    await expect(client.storage.upload(new Blob([bytes], { type: 'image/png' }))).rejects.toMatchObject({
      status: 413,
      message: 'The image is larger than the 10 MB this proxy accepts per reference. Export the frame smaller and try again.'
    })
    expect(fal.uploads).toHaveLength(0)
  })

  it('a streamed body with no length is cut at 10 MB: 413, and fal never gets a byte past the limit', async () => {
    const { upload_url } = await initiate(ALICE)
    const chunk = 256 * 1024
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= TEN_MB + 4 * chunk) return controller.close()
        const part = new Uint8Array(chunk)
        if (sent === 0) part.set(PNG_SIGNATURE)
        sent += chunk
        controller.enqueue(part)
      }
    })
    const res = await put(upload_url, body)
    expect(res.status).toBe(413)
    // The rest of the body was never read, so the connection is not offered for reuse.
    expect(res.headers.get('connection')).toBe('close')
    expect(fal.uploads).toHaveLength(1)
    expect(fal.uploads[0]!.complete).toBe(false)
    expect(fal.uploads[0]!.bytes.length).toBeLessThanOrEqual(TEN_MB)
  })
})

describe('CORS for the upload route (the plugin iframe has a null origin)', () => {
  it('the preflight for a PUT with Content-Type is allowed, and answers and refusals are readable', async () => {
    const { upload_url } = await initiate(ALICE)
    const preflight = await fetch(upload_url, {
      method: 'OPTIONS',
      headers: { origin: 'null', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' }
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/\bPUT\b/)
    expect((preflight.headers.get('access-control-allow-headers') ?? '').split(', ')).toContain('content-type')

    const refused = await fetch(upload_url, { method: 'PUT', headers: { origin: 'null', 'content-type': 'image/png' }, body: 'nope' })
    expect(refused.status).toBe(415)
    expect(refused.headers.get('access-control-allow-origin')).toBe('*')
    const other = await initiate(ALICE)
    const ok = await fetch(other.upload_url, { method: 'PUT', headers: { origin: 'null', 'content-type': 'image/png' }, body: await pngBytes() })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('access-control-allow-origin')).toBe('*')
  })
})

describe("fal's side failing", () => {
  it('an initiate answer without a usable https upload_url is a 502, and no upload URL is handed out', async () => {
    for (const answer of [{ file_url: 'https://v3.fal.media/files/x/ref.png' }, { upload_url: 'http://v3.fal.media/upload/x', file_url: 'https://v3.fal.media/files/x/ref.png' }]) {
      fal.initiateAnswer = () => Response.json(answer)
      const res = await initiate(ALICE)
      expect(res.status).toBe(502)
      expect(res.message).toBe("fal's storage answered without an upload URL the proxy can use. Try again in a moment.")
      expect(res.upload_url).toBeUndefined()
    }
  })

  it("fal's storage refusing the bytes is a 502 that names its status; the key stays out of answers and logs", async () => {
    fal.uploadAnswer = () => new Response(`denied: Key ${FAL_KEY}`, { status: 403 })
    const { client, seen } = recordingClient(ALICE)
    await expect(client.storage.upload(await pngBlob(300, 300, [3, 3, 3]))).rejects.toMatchObject({
      status: 502,
      message: "fal's storage refused the upload (HTTP 403). Try again; if it keeps failing, the proxy's log has fal's answer."
    })
    expect(JSON.stringify(seen)).not.toContain(FAL_KEY)
    const logs = proxy.logs.join('\n')
    expect(logs).toContain("fal's storage refused an upload: HTTP 403 denied: Key [redacted]")
    expect(logs).not.toContain(FAL_KEY)
  })
})

/** A storage initiate sent with the Host header given, over a raw connection to the proxy's port. */
function rawInitiate(port: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/api/fal/proxy',
        method: 'POST',
        headers: { host, authorization: `Bearer ${ALICE}`, 'content-type': 'application/json', 'x-fal-target-url': INITIATE }
      },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      }
    )
    req.on('error', reject)
    req.end(JSON.stringify({ content_type: 'image/png', file_name: 'ref.png' }))
  })
}

describe('the address upload URLs name', () => {
  it('PUBLIC_URL, when set', async () => {
    const behind = await startTestProxy({ falKey: FAL_KEY, tokens: [ALICE], publicUrl: 'https://keyframe-proxy.example.com', upstreamFetch: (i, init) => fal.fetch(i, init) })
    try {
      const res = await callProxy(behind.proxyUrl, { token: ALICE, target: INITIATE, body: { content_type: 'image/png', file_name: 'ref.png' } })
      expect(((await res.json()) as { upload_url: string }).upload_url).toMatch(/^https:\/\/keyframe-proxy\.example\.com\/api\/fal\/upload\/[A-Za-z0-9_-]{43}$/)
    } finally {
      await behind.stop()
    }
  })

  it('without it, a proxy on loopback names itself http://localhost:<port>, whichever loopback name was sent', async () => {
    const { port } = new URL(proxy.url)
    for (const host of [`127.0.0.1:${port}`, `[::1]:${port}`, `LocalHost:${port}`]) {
      const answer = await rawInitiate(port, host)
      expect(answer.status, host).toBe(200)
      expect((JSON.parse(answer.body) as { upload_url: string }).upload_url, host).toMatch(new RegExp(`^http://localhost:${port}/api/fal/upload/[A-Za-z0-9_-]{43}$`))
    }
  })

  it('without it, a Host that is not one of the proxy\'s names is refused before fal is asked', async () => {
    const { port } = new URL(proxy.url)
    for (const host of [`uploads.attacker.example:${port}`, 'localhost:1', 'localhost']) {
      const answer = await rawInitiate(port, host)
      expect(answer.status, host).toBe(421)
      expect(answer.body, host).toContain(`was reached as ${host}, which is not one of its names (localhost:${port})`)
    }
    expect(fal.calls).toHaveLength(0)
  })
})
