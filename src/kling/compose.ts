// The request composer: from what the designer selected and set, to a fal request that is valid
// against the catalog, or a list of errors that say what to change. Pure: no Figma, DOM or network.
import { endpointFor, type KlingRequest, MODELS, type ModelId, type Mode } from './endpoints'
import { checkRequest } from './kling-request'
import { lintRequest } from './lints'
import { nominalOutputSize, type PixelSize } from './output-size'
import { estimateCostUsd } from './pricing'
import { promptLength } from './prompt-length'
import { draftPrompt, type OutputKind, panelCaptions, type TextLayer } from './prompt-draft'
import {
  type AspectRatio,
  type AspectRatioOrAuto,
  type ElementInput,
  MAX_ELEMENT_ANGLES,
  MAX_IMAGES_PER_REQUEST,
  MAX_PROMPT_CHARS,
  MAX_REFERENCES,
  MAX_SERIES,
  MIN_SERIES,
  type OutputFormat,
  type Resolution
} from './schemas'
import { withoutMentions } from './section-title'
import { bindTokens, type ReferenceRole, resolveTokens } from './tokens'

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
}

export interface Lint extends Problem {
  code: string
}

export interface Panel {
  /** 1-based, the order fal returns images in. */
  number: number
  caption?: string
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
}

export function composeRequest({ references, textLayers, settings }: CompositionInput): Composition {
  const errors: Problem[] = []
  const model = MODELS[settings.model]
  const images = references.filter((r) => r.role === 'image')
  const elements = references.filter((r) => r.role === 'element')
  const mode: Mode = images.length > 0 ? 'image-to-image' : 'text-to-image'
  const prompt = (settings.prompt ?? draftPrompt(textLayers, settings.output).prompt).trim()

  if (!model.resolutions.includes(settings.resolution)) {
    errors.push({
      field: 'resolution',
      message: `${settings.resolution} is not available on ${model.label}.`,
      fix: `Choose ${model.resolutions.join(' or ')}, or switch Model to O3 for 4K.`
    })
  }
  if (settings.output === 'series' && !model.series) {
    errors.push({
      field: 'output',
      message: `Series is an O3 feature; ${model.label} makes single images and variations.`,
      fix: 'Switch Model to O3, or choose Variations.'
    })
  }
  if (!model.aspectRatios[mode].includes(settings.aspectRatio)) {
    errors.push({
      field: 'aspectRatio',
      message: `Aspect ratio "${settings.aspectRatio}" is only available for O3 image-to-image.`,
      fix: 'Pick a fixed ratio such as 16:9, or select an image reference and use O3.'
    })
  }
  const negativePrompt = settings.negativePrompt?.trim() ?? ''
  if (negativePrompt !== '' && !model.negativePrompt[mode]) {
    errors.push({
      field: 'negativePrompt',
      message: `${model.label} ${mode} has no negative prompt.`,
      fix: 'Say what you want instead in the prompt (e.g. "sharp focus" rather than "not blurry").'
    })
  }

  if (references.length > MAX_REFERENCES) {
    errors.push({
      field: 'references',
      message: `${references.length} references are selected; Kling takes at most ${MAX_REFERENCES} (images and elements together).`,
      fix: `Deselect ${references.length - MAX_REFERENCES} of the frames.`
    })
  }
  // V3's own limit (one image). O3's is the overall limit above, whose message already covers it.
  if (images.length > model.maxImageReferences && model.maxImageReferences < MAX_REFERENCES) {
    errors.push({
      field: 'references',
      message: `${model.label} image-to-image takes one reference image; ${images.length} are selected as images.`,
      fix: 'Switch Model to O3 for several references, or mark the extra frames as elements.'
    })
  }
  for (const el of elements) {
    if ((el.angleUrls?.length ?? 0) > MAX_ELEMENT_ANGLES) {
      errors.push({
        field: 'references',
        message: `Element "${el.name}" has ${el.angleUrls?.length} extra angles; Kling takes at most ${MAX_ELEMENT_ANGLES}.`,
        fix: `Keep the ${MAX_ELEMENT_ANGLES} clearest angles of "${el.name}".`
      })
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
  for (const token of tokens.unknown) {
    errors.push({
      field: 'prompt',
      token,
      message: `The prompt mentions ${token}, but no selected frame is called that.`,
      fix: `Select the frame named ${token} (or rename a frame to it), or remove ${token} from the prompt.`
    })
  }

  const captions = panelCaptions(prompt)
  const count = resolveCount(settings, captions.size, errors)

  const warnings = lintRequest({ settings, mode, prompt, references, unused: tokens.unused, captions, count })
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
  const panels = Array.from({ length: count }, (_, i): Panel => {
    const written = settings.output === 'series' ? captions.get(i + 1) : undefined
    const caption = written === undefined ? undefined : withoutMentions(written, names)
    return caption === undefined ? { number: i + 1 } : { number: i + 1, caption }
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

function resolveCount(settings: GenerationSettings, beats: number, errors: Problem[]): number {
  if (settings.output === 'single') return 1
  if (settings.output === 'variations') {
    const count = settings.count ?? 4
    if (!Number.isInteger(count) || count < 2 || count > MAX_IMAGES_PER_REQUEST) {
      errors.push({
        field: 'count',
        message: `Variations makes 2 to ${MAX_IMAGES_PER_REQUEST} images per request; Count is ${count}.`,
        fix: `Set Count between 2 and ${MAX_IMAGES_PER_REQUEST}, or choose Single.`
      })
    }
    return count
  }
  const count = settings.count ?? Math.max(beats, MIN_SERIES)
  if (!Number.isInteger(count) || count < MIN_SERIES || count > MAX_SERIES) {
    errors.push({
      field: 'count',
      message: `A series has ${MIN_SERIES} to ${MAX_SERIES} panels; ${settings.count === undefined ? `the prompt describes ${beats}` : `Count is ${count}`}.`,
      fix: `Use ${MIN_SERIES} to ${MAX_SERIES} panels (one text layer per beat, or set Count).`
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
