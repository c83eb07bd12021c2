// "Formats": the same key art as several deliverables at once (a poster, a thumbnail, a story…), one request
// per aspect. From a finished panel each is O3 image-to-image from its shown image, asked to keep what is in
// the picture and only reframe it. Which aspects a model offers is read from the catalog. Pure.
import { capabilities } from './capabilities'
import type { Mode, ModelId } from './catalog'
import type { ComposedRequest, Problem } from './compose'
import { fromPanelImageRequest, type PanelImage } from './from-panel-image'
import type { PanelSource } from './regenerate'
import type { AspectRatio, Resolution } from './schemas'

export interface Deliverable {
  /** How the designer reads it, and the caption its panel gets: "2:3 poster". */
  label: string
  aspectRatio: AspectRatio
}

/** The deliverables a production usually needs from one key art, in the order the row shows them. */
export const DELIVERABLES: readonly Deliverable[] = [
  { label: '2:3 poster', aspectRatio: '2:3' },
  { label: '16:9 thumbnail', aspectRatio: '16:9' },
  { label: '9:16 story', aspectRatio: '9:16' },
  { label: '1:1 square', aspectRatio: '1:1' },
  { label: '21:9 banner', aspectRatio: '21:9' }
]

/** Checked when the checklist first shows. */
export const DEFAULT_FORMAT_LABELS: readonly string[] = ['2:3 poster', '16:9 thumbnail', '9:16 story']

/** What Formats asks of the model: the same picture, recomposed for another frame. */
export const KEEP_FOR_FORMATS =
  'Keep the subject, composition, lighting and colour of @Image1; recompose it for this new frame, extending the scene at the edges or reframing it, and change nothing else.'

/** The deliverables the model offers in this mode, by the catalog's aspect ratios. */
export function offeredDeliverables(model: ModelId, mode: Mode): Deliverable[] {
  const ratios: readonly string[] = capabilities(model, mode).aspectRatios
  return DELIVERABLES.filter((d) => ratios.includes(d.aspectRatio))
}

/** The checked labels as deliverables, in the row's order; a label Keyframe does not know is a problem. */
export function deliverablesOf(labels: readonly string[], offered: readonly Deliverable[]): { ok: true; deliverables: Deliverable[] } | { ok: false; errors: Problem[] } {
  const unknown = labels.filter((l) => !offered.some((d) => d.label === l))
  if (unknown.length > 0) {
    return {
      ok: false,
      errors: [{ field: 'aspectRatio', message: `${unknown.join(', ')} is not a format this model offers.`, fix: `Pick from ${offered.map((d) => d.label).join(', ')}.` }]
    }
  }
  const chosen = offered.filter((d) => labels.includes(d.label))
  if (chosen.length === 0) return { ok: false, errors: [{ field: 'aspectRatio', message: 'No format is checked.', fix: 'Check at least one format.' }] }
  return { ok: true, deliverables: chosen }
}

export interface FormatRequest {
  deliverable: Deliverable
  request: ComposedRequest
}

export type FormatsResult = { ok: true; requests: FormatRequest[]; costUsd: number } | { ok: false; errors: Problem[] }

/**
 * One request per checked format, each built by `build` (the composer, at that format's aspect). Any request
 * the composer refuses refuses them all, its format named: nothing is placed or sent.
 */
export function formatRequests(
  labels: readonly string[],
  offered: readonly Deliverable[],
  build: (deliverable: Deliverable) => { ok: true; request: ComposedRequest } | { ok: false; errors: Problem[] }
): FormatsResult {
  const chosen = deliverablesOf(labels, offered)
  if (!chosen.ok) return chosen
  const requests: FormatRequest[] = []
  for (const deliverable of chosen.deliverables) {
    const built = build(deliverable)
    if (!built.ok) return { ok: false, errors: built.errors.map((e) => ({ ...e, message: `${deliverable.label}: ${e.message}` })) }
    requests.push({ deliverable, request: built.request })
  }
  return { ok: true, requests, costUsd: totalCost(requests) }
}

/** One O3 image-to-image request per checked format from a panel's shown image (at `image.url`), at its own resolution. */
export function formatsFromPanel(panel: PanelSource, image: PanelImage, labels: readonly string[]): FormatsResult {
  const resolution: Resolution = panel.shown?.input.resolution ?? '1K'
  return formatRequests(labels, offeredDeliverables('o3', 'image-to-image'), (d) =>
    fromPanelImageRequest(panel, image, { keep: KEEP_FOR_FORMATS, resolution, aspectRatio: d.aspectRatio })
  )
}

/** What they cost together, summed in whole thousandths of a cent so $0.028 × 3 reads $0.084. */
export function totalCost(requests: readonly { request: { costUsd: number } }[]): number {
  return requests.reduce((sum, r) => sum + Math.round(r.request.costUsd * 100_000), 0) / 100_000
}

/** "3 formats", "1 format". */
export function formatsCount(count: number): string {
  return `${count} format${count === 1 ? '' : 's'}`
}

/**
 * The line above a row of formats. As made: what it holds and what it would cost ("3 formats · 2:3 poster,
 * 16:9 thumbnail, 9:16 story · $0.084"). Once some were withdrawn (cancelled, or never sent): what it holds of
 * what was asked, and which were not made; no total, since it is no longer what the row cost (each job's
 * card has its own).
 */
export function formatsRowSummary(shown: readonly string[], row: { costUsd: string } | { asked: readonly string[] | undefined }): string {
  if ('costUsd' in row) return `${formatsCount(shown.length)} · ${shown.join(', ')} · ${row.costUsd}`
  const missing = row.asked?.filter((label) => !shown.includes(label)) ?? []
  if (!row.asked || missing.length === 0) return `${formatsCount(shown.length)} · ${shown.join(', ')}`
  return `${shown.length} of ${formatsCount(row.asked.length)} · ${shown.join(', ')} · not made: ${missing.join(', ')}`
}

/** "Image · A lighthouse keeper…" → "Formats · A lighthouse keeper…" (a section title's kind replaced). */
export function formatsTitle(sectionTitle: string): string {
  const at = sectionTitle.indexOf(' · ')
  return at < 0 ? 'Formats' : `Formats · ${sectionTitle.slice(at + 3)}`
}
