// The generation settings a file remembers (model, output, resolution, aspect ratio, format), as JSON in
// the document's plugin data. Pure: what is written, and a careful read of whatever is found there. A value
// written by an older or newer plugin, or edited by hand, never breaks the panel: each field that is not
// a choice the catalog knows is dropped and the default stays.
import type { Mode } from '../../kling/endpoints'
import type { OutputKind } from '../../kling/prompt-draft'
import { ASPECT_RATIOS, type AspectRatioOrAuto, type OutputFormat, OUTPUT_FORMATS, O3_RESOLUTIONS, type Resolution } from '../../kling/schemas'
import { fitToModel, type FormSettings } from './form-settings'

/** The settings a file and a preset carry; the prompt and negative prompt follow the selection instead. */
export type ChosenSettings = Pick<FormSettings, 'model' | 'output' | 'resolution' | 'aspectRatio' | 'format'>

export const CHOSEN_KEYS = ['model', 'output', 'resolution', 'aspectRatio', 'format'] as const satisfies readonly (keyof ChosenSettings)[]

/** Bumped when the meaning of a field changes; a value of another version is ignored as a whole. */
export const REMEMBERED_VERSION = 1

const ALLOWED: { [K in keyof ChosenSettings]: readonly ChosenSettings[K][] } = {
  model: ['v3', 'o3'],
  output: ['single', 'variations', 'series'] satisfies OutputKind[],
  resolution: O3_RESOLUTIONS satisfies readonly Resolution[],
  aspectRatio: [...ASPECT_RATIOS, 'auto'] satisfies AspectRatioOrAuto[],
  format: OUTPUT_FORMATS satisfies readonly OutputFormat[]
}

export function chosenOf(settings: FormSettings): ChosenSettings {
  return { model: settings.model, output: settings.output, resolution: settings.resolution, aspectRatio: settings.aspectRatio, format: settings.format }
}

/** The fields of `value` that are choices the catalog offers; anything else is left out. */
export function readChoices(value: unknown): Partial<ChosenSettings> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {}
  const record = value as Record<string, unknown>
  const choices: Partial<Record<keyof ChosenSettings, string>> = {}
  for (const key of CHOSEN_KEYS) {
    const field = record[key]
    if (typeof field === 'string' && (ALLOWED[key] as readonly string[]).includes(field)) choices[key] = field
  }
  return choices as Partial<ChosenSettings>
}

export function serializeRemembered(settings: FormSettings): string {
  return JSON.stringify({ version: REMEMBERED_VERSION, ...chosenOf(settings) })
}

/** What a file's stored value says, field by field; {} when there is none or it cannot be read. */
export function parseRemembered(raw: string): Partial<ChosenSettings> {
  if (raw === '') return {}
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return {}
  }
  if (typeof value !== 'object' || value === null || (value as { version?: unknown }).version !== REMEMBERED_VERSION) return {}
  return readChoices(value)
}

/**
 * The form with remembered (or preset) choices laid over it, kept within what the model offers in this
 * mode. Changing the output resets the count to that output's default, as the form does.
 */
export function applyChoices(settings: FormSettings, choices: Partial<ChosenSettings>, mode: Mode): FormSettings {
  const outputChanges = choices.output !== undefined && choices.output !== settings.output
  return fitToModel({ ...settings, ...choices, ...(outputChanges && { count: undefined }) }, mode)
}
