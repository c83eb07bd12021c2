// Names and captions as a designer reads them: a section's name says what kind of result it holds and
// what it shows (from the first beat or the prompt, never the Style line), and `@` mentions read as the
// names they stand for ("Mara", not "@Mara" and not a sentence with the name dropped).
import { type OutputKind, seriesParts } from './prompt-draft'
import { captionCase, readShot } from './shots'

export type SectionKind = 'Storyboard' | 'Variations' | 'Image'

export const SECTION_KINDS: Record<OutputKind, SectionKind> = { series: 'Storyboard', variations: 'Variations', single: 'Image' }

const TITLE_CHARS = 48

/**
 * `@Name` → `Name`. A canonical token (`@Element1`, `@Image2`) becomes the frame's name when `names` knows
 * it (keyed without `@`); any other mention keeps its word without the `@`.
 */
export function withoutMentions(text: string, names: Readonly<Record<string, string>> = {}): string {
  return text.replace(/(^|[^\w@])@([\p{L}\p{N}_-]+)/gu, (_, before: string, word: string) => {
    const named = names[word]
    return `${before}${named === undefined ? word : named.trim().replace(/^@+/, '').trim()}`
  })
}

export interface TitleSource {
  output: OutputKind
  prompt: string
  /** The Style line the prompt starts with, if it was drafted with one: never part of the title. */
  style?: string | undefined
  /** Canonical token (without `@`) → frame name. */
  names?: Readonly<Record<string, string>>
}

/** "Storyboard · Mara steps off the night ferry…": the kind, then a short title. */
export function sectionTitle({ output, prompt, style, names }: TitleSource): string {
  const kind = SECTION_KINDS[output]
  const words = shorten(withoutMentions(titleText(prompt, style), names).replace(/\s+/g, ' ').trim())
  return words === '' ? kind : `${kind} · ${words}`
}

/** The first beat (the text after "Panel 1:") or else the prompt after its Style line; a shot it starts with is not what it shows. */
function titleText(prompt: string, style: string | undefined): string {
  const [first] = seriesParts(prompt).beats
  if (first) return afterShot(first.text)
  const trimmed = prompt.trim()
  const s = style?.trim() ?? ''
  return afterShot(s !== '' && trimmed.startsWith(s) ? trimmed.slice(s.length) : trimmed)
}

/** The words after a shot the text starts with, as a sentence; the text as written when it has none. */
function afterShot(text: string): string {
  const { shot, text: words } = readShot(text)
  return shot === undefined ? words : captionCase(words)
}

function shorten(words: string): string {
  if (words.length <= TITLE_CHARS) return words.replace(/[.,;:]+$/, '')
  const cut = words.slice(0, TITLE_CHARS)
  // At the last clause break if there is one past the middle, else at the last whole word.
  const clause = Math.max(cut.lastIndexOf(';'), cut.lastIndexOf(','), cut.lastIndexOf(' —'))
  const end = clause >= TITLE_CHARS / 2 ? clause : Math.max(cut.lastIndexOf(' '), TITLE_CHARS / 2)
  return `${cut.slice(0, end).replace(/[.,;:]+$/, '')}…`
}

/** The name again with " (n)" when `taken` already has it, so repeated titles can be told apart. */
export function numberedName(name: string, taken: readonly string[]): string {
  const used = new Set(taken)
  if (!used.has(name)) return name
  let n = 2
  while (used.has(`${name} (${n})`)) n++
  return `${name} (${n})`
}
