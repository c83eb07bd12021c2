// The guide's positive framing: Kling follows a description of what should be in the image better than a
// list of what should not, and a word like "watermark" or "text" in the prompt can bring the very thing
// about. This finds the negative asks in a prompt ("no blur", "without people", "avoid noise") and the
// terms of a negative prompt, and offers a positive phrasing where one is honest. Pure.
import type { Lint } from './compose'
import { overlapsQuote, quotedSpans } from './quoted-spans'

export interface PositiveFix {
  /** What to write instead. */
  phrase: string
  /** A noun phrase reads after "with" ("without blur" → "with crystal sharp focus"); an adjective does not. */
  noun: boolean
}

// Common unwanted things and the positive phrasing that asks for their absence without naming them.
const FIXES: readonly { terms: readonly string[]; fix: PositiveFix }[] = [
  { terms: ['blur', 'blurry', 'blurriness', 'blurred', 'motion blur', 'out of focus', 'soft focus'], fix: { phrase: 'crystal sharp focus', noun: true } },
  { terms: ['watermark', 'watermarks', 'logo', 'logos', 'signature', 'signatures'], fix: { phrase: 'a clean frame free of marks', noun: true } },
  // Said of a sign or a wall as often as of the whole frame: a phrase that reads right in both places.
  { terms: ['text', 'lettering', 'writing', 'caption', 'captions'], fix: { phrase: 'plain, unlettered surfaces', noun: true } },
  { terms: ['noise', 'noisy', 'grain', 'grainy', 'artifacts', 'artefacts', 'compression artifacts'], fix: { phrase: 'a clean, smooth image', noun: true } },
  { terms: ['low quality', 'bad quality', 'poor quality'], fix: { phrase: 'high-quality professional photography', noun: true } },
  { terms: ['deformed', 'deformities', 'distorted', 'distortion', 'bad anatomy', 'extra fingers', 'extra limbs'], fix: { phrase: 'anatomically correct proportions', noun: true } },
  { terms: ['ugly'], fix: { phrase: 'a beautiful composition', noun: true } },
  { terms: ['people', 'person', 'crowd', 'crowds', 'humans', 'figures', 'pedestrians'], fix: { phrase: 'empty and deserted', noun: false } },
  { terms: ['clutter', 'cluttered', 'mess', 'messy'], fix: { phrase: 'a clean, minimal frame', noun: true } },
  { terms: ['overexposed', 'overexposure', 'blown highlights', 'blown out'], fix: { phrase: 'balanced exposure with detail in the highlights', noun: true } }
]

/** The positive phrasing for an unwanted term, or undefined when none is honest. */
export function positiveFor(term: string): PositiveFix | undefined {
  const key = term.trim().toLowerCase().replace(/\s+/g, ' ')
  return FIXES.find((f) => f.terms.includes(key))?.fix
}

// Longest first, so "motion blur" wins over "blur" where both would fit.
const KNOWN = FIXES.flatMap((f) => f.terms).sort((a, b) => b.length - a.length)
const KNOWN_ALT = KNOWN.map((t) => t.replace(/ /g, '\\s+')).join('|')

// Words after "no" that do not ask for anything to be left out ("no one", "no longer"), and the
// determiners a half-typed "without any" ends on.
const NOT_AN_ASK = ['one', 'longer', 'matter', 'doubt', 'sooner', 'less', 'more', 'way', 'end', 'any', 'the', 'a', 'an']

// "no/without/avoid" before any word is a negative ask; "not"/"non-" only before a term we know, since
// "not" is everyday grammar ("a man, not yet old"). Letters on either side end a match: "know", "Nova".
// An apostrophe belongs to a word only between letters ("Man's"): a closing quote is never part of a term.
const ASK = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(no|without|avoid)\\s+(?:any\\s+|the\\s+|a\\s+)?(${KNOWN_ALT}|[\\p{L}](?:[\\p{L}-]|['’](?=\\p{L}))*)|(not|non)[\\s-]+(${KNOWN_ALT}))(?![\\p{L}\\p{N}])`,
  'giu'
)

export interface NegativeAsk {
  /** The words as written, e.g. "No blur". */
  text: string
  /** Where they start in the prompt. */
  at: number
  /** The unwanted thing, e.g. "blur". */
  term: string
  /** What to write instead, keeping the case of the first letter; absent when no positive phrasing is honest. */
  replacement?: string
}

/** The negative asks in a prompt, outside quoted text: a quoted title ('NO TIME TO DIE') is lettering, not an ask. */
export function negativeAsks(prompt: string): NegativeAsk[] {
  const asks: NegativeAsk[] = []
  const quotes = quotedSpans(prompt)
  for (const m of prompt.matchAll(ASK)) {
    const word = (m[1] ?? m[3] ?? '').toLowerCase()
    const term = m[2] ?? m[4] ?? ''
    if (NOT_AN_ASK.includes(term.toLowerCase())) continue
    if (overlapsQuote(quotes, m.index ?? 0, (m.index ?? 0) + m[0].length)) continue
    const text = m[0]
    const fix = positiveFor(term)
    const ask: NegativeAsk = { text, at: m.index ?? 0, term }
    if (fix) {
      const phrase = word === 'without' && fix.noun ? `with ${fix.phrase}` : fix.phrase
      ask.replacement = /^\p{Lu}/u.test(text) ? phrase.charAt(0).toUpperCase() + phrase.slice(1) : phrase
    }
    asks.push(ask)
  }
  return asks
}

export interface Replacement {
  from: string
  to: string
  /** Where `from` starts in the text the lint was made from. */
  at: number
}

/**
 * The text with one phrase swapped, and nothing else changed. When the text has moved on since the lint was
 * made, the occurrence of `from` nearest to `at` is swapped; when `from` is gone, the text is returned as is.
 */
export function applyReplacement(text: string, { from, to, at }: Replacement): string {
  let index = text.slice(at, at + from.length) === from ? at : -1
  if (index < 0) {
    let best = -1
    for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, i + 1)) {
      if (best < 0 || Math.abs(i - at) < Math.abs(best - at)) best = i
    }
    index = best
  }
  return index < 0 ? text : text.slice(0, index) + to + text.slice(index + from.length)
}

