// Puts a finished request's images into their panels, one image per message to the main thread, in
// panel order. Every image is fetched (and, if need be, re-encoded) at once, so the downloads overlap
// each other and the main thread's placing of the panels before them; each is posted once it is ready,
// without waiting for the answers to the panels before it. A panel whose image is missing or cannot be fetched says why; none is left blank.
// Never rejects: a panel that cannot even be marked (its section was deleted) is counted, not thrown.
import type { Panel } from '../../kling/compose'
import type { JobRef } from '../../messages'
import { klingOutputSchema } from '../../kling/schemas'
import { errorMessage } from '../../error-message'
import type { JobDeps } from './job-deps'

export interface PlacementSummary {
  placed: number
  /** Panels fal made no image for. */
  missing: number
  /** Paid images that could not be downloaded or placed; the job stays open so a reopen retries them. */
  unplaced: number
  /** Images fal returned, which is what it charges for. */
  returned: number
  /** False when fal's result had no list of images Keyframe could read. */
  readable: boolean
  /** What the main thread said while placing (a layout it could not compose an image into). */
  notes: string[]
}

const DOWNLOAD_ATTEMPTS = 3

export async function placeResults(
  deps: JobDeps,
  job: JobRef & { panels: readonly Panel[]; filled: readonly number[] },
  data: unknown,
  onPlaced: (placed: number, total: number) => void
): Promise<PlacementSummary> {
  const parsed = klingOutputSchema.safeParse(data)
  const images = parsed.success ? parsed.data.images : []
  const summary: PlacementSummary = { placed: job.filled.length, missing: 0, unplaced: 0, returned: images.length, readable: parsed.success, notes: [] }
  const ref: JobRef = { jobId: job.jobId, sectionId: job.sectionId }
  // Started together; each settles to its image or its error, so none is left rejecting unheard.
  const prepared = new Map(
    job.panels.flatMap((panel, index) => {
      const image = images[index]
      if (!image || job.filled.includes(panel.number)) return []
      const ready = downloadWithRetry(deps, image.url).then((bytes) => deps.normalise(bytes)).then(
        (normalised) => ({ ok: true as const, normalised }),
        (error: unknown) => ({ ok: false as const, error })
      )
      return [[panel.number, ready] as const]
    })
  )
  // Each image is posted to the main thread as soon as it is ready and the panels before it are posted, without
  // waiting for their answers: a round trip per panel left both threads idle in turn. The main thread places
  // them one at a time, in the order they arrive (src/main/job-api.ts), so panels still fill in order.
  const outcomes: Promise<void>[] = []
  for (const [index, panel] of job.panels.entries()) {
    if (job.filled.includes(panel.number)) continue
    const image = images[index]
    if (!image) {
      const why = parsed.success
        ? `fal returned ${images.length} of ${job.panels.length} images, so this panel was not made.`
        : 'fal sent back a result Keyframe could not read, so this panel was not made.'
      outcomes.push(markPanel(deps, { ...ref, number: panel.number, message: `${why} Generate again to fill it.` }).then(() => void (summary.missing += 1)))
      continue
    }
    const ready = await prepared.get(panel.number)!
    const filled = ready.ok
      ? deps.main.fillPanel({ ...ref, number: panel.number, sourceUrl: image.url, ...ready.normalised })
      : Promise.reject(ready.error)
    outcomes.push(
      filled.then(
        (answer) => {
          if (answer && typeof answer.note === 'string') summary.notes.push(answer.note)
          summary.placed += 1
          onPlaced(summary.placed, job.panels.length)
        },
        async (error: unknown) => {
          await markPanel(deps, {
            ...ref,
            number: panel.number,
            message: `The image could not be placed (${errorMessage(error)}). It is paid for: reopen Keyframe to place it.`
          })
          summary.unplaced += 1
        }
      )
    )
  }
  await Promise.all(outcomes)
  return summary
}

/** Says in the panel why its image is missing; a panel that is gone cannot say it, and the job's message does. */
export async function markPanel(deps: JobDeps, args: JobRef & { number: number; message: string }): Promise<boolean> {
  try {
    await deps.main.failPanel(args)
    return true
  } catch {
    return false
  }
}

async function downloadWithRetry(deps: JobDeps, url: string): Promise<Uint8Array> {
  let lastError: unknown
  for (let attempt = 0; attempt < DOWNLOAD_ATTEMPTS; attempt++) {
    try {
      return await deps.download(url)
    } catch (error) {
      lastError = error
      await deps.sleep(250 * 2 ** attempt)
    }
  }
  throw lastError
}

/** Fetches a result image, refusing a truncated body rather than placing half an image. */
export async function downloadImage(url: string): Promise<Uint8Array> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`download answered ${response.status}`)
  const bytes = new Uint8Array(await response.arrayBuffer())
  const expected = Number(response.headers.get('content-length') ?? NaN)
  if (Number.isFinite(expected) && bytes.byteLength !== expected) {
    throw new Error(`download stopped after ${bytes.byteLength} of ${expected} bytes`)
  }
  return bytes
}
