// Regenerate, Variations and an edited prompt for a placed panel: a new request built from how its shown
// image was made (its provenance), on the same endpoint with the same settings and already uploaded
// references. A series panel becomes one O3 single image: the series' Style line (the text before the
// first "Panel N:") and its own beat, its elements and their `@Element` tokens kept. Pure.
import { type ComposedRequest, composeRequest, type Problem, type ReferenceSource } from './compose'
import { type AnyEndpointInput, type EndpointId, ENDPOINTS, isEndpointId } from './endpoints'
import { panelPrompt } from './prompt-draft'
import { readShot, type Shot } from './shots'
import { aliasOf, type NamedReference, type ReferenceRole } from './tokens'
import { type AspectRatioOrAuto, type ElementInput, MAX_IMAGES_PER_REQUEST, type OutputFormat, type Resolution } from './schemas'

/** Variations per click: a contact sheet's worth, well inside fal's num_images limit. */
export const MAX_VARIATIONS = Math.min(4, MAX_IMAGES_PER_REQUEST)
export const MIN_VARIATIONS = 2

/** What a panel's shown image was made from, as its summary carries it. */
export interface PanelSource {
  /** How messages name it: "Panel 3". */
  label: string
  shown?: { endpoint: string; input: AnyEndpointInput; index: number; shot?: Shot | undefined } | undefined
  /** The names its request's references had, in binding order, so `@Mara` binds again (absent: only `@Element1`). */
  referenceNames?: readonly NamedReference[] | undefined
  /** Its shown version is marked final (Finalize's, or a new version of one). */
  final?: boolean | undefined
}

/** Any endpoint's input read as one shape: a field its endpoint lacks reads as absent. */
export interface AnyInputField {
  resolution?: Resolution | undefined
  aspect_ratio?: AspectRatioOrAuto | undefined
  output_format?: OutputFormat | undefined
  negative_prompt?: string | undefined
  image_url?: string | undefined
  image_urls?: string[] | undefined
  elements?: ElementInput[] | undefined
}

/**
 * A panel's request's references, named as the designer named them (or by their tokens), in the same order, so
 * `@Mara` and `@Element1` in its prompt both bind to the same reference again. `imageName`: the fallback name of
 * the i-th image reference when the record has none.
 */
export function panelReferences(panel: PanelSource, input: AnyInputField, imageName: (i: number) => string): ReferenceSource[] {
  const named = (role: ReferenceRole, i: number, fallback: string) => panel.referenceNames?.filter((r) => r.role === role)[i]?.name ?? fallback
  return [
    ...(input.image_urls ?? (input.image_url === undefined ? [] : [input.image_url])).map((url, i): ReferenceSource => ({ id: `image-${i}`, name: named('image', i, imageName(i)), role: 'image', url })),
    ...(input.elements ?? []).map(
      (el, i): ReferenceSource => ({ id: `element-${i}`, name: named('element', i, `Element${i + 1}`), role: 'element', url: el.frontal_image_url ?? '', angleUrls: el.reference_image_urls ?? [] })
    )
  ]
}

/** The request's panels given `shot` where the composer found none (a series panel's own prompt opens with the Style line). */
export function keepShot(request: ComposedRequest, shot: Shot | undefined): ComposedRequest {
  return shot === undefined ? request : { ...request, panels: request.panels.map((p) => ({ ...p, shot: p.shot ?? shot })) }
}

/** The panel's shown provenance when it names a known endpoint and carries an input; else why a new request cannot be made from it. */
export function recordedShown(panel: PanelSource): (NonNullable<PanelSource['shown']> & { endpoint: EndpointId }) | { problem: Problem } {
  const shown = panel.shown
  if (shown && isEndpointId(shown.endpoint) && typeof shown.input === 'object' && shown.input !== null) return { ...shown, endpoint: shown.endpoint }
  return {
    problem: {
      field: 'prompt',
      message: `${panel.label} has no record of how its image was made (it has no image yet, or was made before Keyframe kept one).`,
      fix: 'Select its references and prompt and Generate it again.'
    }
  }
}

