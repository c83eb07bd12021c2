// Regenerate, Variations and an edited prompt for a placed panel: a new request built from how its shown
// image was made (its provenance), on the same endpoint with the same settings and already uploaded
// references. A series panel becomes one O3 single image: the series' Style line (the text before the
// first "Panel N:") and its own beat, its elements and their `@Element` tokens kept. Pure.
import type { ComposedRequest, Problem } from './compose'
import { ENDPOINTS, isEndpointId } from './endpoints'
import { nominalOutputSize } from './output-size'
import { estimateCostUsd } from './pricing'
import { ASPECT_RATIOS, type AspectRatio, MAX_IMAGES_PER_REQUEST, MAX_PROMPT_CHARS, type Resolution } from './schemas'

/** Variations per click: a contact sheet's worth, well inside fal's num_images limit. */
export const MAX_VARIATIONS = Math.min(4, MAX_IMAGES_PER_REQUEST)
export const MIN_VARIATIONS = 2

/** What a panel's shown image was made from, as its summary carries it. */
export interface PanelSource {
  /** How messages name it: "Panel 3". */
  label: string
  shown?: { endpoint: string; input: Record<string, unknown>; index: number } | undefined
}

export type RegenerateResult = { ok: true; request: ComposedRequest } | { ok: false; errors: Problem[] }

const MARKER = /\bPanel\s+(\d+)\s*:/gi

/**
 * The prompt a panel was made from: for a series panel its Style (text before the first "Panel N:")
 * and its own beat; for any other, the prompt as sent. Undefined when a series prompt has no beat for it.
 */
export function panelPrompt(input: Record<string, unknown>, index: number): string | undefined {
  const prompt = typeof input.prompt === 'string' ? input.prompt : ''
  if (input.result_type !== 'series') return prompt
  const markers = [...prompt.matchAll(MARKER)]
  const at = markers.findIndex((m) => Number(m[1]) === index)
  if (at < 0) return undefined
  const style = prompt.slice(0, markers[0]!.index).trim()
  const own = markers[at]!
  const beat = prompt.slice((own.index ?? 0) + own[0].length, markers[at + 1]?.index ?? prompt.length).trim()
  return [style, beat].filter((part) => part !== '').join(' ')
}

/**
 * The request for `count` new versions of a panel (1 for Regenerate, 2–4 for Variations), with `prompt`
 * in place of the panel's own when the designer edited it. Checked against the endpoint's schema and
 * priced before anything is sent.
 */
export function regenerateRequest(panel: PanelSource, count: number, prompt?: string): RegenerateResult {
  const fail = (message: string, fix: string, field: Problem['field'] = 'prompt'): RegenerateResult => ({ ok: false, errors: [{ field, message, fix }] })
  const shown = panel.shown
  if (!shown || !isEndpointId(shown.endpoint) || typeof shown.input !== 'object' || shown.input === null) {
    return fail(
      `${panel.label} has no record of how its image was made (it has no image yet, or was made before Keyframe kept one).`,
      'Select its references and prompt and Generate it again.'
    )
  }
  if (count !== 1 && (!Number.isInteger(count) || count < MIN_VARIATIONS || count > MAX_VARIATIONS)) {
    return fail(`Variations makes ${MIN_VARIATIONS} to ${MAX_VARIATIONS} versions at a time; Count is ${count}.`, `Set Count between ${MIN_VARIATIONS} and ${MAX_VARIATIONS}.`, 'count')
  }
  const own = panelPrompt(shown.input, shown.index)
  if (own === undefined) {
    return fail(`${panel.label}'s series prompt has no "Panel ${shown.index}:" beat, so Keyframe cannot tell which part was its own.`, 'Use Edit prompt to write its prompt, then Generate.')
  }
  const text = (prompt ?? own).trim()
  const errors = checkPrompt(text, shown.input, shown.endpoint)
  if (errors.length > 0) return { ok: false, errors }

  const { result_type: _type, series_amount: _amount, ...rest } = shown.input
  const input: Record<string, unknown> = { ...rest, prompt: text, num_images: count }
  const parsed = ENDPOINTS[shown.endpoint].input.safeParse(input)
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        field: 'prompt',
        message: `fal would reject ${panel.label}'s request at ${issue.path.join('.') || 'the request'}: ${issue.message}.`,
        fix: 'Generate it again from its references and prompt.'
      }))
    }
  }
  const ratio = ASPECT_RATIOS.find((r) => r === input.aspect_ratio) ?? '1:1'
  const resolution = (['1K', '2K', '4K'] as const).find((r) => r === input.resolution) ?? '1K'
  return {
    ok: true,
    request: {
      endpoint: shown.endpoint,
      input,
      panels: Array.from({ length: count }, (_, i) => ({ number: i + 1 })),
      costUsd: estimateCostUsd(input),
      nominalSize: nominalOutputSize(resolution as Resolution, ratio as AspectRatio)
    }
  }
}

// `@` at the start or after a non-word character, as the composer reads tokens (tokens.ts).
const TOKEN = /(^|[^\w@])@([\p{L}\p{N}_-]+)/gu

/**
 * An edited prompt is checked as the composer checks one: not empty, not too long, and every `@` token
 * one the request's references answer to (`@Element1…` per element, `@Image1…` per O3 reference image).
 */
export function checkPrompt(prompt: string, input: Record<string, unknown>, endpoint: string): Problem[] {
  if (prompt === '') return [{ field: 'prompt', message: 'The prompt is empty.', fix: 'Write what this panel shows, or stop editing to use its own prompt.' }]
  if (prompt.length > MAX_PROMPT_CHARS) {
    return [
      {
        field: 'prompt',
        message: `The prompt is ${prompt.length.toLocaleString('en-US')} characters; Kling reads at most ${MAX_PROMPT_CHARS.toLocaleString('en-US')}.`,
        fix: `Shorten it by ${(prompt.length - MAX_PROMPT_CHARS).toLocaleString('en-US')} characters.`
      }
    ]
  }
  const elements = Array.isArray(input.elements) ? input.elements.length : 0
  const images = endpoint.includes('/o3/') && Array.isArray(input.image_urls) ? input.image_urls.length : 0
  const known = new Set([
    ...Array.from({ length: elements }, (_, i) => `element${i + 1}`),
    ...Array.from({ length: images }, (_, i) => `image${i + 1}`),
    ...(images === 1 ? ['image'] : [])
  ])
  const unknown = new Set([...prompt.matchAll(TOKEN)].map((m) => `@${m[2]}`).filter((token) => !known.has(token.slice(1).toLowerCase())))
  return [...unknown].map((token) => ({
    field: 'prompt',
    token,
    message: `The prompt mentions ${token}, but this panel's request has no reference by that name.`,
    fix: `Use ${[...known].map((k) => `@${k[0]!.toUpperCase()}${k.slice(1)}`).join(', ') || 'no @ tokens (it has no references)'}, or remove ${token}.`
  }))
}
