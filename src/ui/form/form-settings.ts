// The panel's settings and what each model offers, read from the catalog. Switching model moves an
// unavailable choice to the nearest one that exists, and says so (option-availability.ts).
import type { GenerationSettings } from '../../kling/compose'
import { capabilities, DEFAULT_VARIATIONS, MAX_SERIES, MIN_SERIES } from '../../kling/capabilities'
import type { AspectRatioOrAuto, Mode, ModelId, OutputFormat, Range, Resolution } from '../../kling/catalog'
import type { OutputKind } from '../../kling/prompt-draft'

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

export { DEFAULT_VARIATIONS } from '../../kling/capabilities'

export interface OfferedOptions {
  outputs: OutputKind[]
  resolutions: readonly Resolution[]
  aspectRatios: readonly AspectRatioOrAuto[]
  formats: readonly OutputFormat[]
  negativePrompt: boolean
  /** The Count field's range for each output that has one; `default` when Count is left empty. */
  counts: { variations: Range & { default: number }; series: Range }
}

export function offeredOptions(model: ModelId, mode: Mode): OfferedOptions {
  const caps = capabilities(model, mode)
  return {
    outputs: caps.series ? ['single', 'variations', 'series'] : ['single', 'variations'],
    resolutions: caps.resolutions,
    aspectRatios: caps.aspectRatios,
    formats: caps.formats,
    negativePrompt: caps.negativePrompt,
    counts: {
      variations: { min: caps.variations.min, max: caps.numImages.max, default: caps.variations.default },
      // Series is not offered without a range; the catalog-wide one keeps the field's bounds defined.
      series: caps.series ?? { min: MIN_SERIES, max: MAX_SERIES }
    }
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
