// The request composer: from what the designer selected and set, to a fal request that is valid
// against the catalog, or a list of errors that say what to change. Pure: no Figma, DOM or network.
import { capabilities, ENDPOINT_IDS, MAX_SERIES, MIN_SERIES, modelsWith, orList } from './capabilities'
import { CATALOG, type EndpointCapabilities } from './catalog'
import { endpointFor, type KlingRequest, type ModelId, type Mode } from './endpoints'
import { checkRequest } from './kling-request'
import { lintRequest } from './lints'
import { nominalOutputSize, type PixelSize } from './output-size'
import { estimateCostUsd } from './pricing'
import { promptLength } from './prompt-length'
import { draftPrompt, type OutputKind, panelCaptions, type TextLayer } from './prompt-draft'
import { quoted, type RenderedText, textsToRender } from './rendered-text'
import {
  type AspectRatio,
  type AspectRatioOrAuto,
  type ElementInput,
  MAX_PROMPT_CHARS,
  type OutputFormat,
  type Resolution
} from './schemas'
import { withoutMentions } from './section-title'
import { captionCase, readShot, type Shot } from './shots'
import { didYouMean, nearNames } from './cast'
import { aliasOf, bindTokens, type ReferenceRole, resolveTokens } from './tokens'

export interface ReferenceSource {
  /** The Figma node id. */
  id: string
  /** The layer name, used for `@Name` tokens and in messages. */
  name: string
  role: ReferenceRole
  /** Where fal can fetch the image (uploaded URL); a placeholder is fine while previewing. */
  url: string
  /** Extra angles of an element (up to 3). */
  angleUrls?: string[]
  /** The angles as the designer finds them in the file ("angle 1", "image fill 2"), in `angleUrls`' order: named in messages. */
  angleNames?: string[]
  /** Not selected: a cast member (a frame named `@Name` elsewhere in the file) the prompt mentions. */
  fromCast?: boolean
}

export interface GenerationSettings {
  model: ModelId
  output: OutputKind
  /** Variations: images in the batch. Series: panels; when absent, one per beat in the prompt. */
  count?: number | undefined
  resolution: Resolution
  aspectRatio: AspectRatioOrAuto
  format: OutputFormat
  /** The prompt as edited in the panel; when absent it is drafted from the text layers. */
  prompt?: string | undefined
  negativePrompt?: string | undefined
}

export type ProblemField =
  | 'model'
  | 'output'
  | 'count'
  | 'resolution'
  | 'aspectRatio'
  | 'format'
  | 'prompt'
  | 'negativePrompt'
  | 'references'

export interface Problem {
  field: ProblemField
  message: string
  fix: string
  /** For a problem with one `@` token, the token as written (so the prompt field can tell it is still being typed). */
  token?: string
  /** A one-click fix the panel offers as a button: data only, so the composer stays pure. */
  action?: LintAction
}

export type LintAction =
  /** Swap exactly one phrase of the prompt (`at` is its index in the prompt the lint was made from). */
  | { kind: 'replace'; label: string; from: string; to: string; at: number }
  /** Set the prompt and the negative prompt to these texts at once. */
  | { kind: 'set-prompts'; label: string; prompt: string; negativePrompt: string }

export interface Lint extends Problem {
  code: string
}

export interface Panel {
  /** 1-based, the order fal returns images in. */
  number: number
  caption?: string
  /** The shot its beat (or, for an image or variations, the prompt) starts with; the caption is without it. */
  shot?: Shot
}

export type ComposedRequest = KlingRequest & {
  panels: Panel[]
  costUsd: number
  /** Size to draw placeholders at before the images arrive. */
  nominalSize: PixelSize
}

export type Composition =
  | { ok: true; request: ComposedRequest; warnings: Lint[] }
  | { ok: false; errors: Problem[]; warnings: Lint[] }

export interface CompositionInput {
  references: readonly ReferenceSource[]
  textLayers: readonly TextLayer[]
  settings: GenerationSettings
  /** Text the layout asks Kling to letter (poster titles): drafted into the prompt, and read by the lints. */
  renderedTexts?: readonly RenderedText[]
  /** Cast members' names (`@Ines`) in the file, for the near names an unknown mention's fix offers. */
  castNames?: readonly string[]
  /** Cast members the designer dropped for this generation (`@Ines`): a mention of one says how to bring it back. */
  droppedCast?: readonly string[]
}

