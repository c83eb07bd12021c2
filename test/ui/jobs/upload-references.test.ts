// Reference uploads overlap the next export, and still answer in the designer's order, with the first
// reference's problem reported and nothing uploaded after a failure.
import { describe, expect, test } from 'vitest'

import type { JobDeps } from '../../../src/ui/jobs/job-deps'
import { InputError, uploadReferences } from '../../../src/ui/jobs/upload-references'
import { UploadsInFlight } from '../../../src/ui/jobs/uploads-in-flight'
import { referenceReencodeSize } from '../../../src/ui/normalise-image'
import { makeImage } from '../../host/helpers'
import { runMain } from '../../host/run-main'

function fakeDeps(sizes: Record<string, number>) {
  const log: string[] = []
  const uploaded = new Map<string, string>()
  let release: (() => void) | undefined
  const deps = {
    proxyUrl: 'http://proxy',
    main: {
      referenceForUpload: async ({ nodeId }: { nodeId: string }) => {
        log.push(`export ${nodeId}`)
        await new Promise((r) => setTimeout(r, 1))
        const side = sizes[nodeId]!
        return { nodeId, name: nodeId, bytes: new TextEncoder().encode(`pixels of ${nodeId}`), mimeType: 'image/jpeg', width: side, height: side, exportId: `x-${nodeId}` }
      },
      lookupUploads: async (keys: string[]) => Object.fromEntries(keys.filter((k) => uploaded.has(k)).map((k) => [k, uploaded.get(k)!])),
      rememberUpload: async ({ hash, url }: { hash: string; url: string }) => void uploaded.set(hash, url)
    },
    fal: {
      storage: {
        upload: async (blob: Blob) => {
          const text = await blob.text()
          log.push(`upload start ${text}`)
          // The first upload waits until the test lets it go: the next export must not wait for it.
          if (text.endsWith('a')) await new Promise<void>((r) => (release = r))
          log.push(`upload end ${text}`)
          return `https://files/${text.replace(/ /g, '_')}`
        }
      }
    }
  }
  return { deps: deps as unknown as JobDeps, log, release: () => release?.() }
}

const refs = (ids: string[]) => ids.map((id) => ({ id, name: id, role: 'image' as never }))

describe('uploadReferences', () => {
  test('the exports run while the first reference uploads; sources keep the chosen order', async () => {
    const { deps, log, release } = fakeDeps({ a: 1000, b: 1000, c: 1000 })
    const done = uploadReferences(deps, refs(['a', 'b', 'c']), 2048, () => {}, () => false)
    // b and c are exported (and b uploaded) while a's upload is still held.
    await expect.poll(() => log.includes('upload start pixels of a') && log.includes('export c') && log.includes('upload end pixels of b')).toBe(true)
    expect(log).not.toContain('upload end pixels of a')
    release()
    const { sources, stats } = await done
    expect(sources.map((s) => s.id)).toEqual(['a', 'b', 'c'])
    expect(sources[0]!.url).toBe('https://files/pixels_of_a')
    expect(stats).toMatchObject({ uploaded: 3, reused: 0 })
    // All asked at once, in order (the main thread runs them one at a time).
    expect(log.filter((l) => l.startsWith('export'))).toEqual(['export a', 'export b', 'export c'])
  })

  test('a reference Kling refuses fails the job with its own message, and later ones are not uploaded', async () => {
    const { deps, log } = fakeDeps({ x: 1000, tiny: 10, z: 1000 })
    await expect(uploadReferences(deps, refs(['tiny', 'z']), 2048, () => {}, () => false)).rejects.toThrow(InputError)
    await expect(uploadReferences(deps, refs(['tiny', 'z']), 2048, () => {}, () => false)).rejects.toThrow(/tiny/)
    expect(log.some((l) => l.includes('upload start pixels of z'))).toBe(false)
  })

  test('a repeat finds every reference uploaded and sends nothing', async () => {
    const { deps, log, release } = fakeDeps({ a: 1000, b: 1000 })
    const first = uploadReferences(deps, refs(['a', 'b']), 2048, () => {}, () => false)
    await expect.poll(() => log.includes('upload start pixels of a')).toBe(true)
    release()
    await first
    const uploads = log.filter((l) => l.startsWith('upload start')).length
    const { stats } = await uploadReferences(deps, refs(['a', 'b']), 2048, () => {}, () => false)
    expect(stats).toMatchObject({ uploaded: 0, reused: 2 })
    expect(log.filter((l) => l.startsWith('upload start')).length).toBe(uploads)
  })
})

