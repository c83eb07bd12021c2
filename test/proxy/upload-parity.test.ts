// The offline stand-in must be no more lenient than live mode with reference uploads: the same cases get
// the same status and the same message in both, and what either refuses is neither stored nor forwarded.
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createFakeFal, type FakeFal } from './fake-fal'
import { callProxy, pngBlob, startTestProxy, type TestProxy, testToken } from './helpers'

const ALICE = testToken('alice-parity')
const BOB = testToken('bob-parity')
const INITIATE = 'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3'
const TEN_MB = 10 * 1024 * 1024

let offline: TestProxy
let live: TestProxy
let fal: FakeFal
let png: Uint8Array<ArrayBuffer>
let jpeg: Uint8Array<ArrayBuffer>

beforeAll(async () => {
  fal = createFakeFal()
  offline = await startTestProxy({ tokens: [ALICE, BOB] })
  live = await startTestProxy({ falKey: 'test-only-fal-key-parity', tokens: [ALICE, BOB], upstreamFetch: (i, init) => fal.fetch(i, init) })
  png = new Uint8Array(await (await pngBlob(320, 320, [20, 30, 40])).arrayBuffer())
  jpeg = new Uint8Array(await sharp({ create: { width: 320, height: 320, channels: 3, background: '#224466' } }).jpeg().toBuffer())
})
afterAll(async () => {
  await offline.stop()
  await live.stop()
})

interface Outcome {
  status: number
  message: string | undefined
}

async function outcome(res: Response): Promise<Outcome> {
  const text = await res.text()
  return { status: res.status, message: text ? (JSON.parse(text) as { message?: string }).message : undefined }
}

async function initiate(proxy: TestProxy, contentType = 'image/png'): Promise<{ res: Response; upload_url: string; file_url: string }> {
  const res = await callProxy(proxy.proxyUrl, { token: ALICE, target: INITIATE, body: { content_type: contentType, file_name: 'ref.png' } })
  const body = (await res.clone().json()) as { upload_url: string; file_url: string }
  return { res, ...body }
}

function put(url: string, body: BodyInit, headers: Record<string, string> = { 'content-type': 'image/png' }): Promise<Response> {
  return fetch(url, { method: 'PUT', headers, body })
}

/** Each case against one proxy; returns its outcome and the file URL fal (or the stand-in) would serve. */
const cases: Record<string, (proxy: TestProxy) => Promise<Outcome & { fileUrl?: string }>> = {
  'initiate for a PDF': async (p) => outcome((await initiate(p, 'application/pdf')).res),
  'text labelled PNG': async (p) => {
    const { upload_url, file_url } = await initiate(p)
    return { ...(await outcome(await put(upload_url, 'just text'))), fileUrl: file_url }
  },
  'JPEG bytes labelled PNG': async (p) => {
    const { upload_url, file_url } = await initiate(p)
    return { ...(await outcome(await put(upload_url, jpeg))), fileUrl: file_url }
  },
  'PNG started, sent as JPEG': async (p) => {
    const { upload_url, file_url } = await initiate(p)
    return { ...(await outcome(await put(upload_url, png, { 'content-type': 'image/jpeg' }))), fileUrl: file_url }
  },
  'one byte over 10 MB': async (p) => {
    const { upload_url, file_url } = await initiate(p)
    const big = new Uint8Array(TEN_MB + 1)
    big.set(png.subarray(0, 64))
    return { ...(await outcome(await put(upload_url, big))), fileUrl: file_url }
  },
  'an unknown id': async (p) => outcome(await put(`${p.url}/api/fal/upload/${'B'.repeat(43)}`, png)),
  "another teammate's token": async (p) => {
    const { upload_url, file_url } = await initiate(p)
    return { ...(await outcome(await put(upload_url, png, { 'content-type': 'image/png', authorization: `Bearer ${BOB}` }))), fileUrl: file_url }
  },
  'a PNG, then the same URL again': async (p) => {
    const { upload_url } = await initiate(p)
    const first = await outcome(await put(upload_url, png))
    const second = await outcome(await put(upload_url, png))
    return { status: first.status * 1000 + second.status, message: second.message }
  }
}

describe('offline and live answer uploads alike', () => {
  it('the same status and message for every case, and the statuses are the expected ones', async () => {
    const results: Record<string, { offline: Outcome; live: Outcome }> = {}
    for (const [name, run] of Object.entries(cases)) {
      const off = await run(offline)
      const on = await run(live)
      results[name] = { offline: { status: off.status, message: off.message }, live: { status: on.status, message: on.message } }
      // A refused offline upload is not served afterwards: nothing was stored.
      if (off.fileUrl && off.status !== 200) expect((await fetch(off.fileUrl)).status, name).toBe(404)
    }
    for (const [name, { offline: off, live: on }] of Object.entries(results)) expect(off, name).toEqual(on)
    expect(Object.fromEntries(Object.entries(results).map(([name, r]) => [name, r.live.status]))).toEqual({
      'initiate for a PDF': 415,
      'text labelled PNG': 415,
      'JPEG bytes labelled PNG': 415,
      'PNG started, sent as JPEG': 415,
      'one byte over 10 MB': 413,
      'an unknown id': 404,
      "another teammate's token": 403,
      'a PNG, then the same URL again': 200_404
    })
    // Live forwarded exactly one upload: the good PNG.
    expect(fal.uploads).toHaveLength(1)
    expect(Buffer.from(fal.uploads[0]!.bytes).equals(Buffer.from(png))).toBe(true)
  })

  it('both hand out upload URLs of one shape on the proxy itself', async () => {
    for (const proxy of [offline, live]) {
      const { upload_url } = await initiate(proxy)
      expect(upload_url).toMatch(new RegExp(`^${proxy.url}/api/fal/upload/[A-Za-z0-9_-]{43}$`))
    }
  })
})
