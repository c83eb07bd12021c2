// The panel's settings and what each model offers, read from the catalog. Switching model moves an
// unavailable choice to the nearest one that exists, and says so (option-availability.ts).
import type { GenerationSettings } from '../../kling/compose'
import { type Mode, MODELS, type ModelId } from '../../kling/endpoints'
import type { OutputKind } from '../../kling/prompt-draft'
import { type AspectRatioOrAuto, type OutputFormat, OUTPUT_FORMATS, type Resolution } from '../../kling/schemas'

export interface FormSettings {
  model: ModelId
  output: OutputKind
  /** Undefined: the default for the output (4 variations, or one panel per beat). */
  count: number | undefined
  resolution: Resolution
  aspectRatio: AspectRatioOrAuto
  format: OutputFormat
  /** Undefined until the designer edits it: the prompt follows the selected text layers. */
  prompt: string | undefined
  negativePrompt: string
}

export const DEFAULT_SETTINGS: FormSettings = {
  model: 'o3',
  output: 'single',
  count: undefined,
  resolution: '1K',
  aspectRatio: '16:9',
  format: 'png',
  prompt: undefined,
  negativePrompt: ''
}

export const DEFAULT_VARIATIONS = 4

export interface OfferedOptions {
  outputs: OutputKind[]
  resolutions: readonly Resolution[]
  aspectRatios: readonly AspectRatioOrAuto[]
  formats: readonly OutputFormat[]
  negativePrompt: boolean
}

export function offeredOptions(model: ModelId, mode: Mode): OfferedOptions {
  const caps = MODELS[model]
  return {
    outputs: caps.series ? ['single', 'variations', 'series'] : ['single', 'variations'],
    resolutions: caps.resolutions,
    aspectRatios: caps.aspectRatios[mode],
    formats: OUTPUT_FORMATS,
    negativePrompt: caps.negativePrompt[mode]
  }
}

export function toGenerationSettings(settings: FormSettings, draftedPrompt: string): GenerationSettings {
  return {
    model: settings.model,
    output: settings.output,
    count: settings.output === 'single' ? undefined : settings.count ?? (settings.output === 'variations' ? DEFAULT_VARIATIONS : undefined),
    resolution: settings.resolution,
    aspectRatio: settings.aspectRatio,
    format: settings.format,
    prompt: settings.prompt ?? draftedPrompt,
    negativePrompt: settings.negativePrompt === '' ? undefined : settings.negativePrompt
  }
}
