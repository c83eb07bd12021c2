// Rendered text: words a poster layout asks Kling to letter into the image (a Title laid out in Figma
// before the art exists), turned into the prompt clause the model guide recommends: the exact characters
// in quotes, a style read from the font, and a placement read from where the layer sits in its frame.
// Pure: the main thread reads the layers, the UI drafts the prompt and the lints read the same values.
import type { Box } from '../box'

/** What a text layer is, from its name: Title, Headline, Tagline and Credits; `text` when marked in the panel. */
export type TextRole = 'title' | 'headline' | 'tagline' | 'credits' | 'text'

/** A font as the layer uses it; `mixed` when several fonts are set and the first one could not be read. */
export type TextFont = { family: string; style: string } | 'mixed'

export interface TextLook {
  font: TextFont
  /** In the layer's own pixels; `mixed` when several sizes are set. */
  fontSize: number | 'mixed'
  /** The layer's box relative to the frame it is read against, and that frame's size; absent: no frame. */
  placement?: { box: Box; frame: { width: number; height: number } }
}

export interface RenderedText extends TextLook {
  /** The Figma node id of the text layer. */
  id: string
  name: string
  role: TextRole
  /** Exactly as typed in Figma. */
  text: string
}

const ROLE_NAMES: Record<string, Exclude<TextRole, 'text'>> = {
  title: 'title',
  headline: 'headline',
  tagline: 'tagline',
  credits: 'credits'
}

/** A layer named Title, Headline, Tagline or Credits (any case, spaces around ignored) is rendered text. */
export function textRoleOf(name: string): Exclude<TextRole, 'text'> | undefined {
  return ROLE_NAMES[name.trim().toLowerCase()]
}

/**
 * Text smaller than this share of its frame's height is credits-sized: at Kling's 2K (about 2,000 px tall)
 * it would be under 50 px, where the model's lettering turns to noise. Left to Figma, never asked of Kling.
 */
export const SMALL_TEXT_SHARE = 1 / 40

/** Credits stay as Figma text: the Credits layer, and any text too small for its frame to render legibly. */
export function staysInFigma(t: RenderedText): boolean {
  if (t.role === 'credits') return true
  const frame = t.placement?.frame
  return frame !== undefined && typeof t.fontSize === 'number' && t.fontSize < frame.height * SMALL_TEXT_SHARE
}

/** The rendered texts the prompt asks Kling to letter (credits-sized ones left out), in the order given. */
export function textsToRender(texts: readonly RenderedText[]): RenderedText[] {
  return texts.filter((t) => t.text.trim() !== '' && !staysInFigma(t))
}

/**
 * Where the text sits, on a 3×3 reading of its frame (by the centre of its box; thirds of width and height):
 * - text across the middle column, or wider than half the frame: "at the top", "across the centre",
 *   "across the bottom third";
 * - otherwise a side: "in the top left", "in the top right", "on the left", "on the right",
 *   "in the bottom left", "in the bottom right".
 * Undefined without a frame (or an empty one): no placement words rather than a guess.
 */
export function placementWords(placement: TextLook['placement']): string | undefined {
  if (!placement) return undefined
  const { box, frame } = placement
  if (!(frame.width > 0 && frame.height > 0)) return undefined
  const third = (centre: number, size: number) => (centre < size / 3 ? 0 : centre > (2 * size) / 3 ? 2 : 1)
  const row = third(box.y + box.height / 2, frame.height)
  const column = third(box.x + box.width / 2, frame.width)
  if (column === 1 || box.width > frame.width / 2) return (['at the top', 'across the centre', 'across the bottom third'] as const)[row]
  const side = column === 0 ? 'left' : 'right'
  return row === 1 ? `on the ${side}` : `in the ${row === 0 ? 'top' : 'bottom'} ${side}`
}

const CONDENSED = /condensed|narrow|compressed|\bcond\b|oswald|bebas|anton|league gothic|fjalla|teko/i
const SERIF = /playfair|georgia|times|garamond|bodoni|didot|baskerville|caslon|merriweather|lora|cormorant|cinzel|serif/i
const SCRIPT = /caveat|pacifico|brush|script|hand|dancing|lobster|satisfy|great vibes|kalam|marker|indie flower|shadows into light/i

/** A weight of 700 or more: a number in the style, or Bold (not Semi/Demi Bold), Black, Heavy. */
function isBold(style: string): boolean {
  const s = style.toLowerCase().replace(/[\s_-]/g, '')
  const number = /\d{3}/.exec(s)
  if (number) return Number(number[0]) >= 700
  return /black|heavy/.test(s) || (/bold/.test(s) && !/(semi|demi)bold/.test(s))
}

/** Letters, all of them capitals. */
function isAllCaps(text: string): boolean {
  return /\p{L}/u.test(text) && text === text.toUpperCase() && text !== text.toLowerCase()
}

/**
 * Style words from the font and the text: "bold", "condensed", "italic", then one of "handwritten script",
 * "elegant serif", "sans-serif" (the default), then "block capitals" for all-caps text. A mixed font gives
 * no font words (only the capitals, which the characters themselves show).
 */
export function styleWords(font: TextFont, text: string): string {
  const words: string[] = []
  if (font !== 'mixed') {
    const both = `${font.family} ${font.style}`
    if (isBold(font.style)) words.push('bold')
    if (CONDENSED.test(both)) words.push('condensed')
    if (/italic|oblique/i.test(font.style)) words.push('italic')
    words.push(SCRIPT.test(font.family) ? 'handwritten script' : SERIF.test(font.family) && !/sans/i.test(font.family) ? 'elegant serif' : 'sans-serif')
  }
  if (isAllCaps(text)) words.push('block capitals')
  return words.join(' ')
}

/**
 * The exact characters in quotes. Single quotes as the guide advises; text holding an apostrophe is put in
 * double quotes instead (so `'DON'T'` never reads as a quote that ends early), and text holding both kinds
 * in typographic ‘ ’. Line breaks become spaces: the layout's line breaks are Figma's, not the words'.
 */
export function quoted(text: string): string {
  const t = text.replace(/\s*[\r\n\u2028]+\s*/g, ' ').trim()
  if (!t.includes("'")) return `'${t}'`
  if (!t.includes('"')) return `"${t}"`
  return `‘${t}’`
}

const ROLE_WORDS: Record<TextRole, string> = {
  title: 'The title',
  headline: 'The headline',
  tagline: 'The tagline',
  credits: 'The credits',
  text: 'The text'
}

/** e.g. `The title 'NIGHT FERRY' in bold condensed sans-serif block capitals at the top.` */
export function renderedTextClause(t: RenderedText): string {
  const style = styleWords(t.font, t.text)
  const place = placementWords(t.placement)
  return [ROLE_WORDS[t.role], quoted(t.text), style === '' ? undefined : `in ${style}`, place].filter((p) => p !== undefined).join(' ') + '.'
}

/** Words in the text as a reader counts them. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length
}

/** Beyond about six words Kling tends to misspell rendered text (the model guide). */
export const MAX_RENDERED_WORDS = 6
