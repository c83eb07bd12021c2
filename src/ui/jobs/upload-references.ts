// Turns the selected frames into URLs fal can fetch: export one frame at a time at a bounded size,
// check it against Kling's rules, and upload it unless the same bytes went to this proxy before.
import type { ReferenceSource } from '../../kling/compose'
import { checkReferenceImage } from '../../kling/reference-rules'
import type { ReferenceRole } from '../../kling/tokens'
import type { JobDeps } from './job-deps'
import { sha256Hex } from './sha256'

export interface ChosenReference {
  id: string
  name: string
  role: ReferenceRole
}

/** A problem the designer can fix; its message is shown as it is. */
export class InputError extends Error {
  override name = 'InputError'
}

export interface UploadStats {
  uploaded: number
  reused: number
  bytesSent: number
}

export async function uploadReferences(
  deps: JobDeps,
  references: readonly ChosenReference[],
  maxSide: number,
  /** Before each reference is exported, and before it is uploaded (not when the same bytes were sent before). */
  onStep: (step: 'exporting' | 'uploading', index: number, total: number) => void,
  isCancelled: () => boolean
): Promise<{ sources: ReferenceSource[]; stats: UploadStats }> {
  const sources: ReferenceSource[] = []
  const stats: UploadStats = { uploaded: 0, reused: 0, bytesSent: 0 }
  for (const [index, ref] of references.entries()) {
    if (isCancelled()) break
    onStep('exporting', index, references.length)
    const exported = await deps.main.exportReference({ nodeId: ref.id, maxSide })
    const problem = checkReferenceImage({
      name: ref.name,
      width: exported.width,
      height: exported.height,
      bytes: exported.bytes.byteLength
    })[0]
    if (problem) throw new InputError(`${problem.message} ${problem.fix}`)

    // fal URLs differ between proxies (offline and live), so the proxy is part of the key.
    const key = `${deps.proxyUrl}|${await sha256Hex(exported.bytes)}`
    let url = (await deps.main.lookupUploads([key]))[key]
    if (url === undefined) {
      onStep('uploading', index, references.length)
      url = await deps.fal.storage.upload(new Blob([exported.bytes as BlobPart], { type: exported.mimeType }))
      await deps.main.rememberUpload({ hash: key, url })
      stats.uploaded += 1
      stats.bytesSent += exported.bytes.byteLength
    } else {
      stats.reused += 1
    }
    sources.push({ id: ref.id, name: ref.name, role: ref.role, url })
  }
  return { sources, stats }
}
