// Drafting a prompt from the selected text layers, and reading panel captions back out of a prompt.
// The prompt text is the single source of truth: the layers only pre-fill it, and the captions placed
// under storyboard panels are parsed from whatever the designer finally wrote.
import type { AnyEndpointInput } from './endpoints'
import type { Box } from '../box'
import { quotedSpans, spanAround } from './quoted-spans'
import { inReadingOrder } from './reading-order'
import { type RenderedText, renderedTextClause, type TextLook, textsToRender } from './rendered-text'

export interface TextLayer extends Box {
  id: string
  name: string
  text: string
  /** Font and place in its parent frame, for marking it "Text to render"; absent in records from before. */
  look?: TextLook
}

export type OutputKind = 'single' | 'variations' | 'series'

const STYLE_LAYER = /^\s*style\s*$/i
// "Panel N:" as Keyframe writes it: capital P, at the start or after whitespace ("control panel 2:" is a beat's words).
const PANEL_MARKER = /(^|\s)Panel\s+(\d+)\s*:/g
// A designer's own label at the start of a beat, any case: Keyframe numbers beats itself.
const OWN_LABEL = /^\s*panel\s+\d+\s*:\s*/i

/** A text layer named "Style" holds the look shared by every beat, not a beat of its own. */
export function isStyleLayer(layer: Pick<TextLayer, 'name'>): boolean {
  return STYLE_LAYER.test(layer.name)
}

export interface SeriesParts {
  /** Everything before the first "Panel N:" marker (the Style line), or the whole prompt when it has none. */
  style: string
  /** The text after each marker, in the order written, as written. */
  beats: { number: number; text: string }[]
}

/**
 * A series prompt ("Style. Panel 1: … Panel 2: …") taken apart: the one place "Panel N:" is parsed. Markers
 * count only in order (1, 2, 3…): a repeated or out-of-order "Panel 2:" is part of the beat it sits in.
 */
export function seriesParts(prompt: string): SeriesParts {
  const markers = panelMarkers(prompt)
  return {
    style: prompt.slice(0, markers[0]?.start ?? prompt.length).trim(),
    beats: markers.map((m, i) => ({ number: m.number, text: prompt.slice(m.end, markers[i + 1]?.start ?? prompt.length).trim() }))
  }
}

/** Where "Panel 1:" starts, as seriesParts reads it; undefined when the prompt is not a series. */
export function firstPanelAt(prompt: string): number | undefined {
  return panelMarkers(prompt)[0]?.start
}

function panelMarkers(prompt: string): { number: number; start: number; end: number }[] {
  const markers: { number: number; start: number; end: number }[] = []
  const quotes = quotedSpans(prompt)
  for (const m of prompt.matchAll(PANEL_MARKER)) {
    if (m[2] !== String(markers.length + 1)) continue
    const start = (m.index ?? 0) + (m[1] ?? '').length
    if (inQuotedTitle(prompt, quotes, start)) continue
    markers.push({ number: markers.length + 1, start, end: (m.index ?? 0) + m[0].length })
  }
  return markers
}

/**
 * A marker inside a quoted title ('PANEL 1: ORIGINS' as lettering) is the title's words. Only when no sentence
 * ends between the opening quote and the marker: a stray apostrophe ("the cats' bowl") can pair with an earlier
 * quote across beats, and taking a real "… . Panel 2:" for quoted text would lose a beat.
 */
function inQuotedTitle(prompt: string, quotes: ReturnType<typeof quotedSpans>, at: number): boolean {
  const span = spanAround(quotes, at)
  return span !== undefined && !/[.!?]\s/.test(prompt.slice(span.start, at))
}

/**
 * The series prompt with each beat's text (as seriesParts reads it) replaced by `rewrite`'s; the Style line,
 * the markers and the spacing between them stay as written (a shot chosen in the panel edits only its beat).
 */
export function rewriteBeats(prompt: string, rewrite: (text: string, number: number) => string): string {
  const markers = panelMarkers(prompt)
  let out = prompt.slice(0, markers[0]?.end ?? prompt.length)
  markers.forEach((m, i) => {
    const span = prompt.slice(m.end, markers[i + 1]?.start ?? prompt.length)
    const lead = /^\s*/.exec(span)?.[0] ?? ''
    const trail = /\s*$/.exec(span.slice(lead.length))?.[0] ?? ''
    const text = span.slice(lead.length, span.length - trail.length)
    out += lead + rewrite(text, m.number) + trail + (markers[i + 1] ? prompt.slice(markers[i + 1]!.start, markers[i + 1]!.end) : '')
  })
  return out
}

/**
 * The prompt one panel was made from: for a panel of a series its Style line and its own beat (the text
 * after "Panel <index>:"); for any other, the prompt as sent. Undefined when a series prompt has no beat
 * for it.
 */
export function panelPrompt(input: Partial<AnyEndpointInput>, index: number): string | undefined {
  const prompt = typeof input.prompt === 'string' ? input.prompt : ''
  if (!('result_type' in input) || input.result_type !== 'series') return prompt
  const { style, beats } = seriesParts(prompt)
  const own = beats.find((b) => b.number === index)
  return own === undefined ? undefined : [style, own.text].filter((part) => part !== '').join(' ')
}

export interface DraftedPrompt {
  style: string | undefined
  beats: string[]
  /** The rendered-text clauses, in the order they appear in the prompt. */
  lettering: string[]
  prompt: string
}

/**
 * The prompt drafted from the beats, then a clause for each text to render (credits-sized ones are left to
 * Figma). In a series the clauses go before "Panel 1:", with the Style line, so no panel's caption takes them.
 */
export function draftPrompt(layers: readonly TextLayer[], output: OutputKind, rendered: readonly RenderedText[] = []): DraftedPrompt {
  const filled = layers.filter((l) => l.text.trim() !== '')
  const styleLayer = filled.find(isStyleLayer)
  const style = styleLayer ? sentence(styleLayer.text) : undefined
  const texts = inReadingOrder(filled.filter((l) => l !== styleLayer)).map((l) => (output === 'series' ? l.text.replace(OWN_LABEL, '') : l.text))
  const beats = texts.filter((t) => t.trim() !== '').map(sentence)
  const lettering = textsToRender(rendered).map(renderedTextClause)
  const parts =
    output === 'series' && beats.length > 0
      ? [style, ...lettering, ...beats.map((beat, i) => `Panel ${i + 1}: ${beat}`)]
      : [style, ...beats, ...lettering]
  return { style, beats, lettering, prompt: parts.filter((p): p is string => p !== undefined).join(' ') }
}

/**
 * The text after each "Panel N:" marker, by panel number, as written: its final full stop stays (a caption
 * is a sentence), a dangling comma or semicolon goes. Empty when the prompt has no markers.
 */
export function panelCaptions(prompt: string): Map<number, string> {
  const captions = new Map<number, string>()
  for (const { number, text } of seriesParts(prompt).beats) {
    const caption = text.replace(/[;,\s]+$/, '')
    if (caption !== '' && !captions.has(number)) captions.set(number, caption)
  }
  return captions
}

/** Collapses whitespace and ends the text with a full stop unless it already ends a sentence. */
function sentence(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim()
  return /[.!?…]["'”’)]?$/.test(t) ? t : `${t}.`
}
