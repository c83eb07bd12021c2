// A reference the UI already uploaded is not sent to it again: the main thread names each export by an id, and
// answers a kept export the UI holds an upload for without its bytes. The real main thread and the UI's real
// upload path, with fal's storage counted.
import { describe, expect, test } from 'vitest'

import type { DocumentJson } from '../../src/host/figma'
import type { ExportedReference, HeldReference } from '../../src/messages'
import { HeldUploads } from '../../src/ui/jobs/held-uploads'
import type { JobDeps } from '../../src/ui/jobs/job-deps'
import { uploadReferences } from '../../src/ui/jobs/upload-references'
import { runMain } from '../host/run-main'
import { stillFrame } from './still-frame'

async function setup() {
  const document: DocumentJson = {
    children: [
      await stillFrame()
    ]
  }
  const run = await runMain({ document })
  const answers: Array<ExportedReference | HeldReference> = []
  const uploads: number[] = []
  const depsFor = (held: HeldUploads) =>
    ({
      proxyUrl: 'http://proxy',
      held,
      main: {
        // The real main thread's upload cache (clientStorage) behind the UI's hash look-up.
        lookupUploads: (hashes: string[]) => run.main.lookupUploads(hashes),
        rememberUpload: (args: { hash: string; url: string }) => run.main.rememberUpload(args),
        referenceForUpload: async (args: { nodeId: string; maxSide: number; held: string[] }) => {
          const answer = await run.main.referenceForUpload(args)
          answers.push(answer)
          return answer
        }
      },
      fal: {
        storage: {
          upload: async (blob: Blob) => {
            uploads.push(blob.size)
            return `https://files/${uploads.length}`
          }
        }
      }
    }) as unknown as JobDeps
  const refs = [{ id: '5:1', name: 'Still', role: 'image' as never }]
  const upload = (held: HeldUploads) => uploadReferences(depsFor(held), refs, 2048, () => {}, () => false)
  return { run, answers, uploads, upload, figma: run.host.figma }
}

describe('an export the UI holds an upload for', () => {
  test('is answered by its id, without bytes, and the upload is reused', async () => {
    const t = await setup()
    const held = new HeldUploads()
    const first = await t.upload(held)
    await t.run.host.idle()
    const again = await t.upload(held)
    expect(t.uploads).toHaveLength(1)
    expect(again.sources[0]!.url).toBe(first.sources[0]!.url)
    expect(again.stats).toMatchObject({ uploaded: 0, reused: 1 })
    const [sent, answered] = t.answers
    expect('bytes' in sent!).toBe(true)
    expect(answered).toMatchObject({ held: true, exportId: sent!.exportId, width: sent!.width, height: sent!.height })
    expect('bytes' in answered!).toBe(false)
    expect((answered as HeldReference).byteLength).toBe((sent as ExportedReference).bytes.byteLength)
  })

  test('after an edit inside the frame: bytes again, under a new id, and uploaded', async () => {
    const t = await setup()
    const held = new HeldUploads()
    await t.upload(held)
    await t.run.host.idle()
    await t.figma.loadFontAsync({ family: 'Inter', style: 'Regular' })
    ;((await t.figma.getNodeByIdAsync('5:3')) as TextNode).characters = 'Dusk'
    await t.run.host.idle()
    const again = await t.upload(held)
    const [sent, answered] = t.answers
    expect('bytes' in answered!).toBe(true)
    expect(answered!.exportId).not.toBe(sent!.exportId)
    expect(t.uploads).toHaveLength(2)
    expect(again.stats).toMatchObject({ uploaded: 1, reused: 0 })
  })

  test('a UI session without that upload gets the bytes, and finds the upload by their hash', async () => {
    const t = await setup()
    await t.upload(new HeldUploads())
    await t.run.host.idle()
    const fresh = await t.upload(new HeldUploads())
    expect('bytes' in t.answers[1]!).toBe(true)
    expect(t.uploads).toHaveLength(1)
    expect(fresh.stats).toMatchObject({ uploaded: 0, reused: 1 })
  })

  test('an id the main thread no longer keeps, or another proxy\'s upload, gets bytes', async () => {
    const t = await setup()
    const first = (await t.run.main.referenceForUpload({ nodeId: '5:1', maxSide: 2048, held: [] })) as ExportedReference
    expect(await t.run.main.referenceForUpload({ nodeId: '5:1', maxSide: 2048, held: ['other-1'] })).toHaveProperty('bytes')
    // Held under one proxy, asked for another: the main thread is not told the id.
    const held = new HeldUploads()
    held.remember('http://elsewhere', first.exportId, 'https://files/elsewhere')
    await t.upload(held)
    expect('bytes' in t.answers[0]!).toBe(true)
    // After a change, the id that named the old export no longer answers without bytes.
    ;((await t.figma.getNodeByIdAsync('5:2')) as RectangleNode).cornerRadius = 30
    await t.run.host.idle()
    expect(await t.run.main.referenceForUpload({ nodeId: '5:1', maxSide: 2048, held: [first.exportId] })).toHaveProperty('bytes')
  })
})
