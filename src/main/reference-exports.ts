// The UI's two ways to get a reference frame's pixels. Each export is kept (ReferenceCache) and named by an id
// of its own; the UI, asking for an upload, passes the ids it already holds an upload for, and a kept export it
// holds is answered without its bytes (~0.9 MB for four 2K references, copied to the UI only to be hashed and
// found uploaded). The id dies with its export: after a change the frame is exported again, under a new id.
// An `@` frame whose face and angles are image fills answers with the fills' own images (fill-angles.ts).
import type { ExportedReference, HeldReference, MainApi } from '../messages'
import { exportReference } from './export-reference'
import { parseFillId, picturesFromFills, readFillImage } from './fill-angles'
import { ReferenceCache } from './reference-cache'
import { checkReferencePixels } from './reference-pixels'

type Api = Pick<MainApi, 'exportReference' | 'referenceForUpload'>

export function referenceExports(): { [M in keyof Api]: (args: Parameters<Api[M]>[0]) => Promise<ReturnType<Api[M]>> } {
  const exported = new ReferenceCache()
  let exportQueue: Promise<unknown> = Promise.resolve()
  // Ids from an earlier run of the plugin must never match this run's: a random prefix per run, then a count.
  const run = Math.floor(Math.random() * 36 ** 6).toString(36)
  let count = 0

  async function sceneNode(nodeId: string): Promise<SceneNode> {
    const node = await figma.getNodeByIdAsync(nodeId)
    if (!node || node.type === 'DOCUMENT' || node.type === 'PAGE') {
      throw new Error('A reference was deleted from the file. Select it again, or remove it from the references.')
    }
    return node as SceneNode
  }

  /** An image fill's picture, when the id names one or the frame's face is its first fill; else undefined. */
  async function fillPicture(nodeId: string, maxSide: number): Promise<ExportedReference | undefined> {
    const fill = parseFillId(nodeId)
    const scene = await sceneNode(fill?.nodeId ?? nodeId)
    if (!fill && !picturesFromFills(scene)) return undefined
    return readFillImage(scene, fill?.n ?? 1, maxSide)
  }

  async function reference(nodeId: string, maxSide: number): Promise<{ scene: SceneNode; settings: string; kept?: ExportedReference }> {
    const scene = await sceneNode(nodeId)
    const settings = String(maxSide)
    // Unchanged since its last export (Figma's change events say so): the same bytes, not exported again.
    const kept = exported.get(scene, settings)
    return { scene, settings, ...(kept && { kept }) }
  }

  function exportNow(scene: SceneNode, settings: string, maxSide: number): Promise<ExportedReference> {
    // Exports run one at a time (Figma's memory with several 2K exports at once); a kept answer never waits.
    const next = exportQueue.then(async () => {
      // Up to the pixels behind it (a panel's image layer: its image's own), and at least Kling's 300 px.
      const before = exported.begin(scene)
      const { maxScale } = await checkReferencePixels(scene, scene)
      const result: ExportedReference = { ...(await exportReference(scene, maxSide, maxScale)), exportId: `${run}-${++count}` }
      exported.store(scene, settings, before, result)
      return result
    })
    exportQueue = next.catch(() => undefined)
    return next
  }

  return {
    exportReference: async ({ nodeId, maxSide }) => {
      const picture = await fillPicture(nodeId, maxSide)
      if (picture) return picture
      const { scene, settings, kept } = await reference(nodeId, maxSide)
      return kept ?? exportNow(scene, settings, maxSide)
    },
    referenceForUpload: async ({ nodeId, maxSide, held }) => {
      // A fill's picture is read, not exported; its id names the image's content, so one the UI holds an
      // upload for is answered without bytes, as a kept export is.
      let kept = await fillPicture(nodeId, maxSide)
      if (!kept) {
        const found = await reference(nodeId, maxSide)
        if (!found.kept) return exportNow(found.scene, found.settings, maxSide)
        kept = found.kept
      }
      if (!held.includes(kept.exportId)) return kept
      const { bytes, ...described } = kept
      const answer: HeldReference = { ...described, held: true, byteLength: bytes.byteLength }
      return answer
    }
  }
}
