// Offline storage (initiate, PUT, GET) and the catalog's 422s, through the real client and raw calls.
import { ValidationError } from '@fal-ai/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { offlineRequests } from '../../src/dev/offline-control'
import { callProxy, falClientFor, fetchBytes, O3_I2I, O3_T2I, pngBlob, startTestProxy, type TestProxy, V3_I2I, V3_T2I } from './helpers'

const INITIATE = 'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3'

let proxy: TestProxy

beforeAll(async () => {
  proxy = await startTestProxy({ maxUploadBytes: 64 * 1024 })
})
afterAll(() => proxy.stop())

describe('offline storage', () => {
  it('storage.upload round trip: the file URL serves the same bytes and type, with CORS *', async () => {
    const fal = falClientFor(proxy.proxyUrl)
    const blob = await pngBlob(320, 400, [10, 200, 30])
    const url = await fal.storage.upload(blob)
    expect(url.startsWith(`${proxy.url}/__offline/files/`)).toBe(true)
    const res = await fetch(url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(await blob.arrayBuffer()))).toBe(true)
  })

  it('a loopback proxy names itself localhost in upload URLs (the name the manifest allows), whatever loopback Host was used', async () => {
    const res = await callProxy(proxy.proxyUrl.replace('localhost', '127.0.0.1'), {
      target: INITIATE,
      body: { content_type: 'image/png', file_name: 'ref one.png' }
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { upload_url: string; file_url: string }
    // The same upload route as live mode, so both modes answer in one shape.
    expect(body.upload_url).toMatch(new RegExp(`^${proxy.url}/api/fal/upload/[A-Za-z0-9_-]{43}$`))
    expect(proxy.url).toMatch(/^http:\/\/localhost:\d+$/)
    expect(body.file_url).toMatch(/\/__offline\/files\/[0-9a-f-]{36}\/ref_one\.png$/)
    // Not uploaded yet: nothing to serve.
    expect((await fetch(body.file_url)).status).toBe(404)
  })

  it('an upload URL works once; unknown upload URLs and file ids are 404', async () => {
    const png = Buffer.from(await (await pngBlob(320, 320, [1, 2, 3])).arrayBuffer())
    const res = await callProxy(proxy.proxyUrl, { target: INITIATE, body: { content_type: 'image/png', file_name: 'a.png' } })
    const { upload_url, file_url } = (await res.json()) as { upload_url: string; file_url: string }
    const put = (body: Buffer) => fetch(upload_url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(body) })
    expect((await put(png)).status).toBe(200)
    expect((await fetchBytes(file_url)).equals(png)).toBe(true)
    expect((await put(png)).status).toBe(404)
    expect((await fetchBytes(file_url)).equals(png)).toBe(true)
    expect((await fetch(file_url.replace(/files\/[0-9a-f-]{36}/, 'files/00000000-0000-4000-8000-000000000000'))).status).toBe(404)
  })

  it('an upload over the size limit is refused with 413 and not served', async () => {
    const res = await callProxy(proxy.proxyUrl, { target: INITIATE, body: { content_type: 'image/png', file_name: 'big.png' } })
    const { upload_url, file_url } = (await res.json()) as { upload_url: string; file_url: string }
    const big = new Uint8Array(65 * 1024)
    big.set(Buffer.from(await (await pngBlob(320, 320, [1, 2, 3])).arrayBuffer()).subarray(0, 8))
    const put = await fetch(upload_url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: big })
    expect(put.status).toBe(413)
    expect(((await put.json()) as { message: string }).message).toMatch(/larger than the 65536 bytes this proxy accepts/)
    expect((await fetch(file_url)).status).toBe(404)
  })

  it('the storage route accepts only initiate on rest.fal.ai', async () => {
    for (const target of [
      'https://rest.fal.ai/storage/upload/initiate-multipart?storage_type=fal-cdn-v3',
      'https://rest.fal.ai/storage/upload/initiate',
      'https://rest.fal.ai/tokens/'
    ]) {
      const res = await callProxy(proxy.proxyUrl, { target, body: { content_type: 'image/png', file_name: 'x.png' } })
      expect(res.status, target).toBe(403)
    }
  })
})