describe('uploadReferences with a cast member’s angles', () => {
  test('the angle frames are uploaded after their element and ride on it as its extra images', async () => {
    const { deps, log } = fakeDeps({ m: 1000, ines: 1000, i1: 1000, i2: 1000, z: 1000 })
    const chosen = [
      { id: 'm', name: 'Harbour', role: 'image' as const },
      { id: 'ines', name: '@Ines', role: 'element' as const, fromCast: true, angleIds: ['i1', 'i2'] },
      { id: 'z', name: '@Zed', role: 'element' as const }
    ]
    const { sources } = await uploadReferences(deps, chosen, 2048, () => {}, () => false)
    expect(sources).toEqual([
      { id: 'm', name: 'Harbour', role: 'image', url: 'https://files/pixels_of_m' },
      { id: 'ines', name: '@Ines', role: 'element', url: 'https://files/pixels_of_ines', fromCast: true, angleUrls: ['https://files/pixels_of_i1', 'https://files/pixels_of_i2'] },
      { id: 'z', name: '@Zed', role: 'element', url: 'https://files/pixels_of_z' }
    ])
    expect(log.filter((l) => l.startsWith('export'))).toEqual(['export m', 'export ines', 'export i1', 'export i2', 'export z'])
  })

  test('an angle Kling refuses fails the job naming the angle and its member', async () => {
    const { deps } = fakeDeps({ ines: 1000, i1: 10 })
    await expect(uploadReferences(deps, [{ id: 'ines', name: '@Ines', role: 'element', angleIds: ['i1'] }], 2048, () => {}, () => false)).rejects.toThrow(/@Ines angle 1/)
  })
})

describe('uploadReferences with angles that are image fills (the real main thread)', () => {
  async function setup(sizes: [number, number][]) {
    const colors = [{ r: 220, g: 0, b: 0 }, { r: 0, g: 180, b: 0 }, { r: 0, g: 0, b: 220 }]
    const bytes = await Promise.all(sizes.map(([w, h], i) => makeImage(w, h, 'png', colors[i]!)))
    const run = await runMain({
      document: { pages: [{ id: 'p1', name: 'Cast', children: [{ type: 'FRAME', id: '1:1', name: '@Theo', x: 0, y: 0, width: 400, height: 500, fills: bytes.map((image) => ({ type: 'IMAGE' as const, image })) }] }] }
    })
    const uploaded: Uint8Array[] = []
    const deps = {
      proxyUrl: 'http://proxy',
      main: {
        referenceForUpload: (args: { nodeId: string; maxSide: number; held: string[] }) => run.main.referenceForUpload(args),
        lookupUploads: (hashes: string[]) => run.main.lookupUploads(hashes),
        rememberUpload: (args: { hash: string; url: string }) => run.main.rememberUpload(args)
      },
      fal: { storage: { upload: async (blob: Blob) => (uploaded.push(new Uint8Array(await blob.arrayBuffer())), `https://files/${uploaded.length}`) } }
    } as unknown as JobDeps
    // The cast index is built once the UI says it is ready.
    const cast = run.next('CAST_CHANGED')
    run.emit('UI_READY')
    await cast
    const [theo] = await run.call('castReferences', { names: ['Theo'] })
    const chosen = [{ id: '1:1', name: '@Theo', role: 'element' as const, fromCast: true, angleIds: theo!.angles.map((a) => a.id) }]
    return { bytes, uploaded, upload: () => uploadReferences(deps, chosen, 2048, () => {}, () => false) }
  }

  test('the face is fill 1, fills 2 and 3 ride on it as its extra images, each its own bytes', async () => {
    const t = await setup([[400, 500], [400, 500], [500, 400]])
    const { sources } = await t.upload()
    expect(sources).toEqual([{ id: '1:1', name: '@Theo', role: 'element', fromCast: true, url: 'https://files/1', angleUrls: ['https://files/2', 'https://files/3'] }])
    // Each fill's own bytes, once each (uploads may finish in any order).
    const byContent = (xs: Uint8Array[]) => xs.map((x) => [...x].join(',')).sort()
    expect(byContent(t.uploaded)).toEqual(byContent(t.bytes))
  })

  test('a fill Kling refuses fails the job naming the fill, and nothing after it is uploaded', async () => {
    const t = await setup([[400, 500], [200, 200], [400, 500]])
    await expect(t.upload()).rejects.toThrow('"@Theo, image fill 2" is 200×200 px; Kling needs at least 300 px on each side.')
    expect(t.uploaded.length).toBeLessThanOrEqual(1)
  })
})

