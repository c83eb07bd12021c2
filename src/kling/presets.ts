// The generation settings a file remembers and a preset carries (model, output, resolution, aspect ratio,
// format), the built-in presets, and the careful reading of stored values. Free of the zod catalog so the
// main thread, which stores and checks them, does not bundle it: the choices are spelt out here and a test
// holds them to the catalog's (test/kling/presets.test.ts). A value written by another version of the
// plugin, or edited by hand, never breaks the panel: what is not a known choice is dropped.
import type { ModelId } from './endpoints'
import type { OutputKind } from './prompt-draft'
import type { AspectRatioOrAuto, OutputFormat, Resolution } from './schemas'

export interface ChosenSettings {
  model: ModelId
  output: OutputKind
  resolution: Resolution
  aspectRatio: AspectRatioOrAuto
  format: OutputFormat
}

export interface Preset {
  name: string
  settings: Partial<ChosenSettings>
}

export const CHOICES: { readonly [K in keyof ChosenSettings]: readonly ChosenSettings[K][] } = {
  model: ['v3', 'o3'],
  output: ['single', 'variations', 'series'],
  resolution: ['1K', '2K', '4K'],
  aspectRatio: ['16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3', '21:9', 'auto'],
  format: ['jpeg', 'png', 'webp']
}

export const CHOSEN_KEYS = ['model', 'output', 'resolution', 'aspectRatio', 'format'] as const satisfies readonly (keyof ChosenSettings)[]

export const BUILT_IN_PRESETS: readonly Preset[] = [
  { name: 'Storyboard 16:9', settings: { model: 'o3', output: 'series', resolution: '1K', aspectRatio: '16:9' } },
  { name: 'Key art 2:3 2K', settings: { model: 'o3', output: 'single', resolution: '2K', aspectRatio: '2:3' } },
  { name: 'Poster 3:4 2K', settings: { model: 'o3', output: 'single', resolution: '2K', aspectRatio: '3:4' } },
  { name: 'Banner 21:9 4K', settings: { model: 'o3', output: 'single', resolution: '4K', aspectRatio: '21:9' } },
  { name: 'Social 9:16', settings: { model: 'o3', output: 'single', resolution: '1K', aspectRatio: '9:16' } }
]

/** Bumped when the meaning of a field changes; a file's value of another version is ignored as a whole. */
export const REMEMBERED_VERSION = 1
export const MAX_PRESET_NAME = 40
export const MAX_SAVED_PRESETS = 30

export function chosenOf(settings: ChosenSettings): ChosenSettings {
  return { model: settings.model, output: settings.output, resolution: settings.resolution, aspectRatio: settings.aspectRatio, format: settings.format }
}

/** The fields of `value` that are choices the catalog offers; anything else is left out. */
export function readChoices(value: unknown): Partial<ChosenSettings> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {}
  const record = value as Record<string, unknown>
  const choices: Partial<Record<keyof ChosenSettings, string>> = {}
  for (const key of CHOSEN_KEYS) {
    const field = record[key]
    if (typeof field === 'string' && (CHOICES[key] as readonly string[]).includes(field)) choices[key] = field
  }
  return choices as Partial<ChosenSettings>
}

/** All five choices, or undefined when any is missing or unknown. */
export function completeChoices(value: unknown): ChosenSettings | undefined {
  const choices = readChoices(value)
  return CHOSEN_KEYS.every((key) => choices[key] !== undefined) ? (choices as ChosenSettings) : undefined
}

export function serializeRemembered(settings: ChosenSettings): string {
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

/** Whether the form already has every setting the preset names (the preset shows as chosen). */
export function presetMatches(settings: ChosenSettings, preset: Preset): boolean {
  return CHOSEN_KEYS.every((key) => preset.settings[key] === undefined || preset.settings[key] === settings[key])
}

/** The designer's presets as stored; entries that are not a named, complete set of valid choices are dropped. */
export function parseSavedPresets(value: unknown): Preset[] {
  if (!Array.isArray(value)) return []
  const presets: Preset[] = []
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null) continue
    const name = (entry as { name?: unknown }).name
    const settings = completeChoices((entry as { settings?: unknown }).settings)
    if (typeof name !== 'string' || settings === undefined || checkPresetName(name, presets) !== null) continue
    presets.push({ name: name.trim(), settings })
  }
  return presets.slice(0, MAX_SAVED_PRESETS)
}

/** Why this name cannot be used for a new preset, or null when it can. */
export function checkPresetName(name: string, saved: readonly Preset[]): string | null {
  const trimmed = name.trim()
  if (trimmed === '') return 'Type a name for the preset.'
  if (trimmed.length > MAX_PRESET_NAME) return `Preset names are at most ${MAX_PRESET_NAME} characters; shorten it.`
  const same = (p: Preset) => p.name.toLowerCase() === trimmed.toLowerCase()
  if (BUILT_IN_PRESETS.some(same)) return `"${trimmed}" is a built-in preset; choose another name.`
  if (saved.some(same)) return `You already have a preset named "${trimmed}"; choose another name or delete that one first.`
  return null
}

/** The saved list with `settings` added under `name`; throws with the reason when it can't be. */
export function addPreset(saved: readonly Preset[], name: string, settings: unknown): Preset[] {
  const problem = checkPresetName(name, saved)
  if (problem !== null) throw new Error(problem)
  if (saved.length >= MAX_SAVED_PRESETS) throw new Error(`You have ${MAX_SAVED_PRESETS} presets, the most kept; delete one first.`)
  const chosen = completeChoices(settings)
  if (!chosen) throw new Error('A preset needs a model, output, resolution, aspect ratio and format the catalog knows.')
  return [...saved, { name: name.trim(), settings: chosen }]
}

export function removePreset(saved: readonly Preset[], name: string): Preset[] {
  return saved.filter((p) => p.name !== name)
}
