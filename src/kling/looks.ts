// Looks: the same scene under other light (treatments.ts holds the list of treatments). A look's prompt is
// the panel's own with its lighting sentence swapped for the treatment's; its request is O3 image-to-image
// from the panel's shown image. Pure: no Figma, DOM or network.

import type { ComposedRequest, Problem } from './compose'
import { fromPanelImageRequest, type PanelImage } from './from-panel-image'
import { promptLayers } from './prompt-layers'
import type { PanelSource } from './regenerate'
import type { Resolution } from './schemas'
import { MAX_TREATMENTS, type Treatment } from './treatments'

/** What a look asks of the model: the panel's picture, only lit differently. */
export const KEEP_FOR_LOOKS = 'Keep the composition, subject and pose of @Image1; change only the light, colour and mood.'

// Sentences end at . ! ? followed by a space; "f/1.4" and "2.5" stay whole.
const SENTENCE_END = /(?<=[.!?])\s+/

/**
 * The prompt lit as `treatment`. A sentence that speaks only of light and mood (prompt-layers finds the
 * lighting layer in it and no other) is the prompt's lighting: the first such sentence becomes the
 * treatment's phrase and any others go. A prompt with none (or whose light is woven into a sentence about
 * something else, which cannot be cut out safely) keeps every word and gets "Lit as: <phrase>." at the end.
 */
export function lookPrompt(prompt: string, treatment: Treatment): string {
  const phrase = sentence(treatment.phrase)
  const sentences = prompt.trim().split(SENTENCE_END).filter((s) => s !== '')
  const isLighting = (s: string) => {
    const layers = promptLayers(s)
    return layers.has('lighting') && layers.size === 1
  }
  const first = sentences.findIndex(isLighting)
  if (first < 0) {
    const head = prompt.trim()
    return head === '' ? `Lit as: ${phrase}` : `${/[.!?]$/.test(head) ? head : `${head}.`} Lit as: ${phrase}`
  }
  return sentences.flatMap((s, i) => (i === first ? [phrase] : isLighting(s) ? [] : [s])).join(' ')
}

function sentence(text: string): string {
  const t = text.trim()
  return /[.!?]$/.test(t) ? t : `${t}.`
}

export interface LookRequest {
  treatment: Treatment
  request: ComposedRequest
}

export type LooksResult = { ok: true; looks: LookRequest[]; costUsd: number } | { ok: false; errors: Problem[] }

/**
 * One O3 image-to-image request per treatment, from the panel's shown image (`@Image1`), at the panel's own
 * resolution and aspect. All or nothing: the first request the composer refuses refuses the click, named.
 */
export function looksRequests(panel: PanelSource, image: PanelImage, treatments: readonly Treatment[]): LooksResult {
  if (treatments.length === 0) return { ok: false, errors: [{ field: 'prompt', message: 'No look is chosen.', fix: 'Tick at least one look, then click Make looks.' }] }
  if (treatments.length > MAX_TREATMENTS) {
    return { ok: false, errors: [{ field: 'prompt', message: `${treatments.length} looks are chosen; one click makes at most ${MAX_TREATMENTS}.`, fix: `Untick some, down to ${MAX_TREATMENTS}.` }] }
  }
  const resolution: Resolution = (panel.shown?.input as { resolution?: Resolution } | undefined)?.resolution ?? '1K'
  const looks: LookRequest[] = []
  for (const treatment of treatments) {
    const built = fromPanelImageRequest(panel, image, { keep: KEEP_FOR_LOOKS, resolution, rewrite: (own) => lookPrompt(own, treatment) })
    if (!built.ok) return { ok: false, errors: built.errors.map((e) => ({ ...e, message: `${treatment.name}: ${e.message}` })) }
    looks.push({ treatment, request: built.request })
  }
  return { ok: true, looks, costUsd: looks.reduce((sum, l) => sum + l.request.costUsd, 0) }
}
