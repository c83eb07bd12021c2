// The offline stand-in for fal's CDN never serves active content from the proxy's origin: an HTML, SVG
// or script upload is refused on the way in, a file kept from before (or stored under the wrong type) is
// served only as the image its bytes are, and every file goes out with nosniff and a sandbox CSP.
import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { callProxy, pngBlob, startTestProxy, type TestProxy } from './helpers'

const INITIATE = 'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3'
const HTML = '<!doctype html><script>fetch("/__offline/reset", { method: "POST" })</script>'
const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>'

const running: TestProxy[] = []
afterEach(async () => {
  while (running.length) await running.pop()!.stop()
})

async function start(dataDir?: string) {
  const proxy = await startTestProxy(dataDir ? { dataDir } : {})
  running.push(proxy)
  return proxy
}

async function initiate(proxy: TestProxy, contentType: string, fileName: string) {
  return callProxy(proxy.proxyUrl, { target: INITIATE, body: { content_type: contentType, file_name: fileName } })
}

/** A DATA_DIR holding files as an earlier proxy (before uploads were sniffed) could have left them. */
function dataDirWith(files: { bytes: Buffer; contentType: string; name: string }[]): { dataDir: string; ids: string[] } {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyframe-files-test-'))
  const root = join(dataDir, 'offline')
  mkdirSync(join(root, 'files'), { recursive: true })
  const ids = files.map(() => randomUUID())
  const index = files.map((f, i) => {
    writeFileSync(join(root, 'files', ids[i]!), f.bytes)
    return JSON.stringify({ id: ids[i], name: f.name, contentType: f.contentType, size: f.bytes.length, at: Date.now() })
  })
  writeFileSync(join(root, 'files.jsonl'), `${index.join('\n')}\n`)
  return { dataDir, ids }
}

describe('offline files are never served as active content', () => {
  it.each([
    ['text/html', 'page.html', HTML],
    ['image/svg+xml', 'icon.svg', SVG],
    ['text/javascript', 'app.js', 'alert(1)']
  ])('an upload started as %s is refused before any byte is stored', async (contentType, name) => {
    const proxy = await start()
    const res = await initiate(proxy, contentType, name)
    expect(res.status).toBe(415)
    expect(((await res.json()) as { message: string }).message).toMatch(/^Only PNG, JPEG, WebP or GIF images can be uploaded through this proxy/)
  })

  it.each([
    ['HTML', HTML],
    ['SVG', SVG]
  ])('%s bytes labelled as a PNG are refused (415), and the file URL serves nothing', async (_what, body) => {
    const proxy = await start()
    const { upload_url, file_url } = (await (await initiate(proxy, 'image/png', 'ref.png')).json()) as { upload_url: string; file_url: string }
    const put = await fetch(upload_url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body })
    expect(put.status).toBe(415)
    expect((await fetch(file_url)).status).toBe(404)
  })

  it('files kept from before are served only as the image their bytes are, with nosniff and a sandbox CSP', async () => {
    const png = Buffer.from(await (await pngBlob(320, 320, [10, 120, 200])).arrayBuffer())
    const { dataDir, ids } = dataDirWith([
      { bytes: Buffer.from(HTML), contentType: 'text/html', name: 'page.html' },
      { bytes: Buffer.from(SVG), contentType: 'image/svg+xml', name: 'icon.svg' },
      { bytes: png, contentType: 'text/html', name: 'ref.png' }
    ])
    const proxy = await start(dataDir)
    for (const [i, name] of [
      [0, 'page.html'],
      [1, 'icon.svg']
    ] as const) {
      for (const method of ['GET', 'HEAD']) {
        const res = await fetch(`${proxy.url}/__offline/files/${ids[i]}/${name}`, { method })
        expect(res.status, `${method} ${name}`).toBe(403)
        expect(res.headers.get('content-type')).toBe('application/json')
        if (method === 'GET') {
          const text = await res.text()
          expect(text).toBe(JSON.stringify({ detail: 'This file is not a PNG, JPEG, WebP or GIF image, so the proxy does not serve it.' }))
          expect(text).not.toContain('<script>')
        }
      }
    }
    const res = await fetch(`${proxy.url}/__offline/files/${ids[2]}/ref.png`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toBe('sandbox')
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true)
  })

  it('an uploaded reference, fetched as the plugin does (Origin null), carries them too, with CORS *', async () => {
    const proxy = await start()
    const png = Buffer.from(await (await pngBlob(320, 400, [200, 40, 90])).arrayBuffer())
    const { upload_url, file_url } = (await (await initiate(proxy, 'image/png', 'ref.png')).json()) as { upload_url: string; file_url: string }
    expect((await fetch(upload_url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: png })).status).toBe(200)
    const res = await fetch(file_url, { headers: { origin: 'null' } })
    expect(res.status).toBe(200)
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
      'access-control-allow-origin': '*'
    })
  })
})