describe('referenceReencodeSize: an image fill sent as it is, or drawn smaller', () => {
  test('PNG or JPEG within the size and byte limits is sent untouched; larger, GIF or too heavy is drawn to fit', async () => {
    expect(referenceReencodeSize(await makeImage(800, 600, 'png'), 1024, 10_000_000)).toBeUndefined()
    expect(referenceReencodeSize(await makeImage(800, 600, 'jpeg'), 1024, 10_000_000)).toBeUndefined()
    expect(referenceReencodeSize(await makeImage(2000, 1000, 'png'), 1024, 10_000_000)).toEqual({ width: 1024, height: 512 })
    // Never enlarged: a GIF is only re-encoded, at its own size.
    expect(referenceReencodeSize(await makeImage(400, 300, 'gif'), 1024, 10_000_000)).toEqual({ width: 400, height: 300 })
    const png = await makeImage(800, 600, 'png')
    expect(referenceReencodeSize(png, 1024, png.byteLength - 1)).toEqual({ width: 800, height: 600 })
  })
})

describe('uploads shared while in flight', () => {
  /** The fake's storage, counting uploads; `fail` makes the next one fail. */
  function sharingDeps(sizes: Record<string, number>) {
    const made = fakeDeps(sizes)
    const uploadsInFlight = new UploadsInFlight()
    let uploads = 0
    let fail: Error | undefined
    const storage = {
      upload: async (blob: Blob) => {
        uploads += 1
        const text = await blob.text()
        // Held a moment, so every job asks while the first upload is still running.
        await new Promise((r) => setTimeout(r, 20))
        if (fail) throw fail
        return `https://files/${text.replace(/ /g, '_')}`
      }
    }
    const deps = { ...made.deps, uploadsInFlight, fal: { storage } } as unknown as JobDeps
    return { deps, uploads: () => uploads, failNext: (error: Error | undefined) => (fail = error) }
  }

  test('three jobs started together with the same references upload each image once, and all get its URL', async () => {
    const { deps, uploads } = sharingDeps({ a: 1000, b: 1000 })
    const steps: string[][] = [[], [], []]
    const results = await Promise.all(
      steps.map((log) => uploadReferences(deps, refs(['a', 'b']), 2048, (step, i) => log.push(`${step} ${i}`), () => false))
    )
    expect(uploads()).toBe(2)
    for (const { sources } of results) expect(sources.map((s) => s.url)).toEqual(['https://files/pixels_of_a', 'https://files/pixels_of_b'])
    // Each image's bytes were sent by one job (which one depends on who asked first); the others waited
    // for it, and say so as uploading.
    expect(results.reduce((n, r) => n + r.stats.uploaded, 0)).toBe(2)
    for (const log of steps) expect(log).toContain('uploading 0')
    // Once ended, the cache answers: nothing more is sent.
    await uploadReferences(deps, refs(['a', 'b']), 2048, () => {}, () => false)
    expect(uploads()).toBe(2)
  })

  test('a shared upload that fails fails every waiting job with the same error, and the next try uploads afresh', async () => {
    const { deps, uploads, failNext } = sharingDeps({ a: 1000 })
    failNext(new Error('The proxy could not be reached. Check the proxy address in Settings.'))
    const tries = await Promise.allSettled([1, 2, 3].map(() => uploadReferences(deps, refs(['a']), 2048, () => {}, () => false)))
    expect(uploads()).toBe(1)
    const reasons = tries.map((t) => (t.status === 'rejected' ? (t.reason as Error).message : 'fulfilled'))
    expect(reasons).toEqual(Array(3).fill('The proxy could not be reached. Check the proxy address in Settings.'))
    // Not kept: the retry sends the bytes again, and succeeds.
    failNext(undefined)
    const { sources, stats } = await uploadReferences(deps, refs(['a']), 2048, () => {}, () => false)
    expect(uploads()).toBe(2)
    expect(stats.uploaded).toBe(1)
    expect(sources[0]!.url).toBe('https://files/pixels_of_a')
  })
})