export function composeRequest({ references, textLayers, settings, renderedTexts = [], castNames = [], droppedCast = [] }: CompositionInput): Composition {
  const errors: Problem[] = []
  const images = references.filter((r) => r.role === 'image')
  const elements = references.filter((r) => r.role === 'element')
  const mode: Mode = images.length > 0 ? 'image-to-image' : 'text-to-image'
  const prompt = (settings.prompt ?? draftPrompt(textLayers, settings.output, renderedTexts).prompt).trim()

  // Each check reads this endpoint's table (catalog.ts) and quotes its numbers; zod's schema stays the last word.
  const caps = capabilities(settings.model, mode)
  const others = (has: (c: EndpointCapabilities) => boolean) => orList(modelsWith(mode, has).filter((name) => name !== caps.name))
  if (!caps.resolutions.includes(settings.resolution)) {
    const where = others((c) => c.resolutions.includes(settings.resolution))
    errors.push({
      field: 'resolution',
      message: `${settings.resolution} is not available on ${caps.label}.`,
      fix: `Choose ${caps.resolutions.join(' or ')}${where ? `, or switch Model to ${where} for ${settings.resolution}` : ''}.`
    })
  }
  if (settings.output === 'series' && caps.series === null) {
    const where = others((c) => c.series !== null)
    errors.push({
      field: 'output',
      message: `Series is ${where ? `an ${where} feature` : 'not available'}; ${caps.label} makes single images and variations.`,
      fix: `${where ? `Switch Model to ${where}, or choose` : 'Choose'} Variations.`
    })
  }
  // A series shares its Style line, where lettering goes: every panel would carry the poster's title.
  const lettered = textsToRender(renderedTexts).filter((t) => prompt.includes(quoted(t.text)))
  if (settings.output === 'series' && lettered.length > 0) {
    errors.push({
      field: 'output',
      message: `A series letters its text into every panel: ${quoted(lettered[0]!.text)} would appear in each of them.`,
      fix: 'Choose Single or Variations for a poster, or unmark Text to render (deselect the layout) for a storyboard.'
    })
  }
  if (!caps.aspectRatios.includes(settings.aspectRatio)) {
    const offering = ENDPOINT_IDS.map((id): EndpointCapabilities => CATALOG.endpoints[id]).filter((c) => c.aspectRatios.includes(settings.aspectRatio))
    const where = offering.map((c) => `${c.name} ${c.mode}`)
    const needsImages = offering.length > 0 && offering.every((c) => c.mode === 'image-to-image')
    const names = orList([...new Set(offering.map((c) => c.name))])
    errors.push({
      field: 'aspectRatio',
      message: `Aspect ratio "${settings.aspectRatio}" is ${where.length > 0 ? `only available for ${orList(where)}` : 'not available'}.`,
      fix: `Pick a fixed ratio such as ${caps.aspectRatios[0] ?? '1:1'}${names ? `, or ${needsImages ? 'select an image reference and ' : ''}use ${names}` : ''}.`
    })
  }
  const negativePrompt = settings.negativePrompt?.trim() ?? ''
  if (negativePrompt !== '' && !caps.negativePrompt) {
    errors.push({
      field: 'negativePrompt',
      message: `${caps.label} ${mode} has no negative prompt.`,
      fix: 'Say what you want instead in the prompt (e.g. "sharp focus" rather than "not blurry").'
    })
  }

  // Counted as Kling counts them (catalog.ts, `maxReferences`): each image and each element once; an
  // element's extra angles ride on it and are bounded by `maxElementAngles` instead.
  if (references.length > caps.maxReferences) {
    const cast = references.filter((r) => r.fromCast).length
    const angled = elements.some((r) => (r.angleUrls?.length ?? 0) > 0)
    errors.push({
      field: 'references',
      message:
        `${references.length} references are ${cast > 0 ? `used (${cast} of them cast members the prompt mentions)` : 'selected'}; Kling takes at most ${caps.maxReferences} ` +
        `${angled ? 'images and elements together; an element counts once, its extra angles included' : '(images and elements together)'}.`,
      fix: `Deselect ${references.length - caps.maxReferences} of the frames${cast > 0 ? ', or drop cast members from this generation' : ''}.`
    })
  }
  // A model's own image limit (V3: one). Where it equals the overall limit, the message above covers it.
  if (images.length > caps.maxImageReferences && caps.maxImageReferences < caps.maxReferences) {
    const where = others((c) => c.maxImageReferences > caps.maxImageReferences)
    errors.push({
      field: 'references',
      message: `${caps.label} ${mode} takes ${caps.maxImageReferences === 1 ? 'one reference image' : `${caps.maxImageReferences} reference images`}; ${images.length} are selected as images.`,
      fix: `${where ? `Switch Model to ${where} for several references, or mark` : 'Mark'} the extra frames as elements.`
    })
  }
  for (const el of elements) {
    if ((el.angleUrls?.length ?? 0) > caps.maxElementAngles) {
      // A cast member is not in the selection, so "keep the clearest" is no help: say which angles it has
      // (it is the one message for it; the cast row itself says nothing of angles) and which to trim.
      errors.push(el.fromCast ? castAnglesProblem(el, caps.maxElementAngles) : selectedAnglesProblem(el, caps.maxElementAngles))
    }
  }

  if (prompt === '') {
    errors.push({
      field: 'prompt',
      message: 'There is no prompt.',
      fix: 'Select a text layer with the prompt, or type one in Prompt.'
    })
  } else if (promptLength(prompt) > MAX_PROMPT_CHARS) {
    const length = promptLength(prompt)
    errors.push({
      field: 'prompt',
      message: `The prompt is ${length.toLocaleString('en-US')} characters; Kling reads at most ${MAX_PROMPT_CHARS.toLocaleString('en-US')}.`,
      fix: `Shorten it by ${(length - MAX_PROMPT_CHARS).toLocaleString('en-US')} character${length - MAX_PROMPT_CHARS === 1 ? '' : 's'}.`
    })
  }

  const tokens = resolveTokens(prompt, references, settings.model, mode)
  const dropped = new Set(droppedCast.map((name) => aliasOf(name).toLowerCase()))
  for (const token of tokens.unknown) {
    if (dropped.has(aliasOf(token).toLowerCase())) {
      errors.push({
        field: 'prompt',
        token,
        message: `The prompt mentions ${token}, which you dropped from this generation.`,
        fix: `Edit the prompt (or reopen Keyframe) to bring ${token} back from the Cast, select its frame, or remove ${token} from the prompt.`
      })
      continue
    }
    const near = didYouMean(nearNames(token, [...castNames, ...references.map((r) => r.name)]))
    errors.push({
      field: 'prompt',
      token,
      message: `The prompt mentions ${token}, but no selected frame is called that, and no frame in the file either.`,
      fix: `${near === '' ? '' : `${near} `}Select the frame named ${token} (or name a frame ${token} anywhere in the file), or remove ${token} from the prompt.`
    })
  }

  const captions = panelCaptions(prompt)
  const count = resolveCount(settings, caps, captions.size, errors)

  const warnings = lintRequest({ settings, mode, prompt, references, unused: tokens.unused, captions, count, renderedTexts })
  if (errors.length > 0) return { ok: false, errors, warnings }

  const endpoint = endpointFor(settings.model, mode)
  const input = buildInput(settings, mode, tokens.prompt, images, elements, count, negativePrompt)
  const parsed = checkRequest(endpoint, input)
  if (!parsed.ok) {
    // The checks above should make this unreachable; if fal's schema is stricter than they are,
    // say so plainly instead of sending a request fal would reject.
    return {
      ok: false,
      errors: parsed.issues.map((issue) => ({
        field: 'prompt',
        message: `fal would reject ${issue.path.join('.') || 'the request'}: ${issue.message}.`,
        fix: 'Adjust the settings; this is a gap in Keyframe\'s checks, please report it.'
      })),
      warnings
    }
  }

  // Captions read as prose: `@Mara` is Mara, and `@Element1` the name of the frame it stands for.
  const names = Object.fromEntries(bindTokens(references).map((b) => [b.canonical, references[b.index]?.name ?? b.canonical]))
  const fixedRatio: AspectRatio = settings.aspectRatio === 'auto' ? '1:1' : settings.aspectRatio
  // A single image or variations take the shot the prompt starts with; a series panel its own beat's.
  const promptShot = settings.output === 'series' ? undefined : readShot(prompt).shot
  const panels = Array.from({ length: count }, (_, i): Panel => {
    const written = settings.output === 'series' ? captions.get(i + 1) : undefined
    const beat = written === undefined ? undefined : readShot(written)
    // A beat's words stay as written; after a shot they start the caption's sentence ("Close-up: her hand" → "Her hand").
    const prose = beat?.shot ? captionCase(beat.text.trim()) : beat?.text.trim()
    const caption = prose === undefined || prose === '' ? undefined : withoutMentions(prose, names)
    const shot = beat?.shot ?? promptShot
    return { number: i + 1, ...(caption !== undefined && { caption }), ...(shot !== undefined && { shot }) }
  })
  return {
    ok: true,
    request: {
      ...parsed.request,
      panels,
      costUsd: estimateCostUsd(parsed.request.input),
      nominalSize: nominalOutputSize(settings.resolution, fixedRatio)
    },
    warnings
  }
}