describe('validation with the catalog schemas (422 in fal\'s shape)', () => {
  const cases: { name: string; endpoint: string; input: Record<string, unknown>; loc: (string | number)[] }[] = [
    { name: 'empty prompt', endpoint: O3_T2I, input: { prompt: '' }, loc: ['body', 'prompt'] },
    { name: 'missing prompt', endpoint: V3_T2I, input: {}, loc: ['body', 'prompt'] },
    { name: 'prompt over 2500 characters', endpoint: O3_T2I, input: { prompt: 'x'.repeat(2501) }, loc: ['body', 'prompt'] },
    { name: '4K on V3', endpoint: V3_T2I, input: { prompt: 'p', resolution: '4K' }, loc: ['body', 'resolution'] },
    { name: 'series on V3 (unknown field)', endpoint: V3_T2I, input: { prompt: 'p', result_type: 'series' }, loc: ['body'] },
    { name: 'series_amount 10', endpoint: O3_T2I, input: { prompt: 'p', result_type: 'series', series_amount: 10 }, loc: ['body', 'series_amount'] },
    { name: 'num_images 0', endpoint: O3_T2I, input: { prompt: 'p', num_images: 0 }, loc: ['body', 'num_images'] },
    { name: 'auto ratio on text-to-image', endpoint: O3_T2I, input: { prompt: 'p', aspect_ratio: 'auto' }, loc: ['body', 'aspect_ratio'] },
    { name: 'gif output', endpoint: O3_T2I, input: { prompt: 'p', output_format: 'gif' }, loc: ['body', 'output_format'] },
    { name: 'V3 image-to-image without image_url', endpoint: V3_I2I, input: { prompt: 'p' }, loc: ['body', 'image_url'] },
    { name: 'O3 image-to-image with 11 images', endpoint: O3_I2I, input: { prompt: 'p', image_urls: Array(11).fill('https://x/y.png') }, loc: ['body', 'image_urls'] },
    { name: 'element with image_url (the guide\'s mistake)', endpoint: O3_T2I, input: { prompt: 'p', elements: [{ image_url: 'https://x/y.png' }] }, loc: ['body', 'elements', 0] },
    { name: 'negative_prompt on O3', endpoint: O3_T2I, input: { prompt: 'p', negative_prompt: 'blur' }, loc: ['body'] }
  ]

  for (const c of cases) {
    it(`${c.name}: ValidationError with loc ${JSON.stringify(c.loc)}`, async () => {
      const fal = falClientFor(proxy.proxyUrl)
      const error = await fal.queue.submit(c.endpoint, { input: c.input }).then(
        () => undefined,
        (e: unknown) => e
      )
      expect(error).toBeInstanceOf(ValidationError)
      const v = error as ValidationError
      expect(v.status).toBe(422)
      expect(v.fieldErrors.length).toBeGreaterThan(0)
      for (const d of v.fieldErrors) {
        expect(typeof d.msg).toBe('string')
        expect(typeof d.type).toBe('string')
      }
      // The field is named exactly (an unknown field is reported on the body itself, as FastAPI does).
      const named = (d: { loc: (string | number)[] }) =>
        c.loc.length === 1 ? d.loc.length === 1 && d.loc[0] === 'body' : c.loc.every((part, i) => d.loc[i] === part)
      expect(v.fieldErrors.some(named), JSON.stringify(v.fieldErrors)).toBe(true)
    })
  }

  it('a body that is not JSON is a 422 too, and nothing invalid is queued', async () => {
    const res = await callProxy(proxy.proxyUrl, { target: `https://queue.fal.run/${O3_T2I}`, body: '{"prompt": ' })
    expect(res.status).toBe(422)
    expect(await res.json()).toEqual({ detail: [{ loc: ['body'], msg: expect.any(String), type: 'json_invalid' }], keyframe_charge: 'none' })
    const listed = { requests: await offlineRequests(proxy.url) }
    expect(listed.requests).toHaveLength(0)
  })

  it('a JSON body over the limit is a 413', async () => {
    const res = await callProxy(proxy.proxyUrl, { target: `https://queue.fal.run/${O3_T2I}`, body: { prompt: 'x'.repeat(1024 * 1024 + 10) } })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { message: string }).message).toMatch(/larger than/)
  })
})
