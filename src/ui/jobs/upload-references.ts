// Turns the selected frames into URLs fal can fetch: export each frame at a bounded size (the main thread
// exports one at a time; the UI hashes and uploads one while the next exports),
// check it against Kling's rules, and upload it unless the same bytes went to this proxy before (or are going
// now, for another job: uploads-in-flight.ts).
import type { ReferenceSource } from '../../kling/compose'
import { checkReferenceImage, MAX_REFERENCE_BYTES } from '../../kling/reference-rules'
import type { ExportedReference } from '../../messages'
import { normaliseReference } from '../normalise-image'
import type { ReferenceRole } from '../../kling/tokens'
import type { JobDeps } from './job-deps'
import { sha256Hex } from './sha256'

export interface ChosenReference {
  id: string
  name: string
  role: ReferenceRole
  /** An element's angles ("angle 1…" frames, then image fills), uploaded with it as its extra images. */
  angleIds?: readonly string[]
  /** A cast member the prompt mentions, not a selected frame. */
  fromCast?: boolean
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

/**
 * Each reference, and each element's angle frames after it, exported and uploaded as one list (one at a time
 * through the main thread, as any frame); the angles' URLs then ride on their element as `angleUrls`.
 */
export async function uploadReferences(
  deps: JobDeps,
  references: readonly ChosenReference[],
  maxSide: number,
  onStep: (step: 'exporting' | 'uploading', index: number, total: number) => void,
  isCancelled: () => boolean
): Promise<{ sources: ReferenceSource[]; stats: UploadStats }> {
  const flat: { ref: ChosenReference; owner: number }[] = []
  references.forEach((ref, owner) => {
    flat.push({ ref, owner })
    ;(ref.angleIds ?? []).forEach((id, i) => flat.push({ ref: { id, name: `${ref.name} angle ${i + 1}`, role: ref.role }, owner }))
  })
  if (flat.length === references.length) return uploadEach(deps, references, maxSide, onStep, isCancelled)
  const { sources: uploaded, stats } = await uploadEach(deps, flat.map((f) => f.ref), maxSide, onStep, isCancelled)
  const sources: ReferenceSource[] = []
  for (const [i, source] of uploaded.entries()) {
    const { ref, owner } = flat[i]!
    const original = references[owner]!
    if (ref === original) {
      sources.push({ ...source, ...(original.fromCast && { fromCast: true }) })
      continue
    }
    const element = sources[sources.length - 1]!
    element.angleUrls = [...(element.angleUrls ?? []), source.url]
  }
  // Cancelled part-way through an element's angles: that element is left out, not sent with fewer angles.
  const complete = sources.filter((s, i) => (s.angleUrls?.length ?? 0) === (references[i]?.angleIds?.length ?? 0))
  return { sources: complete, stats }
}

async function uploadEach(
  deps: JobDeps,
  references: readonly ChosenReference[],
  maxSide: number,
  /** Before each reference is exported, and before it is uploaded (not when the same bytes were sent before). */
  onStep: (step: 'exporting' | 'uploading', index: number, total: number) => void,
  isCancelled: () => boolean
): Promise<{ sources: ReferenceSource[]; stats: UploadStats }> {
  const stats: UploadStats = { uploaded: 0, reused: 0, bytesSent: 0 }
  let failed = false
  // All asked at once: the main thread exports them one at a time and answers an unchanged frame from its last
  // export without waiting. Each reference's hashing and upload runs while the next one exports, so the
  // network overlaps the exports instead of following them.
  if (isCancelled()) return { sources: [], stats }
  // Exports this session already uploaded are answered without their bytes (the main thread knows them by id).
  const held = deps.held?.uploads(deps.proxyUrl) ?? new Map<string, string>()
  const asked = references.map((ref) => deps.main.referenceForUpload({ nodeId: ref.id, maxSide, held: [...held.keys()] }))
  // Progress names the reference being exported: the next one once the previous has arrived.
  let finished = false
  let previous: Promise<unknown> = Promise.resolve()
  for (const [index, promise] of asked.entries()) {
    void previous.then(() => {
      if (!finished && !failed && !isCancelled()) onStep('exporting', index, references.length)
    })
    previous = promise.then(
      () => undefined,
      () => undefined
    )
  }
  const tasks = references.map((ref, index) => {
    return asked[index]!.then(async (answer) => {
      if (isCancelled() || failed) return undefined
      const reference = 'held' in answer ? answer : await asExport(answer, maxSide)
      // An image fill is named as the designer finds it ("@Ines, image fill 2"), not by its frame alone.
      const problem = checkReferenceImage({
        name: reference.fromImageFill ? reference.name : ref.name,
        width: reference.width,
        height: reference.height,
        bytes: 'held' in reference ? reference.byteLength : reference.bytes.byteLength
      })[0]
      if (problem) throw new InputError(`${problem.message} ${problem.fix}`)

      if ('held' in reference) {
        // The same export this session uploaded: the URL it got then (taken when asking, so never evicted since).
        const url = held.get(reference.exportId)
        if (url === undefined) throw new Error(`The main thread left out the bytes of "${ref.name}", an export this session holds no upload for. Generate again.`)
        stats.reused += 1
        const source: ReferenceSource = { id: ref.id, name: ref.name, role: ref.role, url }
        return source
      }
      // fal URLs differ between proxies (offline and live), so the proxy is part of the key.
      const key = `${deps.proxyUrl}|${await sha256Hex(reference.bytes)}`
      if (isCancelled() || failed) return undefined
      const { url, uploaded } = await findOrUpload(deps, key, reference, () => onStep('uploading', index, references.length))
      if (uploaded) {
        stats.uploaded += 1
        stats.bytesSent += reference.bytes.byteLength
      } else {
        stats.reused += 1
      }
      deps.held?.remember(deps.proxyUrl, reference.exportId, url)
      const source: ReferenceSource = { id: ref.id, name: ref.name, role: ref.role, url }
      return source
    }).catch((error: unknown) => {
      // The first failure stops what has not started; the caller hears the earliest reference's error.
      failed = true
      throw error
    })
  })
  const settled = await Promise.allSettled(tasks)
  finished = true
  const rejected = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (rejected) throw rejected.reason
  // Cancelled: the references done before the cancel, in order (the caller ends the job).
  const sources: ReferenceSource[] = []
  for (const r of settled) {
    if (r.status !== 'fulfilled' || !r.value) break
    sources.push(r.value)
  }
  return { sources, stats }
}

/**
 * The URL these bytes have at this proxy: from the upload cache, or uploaded and remembered there. Jobs asking
 * for the same key at the same time share one lookup and one upload (`uploaded` is true only for the job
 * that sent the bytes); a failure reaches each of them, and is not kept.
 */
async function findOrUpload(
  deps: JobDeps,
  key: string,
  reference: { bytes: Uint8Array; mimeType: string },
  onUpload: () => void
): Promise<{ url: string; uploaded: boolean }> {
  const find = async (): Promise<{ url: string; sent: boolean }> => {
    const known = (await deps.main.lookupUploads([key]))[key]
    if (known !== undefined) return { url: known, sent: false }
    onUpload()
    const url = await deps.fal.storage.upload(new Blob([reference.bytes as BlobPart], { type: reference.mimeType }))
    // Remembered before the shared entry ends, so a job asking after it finds the URL in the cache. Only the
    // cache: if it cannot be written, the upload still stands for every job waiting on it.
    await deps.main.rememberUpload({ hash: key, url }).catch(() => undefined)
    return { url, sent: true }
  }
  if (!deps.uploadsInFlight) {
    const { url, sent } = await find()
    return { url, uploaded: sent }
  }
  const { result, joined } = deps.uploadsInFlight.share(key, find)
  // A job waiting on another's upload is uploading too, as far as its card is concerned.
  if (joined) onUpload()
  const { url, sent } = await result
  return { url, uploaded: sent && !joined }
}

/**
 * An image fill's own bytes made what an export would be: within the size asked for, PNG or JPEG (a GIF, a
 * larger image or one over Kling's byte limit is drawn smaller on a canvas). Exports pass untouched.
 */
async function asExport(reference: ExportedReference, maxSide: number): Promise<ExportedReference> {
  if (!reference.fromImageFill) return reference
  const normalised = await normaliseReference(reference.bytes, maxSide, MAX_REFERENCE_BYTES)
  return normalised ? { ...reference, ...normalised } : reference
}
