// Array limits through the real proxy: a submit with more elements (or references) than Kling takes is
// a 422 that names the limit, and nothing reaches fal (live) or the offline queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createFakeFal, type FakeFal } from './fake-fal'
import { callProxy, O3_I2I, O3_T2I, offlineRequests, QUEUE, startTestProxy, type TestProxy, testToken } from './helpers'

const FAL_KEY = 'test-only-fal-key-array-limits'
const TOKEN = testToken('carol-token-2d4e6f')
const ADMIN = testToken('admin-token-8c1a3e')
const url = 'https://example.com/face.png'

interface Detail {
  loc: (string | number)[]
  msg: string
}

let live: TestProxy
let offline: TestProxy
let fal: FakeFal

beforeAll(async () => {
  fal = createFakeFal()
  live = await startTestProxy({ falKey: FAL_KEY, tokens: [TOKEN], upstreamFetch: (i, init) => fal.fetch(i, init) })
  offline = await startTestProxy({ tokens: [TOKEN], adminTokens: [ADMIN] })
})
afterAll(async () => {
  await live.stop()
  await offline.stop()
})

async function submit(proxy: TestProxy, endpoint: string, body: unknown): Promise<{ status: number; detail: Detail[] }> {
  const res = await callProxy(proxy.proxyUrl, { token: TOKEN, target: `${QUEUE}/${endpoint}`, body })
  return { status: res.status, detail: ((await res.json()) as { detail: Detail[] }).detail }
}

describe('too many elements or references: 422 before anything is spent', () => {
  it('live: 150,000 empty elements are a 422 naming the limit, and fal is never called', async () => {
    const { status, detail } = await submit(live, O3_T2I, { prompt: 'x', elements: Array.from({ length: 150_000 }, () => ({})) })
    expect(status).toBe(422)
    expect(detail).toEqual([
      expect.objectContaining({ loc: ['body', 'elements'], msg: expect.stringMatching(/^150000 elements; Kling takes at most 10\. Remove 149990/) })
    ])
    expect(fal.calls).toHaveLength(0)
  })

  it('live: 11 elements are refused, 10 are forwarded (the limit is the edge, not below it)', async () => {
    const eleven = await submit(live, O3_T2I, { prompt: 'x', elements: Array(11).fill({ frontal_image_url: url }) })
    expect(eleven.status).toBe(422)
    expect(fal.calls).toHaveLength(0)
    const ten = await callProxy(live.proxyUrl, { token: TOKEN, target: `${QUEUE}/${O3_T2I}`, body: { prompt: 'x', elements: Array(10).fill({ frontal_image_url: url }) } })
    expect(ten.status).toBe(200)
    expect(fal.calls.map((c) => c.url)).toEqual([`${QUEUE}/${O3_T2I}`])
  })

  it('offline: reference images and elements over 10 together are a 422 and no job is queued', async () => {
    const { status, detail } = await submit(offline, O3_I2I, {
      prompt: 'x',
      image_urls: Array(5).fill(url),
      elements: Array(6).fill({ frontal_image_url: url, reference_image_urls: [url] })
    })
    expect(status).toBe(422)
    expect(detail).toEqual([
      expect.objectContaining({
        loc: ['body', 'elements'],
        msg: '5 reference images and 6 elements make 11 references; Kling takes at most 10 together. Remove 1 of them.'
      })
    ])
    const angles = await submit(offline, O3_T2I, { prompt: 'x', elements: [{ frontal_image_url: url, reference_image_urls: Array(4).fill(url) }] })
    expect(angles.status).toBe(422)
    expect(angles.detail[0]?.loc).toEqual(['body', 'elements', 0, 'reference_image_urls'])
    expect(await offlineRequests(offline.url, ADMIN)).toEqual([])
  })
})