export type RegenerateResult =
  | {
      ok: true
      request: ComposedRequest
      /**
       * The new versions are final too: the panel shows a final version and the request still asks for that
       * picture (the same image-to-image from the same source image, its prompt still opening with the keep
       * sentence). An edit that drops that sentence asks for another picture, which is not marked final.
       */
      final: boolean
    }
  | { ok: false; errors: Problem[] }


/**
 * The request for `count` new versions of a panel (1 for Regenerate, 2–4 for Variations), with `prompt`
 * in place of the panel's own when the designer edited it. The composer builds it, from the provenance's
 * settings and already uploaded references, so it is checked (prompt length, `@` tokens, fal's schema)
 * and priced exactly as Generate's requests are, before anything is sent.
 */
export function regenerateRequest(panel: PanelSource, count: number, prompt?: string): RegenerateResult {
  const fail = (message: string, fix: string, field: Problem['field'] = 'prompt'): RegenerateResult => ({ ok: false, errors: [{ field, message, fix }] })
  const shown = recordedShown(panel)
  if ('problem' in shown) return { ok: false, errors: [shown.problem] }
  if (count !== 1 && (!Number.isInteger(count) || count < MIN_VARIATIONS || count > MAX_VARIATIONS)) {
    return fail(`Variations makes ${MIN_VARIATIONS} to ${MAX_VARIATIONS} versions at a time; Count is ${count}.`, `Set Count between ${MIN_VARIATIONS} and ${MAX_VARIATIONS}.`, 'count')
  }
  const own = panelPrompt(shown.input, shown.index)
  if (own === undefined) {
    return fail(`${panel.label}'s series prompt has no "Panel ${shown.index}:" beat, so Keyframe cannot tell which part was its own.`, 'Use Edit prompt to write its prompt, then Generate.')
  }
  // Read as the composer's settings; the composer checks each against the model (a stale value is refused).
  const input: AnyInputField = shown.input
  const references = panelReferences(panel, input, (i) => `Image${i + 1}`)
  const composition = composeRequest({
    references,
    textLayers: [],
    settings: {
      model: ENDPOINTS[shown.endpoint].model,
      output: count === 1 ? 'single' : 'variations',
      count,
      resolution: input.resolution ?? '1K',
      aspectRatio: input.aspect_ratio ?? (references.length > 0 ? 'auto' : '16:9'),
      format: input.output_format ?? 'png',
      prompt: prompt ?? own,
      negativePrompt: input.negative_prompt
    }
  })
  if (composition.ok) {
    // A new version keeps the panel's shot: a series panel's own prompt starts with the Style line, not its
    // beat, so the composer cannot read it there. A shot the edited prompt starts with wins.
    const written = prompt === undefined ? undefined : readShot(prompt).shot
    const final = panel.final === true && keepsOpening(composition.request.input.prompt, shown.input.prompt)
    return { ok: true, request: keepShot(composition.request, written ?? shown.shot), final }
  }
  // The composer speaks of selected frames; here the references are the panel's own.
  return {
    ok: false,
    errors: composition.errors.map((e) =>
      e.token === undefined ? e : { ...e, message: `The prompt mentions ${e.token}, but ${panel.label}'s request has no reference by that name.`, fix: `Use its own (${references.map((r) => `@${aliasOf(r.name)}`).join(', ') || 'it has none'}), or remove ${e.token}.` }
    )
  }
}


/**
 * `sent` opens with `shown`'s first sentence. A final version's prompt opens with Finalize's keep sentence
 * (from-panel-image.ts), both read with the tokens as sent (`@Image1`), so this says whether it was kept.
 */
function keepsOpening(sent: string, shown: unknown): boolean {
  if (typeof shown !== 'string') return false
  const opening = /^.*?[.!?](?=\s|$)/su.exec(shown.trim())?.[0]
  return opening !== undefined && sent.trim().startsWith(opening)
}
