// "The proxy restarted mid-job": an offline proxy started again on the same DATA_DIR (here on a new port,
// which the client follows) still answers status, result and cancel for jobs it accepted before, serves
// the files it handed out, and renders again what was lost. Driven with the real @fal-ai/client.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import {
  fetchBytes,
  followingFalClient,
  O3_I2I,
  O3_T2I,
  offlineRequests,
  pngBlob,
  sleep,
  startTestProxy,
  type TestProxy
} from './helpers'

type Images = { images: { url: string; width: number; height: number }[] }

let dataDir: string
let proxy: TestProxy | undefined
// Where the proxy is now; while it restarts, the old (closed) address, which refuses connections.
let currentUrl = ''

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'keyframe-offline-restart-'))
})
afterEach(async () => {
  await proxy?.stop(true)
  proxy = undefined
  rmSync(dataDir, { recursive: true, force: true })
})

async function start(latencyMs: number): Promise<TestProxy> {
  proxy = await startTestProxy({ dataDir, offlineLatencyMs: latencyMs })
  currentUrl = proxy.proxyUrl
  return proxy
}

async function restart(latencyMs: number): Promise<TestProxy> {
  const old = proxy!
  proxy = undefined
  await old.stop(true)
  return start(latencyMs)
}

const client = () => followingFalClient(() => currentUrl)

describe('offline jobs survive a proxy restart', () => {
  it('submitted before, finished after: status and result come from the new server, with its URLs', async () => {
    const first = await start(1500)
    const fal = client()
    const { request_id: requestId } = await fal.queue.submit(O3_T2I, { input: { prompt: 'across a restart', aspect_ratio: '16:9' } })
    // Not done yet when the proxy goes away (queued or running, depending on how busy the machine is).
    expect((await fal.queue.status(O3_T2I, { requestId })).status).not.toBe('COMPLETED')

    const second = await restart(1500)
    expect(second.url).not.toBe(first.url)
    await fal.queue.subscribeToStatus(O3_T2I, { requestId, pollInterval: 50 })
    const result = await fal.queue.result(O3_T2I, { requestId })
    const image = (result.data as Images).images[0]!
    expect(image.url.startsWith(`${second.url}/__offline/files/`)).toBe(true)
    const meta = await sharp(await fetchBytes(image.url)).metadata()
    expect([meta.width, meta.height]).toEqual([image.width, image.height])
    expect((await offlineRequests(second.url)).map((r) => r.request_id)).toEqual([requestId])
  })

  it('a subscribe that is polling when the proxy restarts ends with its images', async () => {
    await start(800)
    const fal = client()
    const running = fal.subscribe(O3_T2I, { input: { prompt: 'polling through a restart', num_images: 2 }, pollInterval: 50 })
    await sleep(200)
    await restart(800)
    const result = await running
    expect((result.data as Images).images).toHaveLength(2)
    for (const image of (result.data as Images).images) expect(image.url.startsWith(proxy!.url)).toBe(true)
  })

  it('cancel works after a restart, and a cancelled job stays cancelled through the next', async () => {
    await start(5000)
    const fal = client()
    const { request_id: requestId } = await fal.queue.submit(O3_T2I, { input: { prompt: 'cancel me later' } })
    await restart(5000)
    await fal.queue.cancel(O3_T2I, { requestId })
    await restart(5000)
    const status = await fal.queue.status(O3_T2I, { requestId })
    expect(status).toMatchObject({ status: 'COMPLETED', error_type: 'request_cancelled' })
    await expect(fal.queue.result(O3_T2I, { requestId })).rejects.toMatchObject({ status: 400 })
  })

  it('uploaded references and rendered images are still served; lost renders are drawn again', async () => {
    await start(100)
    const fal = client()
    const ref = await fal.storage.upload(await pngBlob(400, 300, [220, 30, 30]))
    const done = await fal.subscribe(O3_I2I, { input: { prompt: 'with @Image1', image_urls: [ref] }, pollInterval: 30 })
    const before = (done.data as Images).images[0]!
    const beforeBytes = await fetchBytes(before.url)

    const second = await restart(100)
    // Same file, now on the new server's origin.
    const path = new URL(before.url).pathname
    expect((await fetchBytes(`${second.url}${path}`)).equals(beforeBytes)).toBe(true)
    expect((await fetchBytes(`${second.url}${new URL(ref).pathname}`)).length).toBeGreaterThan(0)

    // Rendered files lost (disk cleaned) but the upload kept: the result is rendered again from the job.
    const files = join(dataDir, 'offline', 'files')
    const uploadId = new URL(ref).pathname.split('/')[3]
    proxy = undefined
    await second.stop(true)
    for (const name of readdirSync(files)) if (name !== uploadId) rmSync(join(files, name))
    await start(100)
    const again = await fal.queue.result(O3_I2I, { requestId: done.requestId })
    const redrawn = (again.data as Images).images[0]!
    expect(new URL(redrawn.url).pathname).not.toBe(path)
    const meta = await sharp(await fetchBytes(redrawn.url)).metadata()
    expect([meta.width, meta.height]).toEqual([before.width, before.height])
  })
})