function resolveCount(settings: GenerationSettings, caps: EndpointCapabilities, beats: number, errors: Problem[]): number {
  if (settings.output === 'single') return 1
  if (settings.output === 'variations') {
    const { min } = caps.variations
    const max = caps.numImages.max
    const count = settings.count ?? caps.variations.default
    if (!Number.isInteger(count) || count < min || count > max) {
      errors.push({
        field: 'count',
        message: `Variations makes ${min} to ${max} images per request; Count is ${count}.`,
        fix: `Set Count between ${min} and ${max}, or choose Single.`
      })
    }
    return count
  }
  // A model without series was refused above; its count is still read against the catalog's series range.
  const { min, max } = caps.series ?? { min: MIN_SERIES, max: MAX_SERIES }
  const count = settings.count ?? Math.max(beats, min)
  if (!Number.isInteger(count) || count < min || count > max) {
    errors.push({
      field: 'count',
      message: `A series has ${min} to ${max} panels; ${settings.count === undefined ? `the prompt describes ${beats}` : `Count is ${count}`}.`,
      fix: `Use ${min} to ${max} panels (one text layer per beat, or set Count).`
    })
  }
  return count
}

function buildInput(
  settings: GenerationSettings,
  mode: Mode,
  prompt: string,
  images: readonly ReferenceSource[],
  elements: readonly ReferenceSource[],
  count: number,
  negativePrompt: string
): Record<string, unknown> {
  const input: Record<string, unknown> = { prompt }
  if (mode === 'image-to-image') {
    if (settings.model === 'v3') input.image_url = images[0]?.url
    else input.image_urls = images.map((r) => r.url)
  }
  if (elements.length > 0) input.elements = elements.map(toElement)
  input.resolution = settings.resolution
  input.aspect_ratio = settings.aspectRatio
  input.output_format = settings.format
  if (settings.output === 'series') {
    input.result_type = 'series'
    input.series_amount = count
  } else {
    input.num_images = count
  }
  if (negativePrompt !== '') input.negative_prompt = negativePrompt
  return input
}