export interface NegativePromptMove {
  /** Positive phrasings for the terms we know, in the order written, without repeats. */
  phrases: string[]
  /** Terms with no honest positive phrasing: they stay in the negative prompt. */
  unknown: string[]
}

/** A negative prompt ("blurry, watermark and grain") split into what can move into the prompt and what cannot. */
export function moveNegativePrompt(negativePrompt: string): NegativePromptMove {
  const phrases: string[] = []
  const unknown: string[] = []
  for (const raw of negativePrompt.split(/[,;\n]|\s+and\s+|\s+or\s+/i)) {
    const term = raw.trim().replace(/^(?:no|without|avoid)\s+/i, '')
    if (term === '') continue
    const fix = positiveFor(term)
    if (!fix) unknown.push(term)
    else if (!phrases.includes(fix.phrase)) phrases.push(fix.phrase)
  }
  return { phrases, unknown }
}

/** The prompt with phrasings added as one closing sentence. */
export function appendPhrases(prompt: string, phrases: readonly string[]): string {
  if (phrases.length === 0) return prompt
  const sentence = phrases.join(', ')
  const head = prompt.trimEnd()
  const capital = sentence.charAt(0).toUpperCase() + sentence.slice(1)
  return head === '' ? `${capital}.` : `${head}${/[.!?]$/.test(head) ? '' : '.'} ${capital}.`
}

/** One lint per negative ask in the prompt, with a one-click Replace where a positive phrasing is honest. */
export function negativePhrasingLints(prompt: string): Lint[] {
  const seen = new Set<string>()
  const lints: Lint[] = []
  for (const ask of negativeAsks(prompt)) {
    // The same words twice get one message; after the first is replaced the next one shows.
    if (seen.has(ask.text.toLowerCase())) continue
    seen.add(ask.text.toLowerCase())
    const lint: Lint = {
      code: 'negative-phrasing',
      field: 'prompt',
      message: `"${ask.text}" tells Kling what to leave out; it follows a description of what to show better.`,
      fix: ask.replacement === undefined ? `Describe what should be there instead of ${ask.term}.` : `Write "${ask.replacement}" instead.`
    }
    if (ask.replacement !== undefined) {
      lint.action = { kind: 'replace', label: `Replace with "${ask.replacement}"`, from: ask.text, to: ask.replacement, at: ask.at }
    }
    lints.push(lint)
  }
  return lints
}

/** The negative prompt's lint: its known terms move into the prompt as positive phrasings in one click. */
export function negativePromptLint(negativePrompt: string, prompt: string): Lint {
  const { phrases, unknown } = moveNegativePrompt(negativePrompt)
  const kept = unknown.map((t) => `"${t}"`).join(', ')
  const lint: Lint = {
    code: 'negative-prompt',
    field: 'negativePrompt',
    message: 'Kling follows positive phrasing better than a negative prompt.',
    fix:
      phrases.length === 0
        ? `Describe in the prompt what should be there instead of ${kept}, then clear this field.`
        : `Move into prompt adds "${phrases.join(', ')}" to the prompt${unknown.length > 0 ? `; ${kept} ${unknown.length === 1 ? 'stays' : 'stay'} here: describe what should be there instead` : ''}.`
  }
  if (phrases.length > 0) {
    lint.action = { kind: 'set-prompts', label: 'Move into prompt', prompt: appendPhrases(prompt, phrases), negativePrompt: unknown.join(', ') }
  }
  return lint
}
