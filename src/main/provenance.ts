// What every placed image carries in plugin data, so it can be regenerated and audited: the endpoint,
// the full input (with reference URLs), fal's request id, its place in the batch, cost and time.
// Built only from the job record, which never holds the proxy token or the fal key.
import type { KlingRequest } from '../kling/endpoints'
import { readStoredRequest } from '../kling/kling-request'
import { isKlingEndpoint } from '../kling/labels'
import { estimateCostUsd } from '../kling/pricing'
import { requestOf } from '../kling/request-of'
import type { PixelSize } from '../kling/output-size'
import { type Shot, storedShot } from '../kling/shots'
import type { JobRecord, PanelImage } from '../messages'

export type Provenance = KlingRequest & {
  requestId: string
  /** 1-based position of this image in fal's response. */
  index: number
  imageUrl: string
  /** The share of the request's cost this image accounts for. */
  costUsd: number
  requestCostUsd: number
  createdAt: string
  completedAt: string
  generator: 'Keyframe'
  /** The panel's shot when its beat (or prompt) named one; records from before shots were kept have none. */
  shot?: Shot
  /** Made by Finalize; records from before it (and every other version) have none. */
  final?: true
  /** A look (Looks) used on the panel it was made from: the look's name; every other version has none. */
  look?: string
  /** The file's own size when Figma holds it scaled down (over 4096 px a side); `imageUrl` is that file. */
  fullSize?: PixelSize
}

/**
 * What is wrong with a provenance read from plugin data (anyone can edit it), or undefined when it has the
 * parts Keyframe reads: the endpoint, the request's input and the image's place in the request.
 */
export function provenanceProblem(value: unknown): string | undefined {
  const p = value as Partial<Provenance> | null
  if (typeof p !== 'object' || p === null) return 'is not a record'
  if (typeof p.endpoint !== 'string') return 'has no endpoint'
  if (typeof p.input !== 'object' || p.input === null || Array.isArray(p.input)) return 'has no request input'
  if (!Number.isInteger(p.index) || (p.index as number) < 1) return 'has no place in its request'
  // A Kling request is checked against its endpoint's schema, so what Regenerate reads is one fal takes.
  // Another endpoint's record was never Keyframe's request: it is shown without one, as before.
  if (!isKlingEndpoint(p.endpoint)) return undefined
  const request = readStoredRequest(p.endpoint, p.input)
  if (!request.ok) return `has a request that ${request.problem}`
  return undefined
}

export function buildProvenance(job: JobRecord, image: PanelImage, completedAt: Date): Provenance {
  // One image at the request's resolution: the same price whether it came from a batch or a series.
  const perImage = estimateCostUsd({ resolution: job.input.resolution, num_images: 1 })
  // The job is a stored record: a damaged shot is left out rather than copied into every image's provenance.
  const shot = storedShot(job.panels.find((p) => p.number === image.number)?.shot)
  return {
    ...requestOf(job),
    requestId: job.requestId ?? '',
    // Appended panels are numbered on from the section's last; fal's index is the place in this request.
    index: indexInRequest(job, image.number),
    imageUrl: image.sourceUrl,
    costUsd: perImage,
    requestCostUsd: job.costUsd,
    createdAt: job.createdAt,
    completedAt: completedAt.toISOString(),
    generator: 'Keyframe',
    ...(shot !== undefined && { shot }),
    ...(job.target?.kind === 'versions' && job.target.final === true && { final: true as const }),
    ...(image.fullSize !== undefined && { fullSize: { width: image.fullSize.width, height: image.fullSize.height } })
  }
}

function indexInRequest(job: JobRecord, number: number): number {
  const at = job.panels.findIndex((p) => p.number === number)
  return at >= 0 ? at + 1 : number
}