function toElement(ref: ReferenceSource): ElementInput {
  const element: ElementInput = { frontal_image_url: ref.url }
  if (ref.angleUrls && ref.angleUrls.length > 0) element.reference_image_urls = [...ref.angleUrls]
  return element
}

/** Too many angles on a cast member: how many, the limit, and the ones to hide (angles go in the order listed). */
/** The angles' own names (child frames, image fills) when the UI knows each of them, else undefined. */
function angleNamesOf(el: ReferenceSource): readonly string[] | undefined {
  return el.angleNames?.length === (el.angleUrls?.length ?? 0) ? el.angleNames : undefined
}

function listed(words: readonly string[]): string {
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]!}`
}

/** A selected element frame with more angles than Kling takes: which to hide, when their names are known. */
function selectedAnglesProblem(el: ReferenceSource, max: number): Problem {
  const names = angleNamesOf(el)
  return {
    field: 'references',
    message: `Element "${el.name}" has ${el.angleUrls?.length} extra angles; Kling takes at most ${max}.`,
    fix: names
      ? `Hide or remove ${listed(names.slice(max))} in the "${el.name}" frame to send ${listed(names.slice(0, max))} (its angle frames and image fills after the first are its angles).`
      : `Keep the ${max} clearest angles of "${el.name}".`
  }
}

function castAnglesProblem(el: ReferenceSource, max: number): Problem {
  const count = el.angleUrls?.length ?? 0
  const names = angleNamesOf(el)
  const list = listed
  return {
    field: 'references',
    message: `Cast member ${el.name} has ${count} angles${names ? ` (${names.join(', ')})` : ''}; Kling takes at most ${max} with an element.`,
    fix: names
      ? `Hide or remove ${list(names.slice(max))} in the ${el.name} frame to send ${list(names.slice(0, max))}, or drop ${el.name} from this generation.`
      : `Hide or remove ${count - max} of the angle frames or image fills in the ${el.name} frame, or drop ${el.name} from this generation.`
  }
}
