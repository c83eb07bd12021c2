// Warnings that teach the model guide's "common mistakes" where they apply. They never block a
// request: each says what may go wrong and the one-line fix.
import type { GenerationSettings, Lint, ReferenceSource } from './compose'
import { capabilities } from './capabilities'
import { ALL_RESOLUTIONS, type Mode, type Resolution } from './catalog'
import { bareAtLint } from './bare-at'
import { namedInPlainWords } from './plain-mentions'
import { negativePhrasingLints, negativePromptLint } from './positive-framing'
import { priceMills } from './pricing'
import { MAX_RENDERED_WORDS, quoted, type RenderedText, staysInFigma, textsToRender, wordCount } from './rendered-text'
import { aliasOf } from './tokens'

export interface LintContext {
  settings: GenerationSettings
  mode: Mode
  prompt: string
  references: readonly ReferenceSource[]
  /** Indexes of references the prompt never mentions. */
  unused: number[]
  /** Captions parsed from "Panel N:" markers. */
  captions: Map<number, string>
  /** Images this request makes. */
  count: number
  /** Text the layout asks Kling to letter, credits included (the lints say what happens to each). */
  renderedTexts?: readonly RenderedText[]
}

const RENDERED_TEXT = /(["“'‘])[^"”'’\n]{2,}["”'’]|\b(lettering|typography|headline|title text|the text|logo|signage)\b/i
const SHORT_PROMPT_WORDS = 8

export function lintRequest(ctx: LintContext): Lint[] {
  const { settings, mode, prompt, references, captions, count } = ctx
  const lints: Lint[] = []
  const rendered = ctx.renderedTexts ?? []
  const lettered = textsToRender(rendered)
  const series = settings.output === 'series' && settings.model === 'o3'

  if (series && captions.size === 0 && prompt !== '') {
    lints.push({
      code: 'series-without-panels',
      field: 'prompt',
      message: 'The series prompt does not say what each panel shows.',
      fix: 'Write it as "Style. Panel 1: … Panel 2: …", or select one text layer per beat.'
    })
  }
  if (series && captions.size > 0 && captions.size !== count) {
    lints.push({
      code: 'series-count-mismatch',
      field: 'count',
      message: `The prompt describes ${captions.size} panels but the series has ${count}.`,
      fix: `Set Count to ${captions.size}, or add or remove panels in the prompt.`
    })
  }
  if (series && count > 4) {
    lints.push({
      code: 'series-too-long',
      field: 'count',
      message: `Series of more than 4 panels tend to lose consistency (this one has ${count}).`,
      fix: 'Split the scene into series of 3–4 panels, with the same elements in each.'
    })
  }
  const textModel = renderedTextModelLint(settings, mode, lettered)
  if (textModel) lints.push(textModel)
  const long = longRenderedTextLint(lettered)
  if (long) lints.push(long)
  const credits = creditsLint(rendered)
  if (credits) lints.push(credits)
  // Rendered text from the layout asks for lettering even when the prompt was edited to word it otherwise.
  if (settings.resolution === '1K' && (lettered.length > 0 || RENDERED_TEXT.test(prompt))) {
    lints.push({
      code: 'text-at-1k',
      field: 'resolution',
      message: 'The prompt asks for rendered text, which is hard to read at 1K.',
      fix: 'Use 2K or more for anything with lettering.'
    })
  }
  const dearer = dearerThanBelow(settings.resolution)
  if (dearer && count > 1 && settings.output === 'variations') {
    lints.push({
      code: '4k-while-iterating',
      field: 'resolution',
      message: `${count} variations at ${settings.resolution} cost ${timesAsMuch(dearer.ratio)} as at ${dearer.below}.`,
      // Finalize remakes the chosen panel from its own image, so the picture explored is the picture delivered.
      fix: `Explore at ${dearer.below}, then select the panel you choose and use Finalize to make that same picture at ${settings.resolution}.`
    })
  }
  if (settings.format === 'jpeg') {
    lints.push({
      code: 'jpeg-for-compositing',
      field: 'format',
      message: 'JPEG is lossy: edges and gradients degrade when composited or graded.',
      fix: 'Use PNG for anything you will composite; JPEG only for final web delivery.'
    })
  }
  const imageRefs = references.filter((r) => r.role === 'image')
  if (settings.model === 'o3' && mode === 'image-to-image' && imageRefs.length === 1 && v3CouldDoIt(settings, references)) {
    lints.push({
      code: 'o3-single-reference',
      field: 'model',
      message: 'O3 image-to-image with one reference does what V3 does, more slowly.',
      fix: 'Add references (style, location, mood) and mention them as @Image2…, or use V3.'
    })
  }
  const negativePrompt = settings.negativePrompt?.trim() ?? ''
  if (negativePrompt !== '') lints.push(negativePromptLint(negativePrompt, prompt))
  lints.push(...negativePhrasingLints(prompt))
  const words = prompt.replace(/@\S+/g, '').split(/\s+/).filter(Boolean).length
  if (prompt !== '' && words < SHORT_PROMPT_WORDS) {
    lints.push({
      code: 'short-prompt',
      field: 'prompt',
      message: `A ${words}-word prompt leaves most choices to the model.`,
      fix: 'Add shot and lens, subject, action, setting, and lighting.'
    })
  }
  const bare = bareAtLint(prompt, references.map((r) => aliasOf(r.name)).find((alias) => alias !== ''))
  if (bare) lints.push(bare)
  const unused = ctx.unused
    .map((index) => references[index])
    // One image in image-to-image is used whether or not it is mentioned.
    .filter((ref): ref is ReferenceSource => ref !== undefined && !(ref.role === 'image' && imageRefs.length === 1))
  if (unused.length > 0) lints.push(unusedReferences(unused, prompt))
  return lints
}

/** Kling V3 letters text less accurately than O3 (the model guide): a layout's title asks for O3. */
function renderedTextModelLint(settings: GenerationSettings, mode: Mode, lettered: readonly RenderedText[]): Lint | undefined {
  if (lettered.length === 0 || settings.model === 'o3') return undefined
  const o3 = capabilities('o3', mode)
  return {
    code: 'rendered-text-model',
    field: 'model',
    message: `${capabilities(settings.model, mode).label} often misspells lettering in the image; ${o3.label} renders text more accurately.`,
    fix: `Switch Model to ${o3.label} for ${lettered.length === 1 ? quoted(lettered[0]!.text) : 'the layout\'s text'}.`
  }
}

/** Long rendered text is where Kling misspells: the guide's advice is a short title. */
function longRenderedTextLint(lettered: readonly RenderedText[]): Lint | undefined {
  const long = lettered.filter((t) => wordCount(t.text) > MAX_RENDERED_WORDS)
  if (long.length === 0) return undefined
  const first = long[0]!
  return {
    code: 'rendered-text-long',
    field: 'prompt',
    message: `${first.name.trim() || 'The text'} has ${wordCount(first.text)} words${long.length > 1 ? ` (and ${long.length - 1} more long text${long.length > 2 ? 's' : ''})` : ''}; beyond about ${MAX_RENDERED_WORDS} words Kling often misspells lettering.`,
    fix: `Keep rendered text to ${MAX_RENDERED_WORDS} words or fewer, and leave longer lines as Figma text over the image.`
  }
}

/** Credits and other small text stay as Figma text: they are left out of the prompt, and the designer is told. */
function creditsLint(rendered: readonly RenderedText[]): Lint | undefined {
  const kept = rendered.filter((t) => t.text.trim() !== '' && staysInFigma(t))
  if (kept.length === 0) return undefined
  const names = joinNames(kept.map((t) => `"${t.name.trim()}"`))
  return {
    code: 'credits-stay-in-figma',
    field: 'prompt',
    message: `${names} ${kept.length === 1 ? 'is' : 'are'} too small to render legibly, so Kling is not asked for ${kept.length === 1 ? 'it' : 'them'}.`,
    fix: `${kept.length === 1 ? 'It stays' : 'They stay'} as Figma text on top of the image; nothing to do.`
  }
}

/** The resolution below this one, when it is cheaper, and how many times dearer this one is (the catalog's prices). */
function dearerThanBelow(resolution: Resolution): { below: Resolution; ratio: number } | undefined {
  const below = ALL_RESOLUTIONS[ALL_RESOLUTIONS.indexOf(resolution) - 1]
  if (below === undefined) return undefined
  const ratio = priceMills(resolution) / priceMills(below)
  return ratio > 1 ? { below, ratio } : undefined
}

function timesAsMuch(ratio: number): string {
  return ratio === 2 ? 'twice as much' : `${Math.round(ratio * 10) / 10} times as much`
}

/** V3 image-to-image makes the same request: one image, no elements, and only options V3 has (from the catalog). */
function v3CouldDoIt(settings: GenerationSettings, references: readonly ReferenceSource[]): boolean {
  const v3 = capabilities('v3', 'image-to-image')
  return (
    (settings.output !== 'series' || v3.series !== null) &&
    references.every((r) => r.role === 'image') &&
    v3.resolutions.includes(settings.resolution) &&
    v3.aspectRatios.includes(settings.aspectRatio)
  )
}

// One warning for all of them: eleven lines saying the same thing would bury the errors that matter.
function unusedReferences(refs: readonly ReferenceSource[], prompt: string): Lint {
  const names = refs.map((r) => `"${r.name}"`)
  const tokens = refs.map((r) => `@${r.name.replace(/^@+/, '')}`)
  const listed = names.length <= 3 ? joinNames(names) : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`
  const one = refs.length === 1
  return {
    code: 'unused-reference',
    field: 'references',
    message: `${listed} ${one ? 'is' : 'are'} selected but the prompt never mentions ${one ? 'it' : 'them'}.`,
    fix: one
      ? namedInPlainWords(refs[0]!.name, prompt)
        ? `The prompt says "${aliasOf(refs[0]!.name)}" without the @: write ${tokens[0]} there so Kling uses this frame, or deselect it.`
        : `Write ${tokens[0]} where it belongs in the prompt, or deselect it.`
      : `Write ${tokens.length <= 3 ? joinNames(tokens) : `${tokens[0]}, ${tokens[1]}…`} where each belongs in the prompt, or deselect them.`
  }
}

function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}
