// Presets: named settings applied in one click. The built-in ones name only what they are about (a
// storyboard preset leaves the format alone); a designer's own preset carries all five choices. Saved
// presets live in the designer's clientStorage and are read back carefully, like the file's settings.
import { type ChosenSettings, chosenOf, CHOSEN_KEYS, readChoices } from './remembered-settings'
import type { FormSettings } from './form-settings'

export interface Preset {
  name: string
  settings: Partial<ChosenSettings>
}

export const BUILT_IN_PRESETS: readonly Preset[] = [
  { name: 'Storyboard 16:9', settings: { model: 'o3', output: 'series', resolution: '1K', aspectRatio: '16:9' } },
  { name: 'Key art 2:3 2K', settings: { model: 'o3', output: 'single', resolution: '2K', aspectRatio: '2:3' } },
  { name: 'Poster 3:4 2K', settings: { model: 'o3', output: 'single', resolution: '2K', aspectRatio: '3:4' } },
  { name: 'Banner 21:9 4K', settings: { model: 'o3', output: 'single', resolution: '4K', aspectRatio: '21:9' } },
  { name: 'Social 9:16', settings: { model: 'o3', output: 'single', resolution: '1K', aspectRatio: '9:16' } }
]

export const MAX_PRESET_NAME = 40
export const MAX_SAVED_PRESETS = 30

/** Whether the form already has every setting the preset names (the preset shows as chosen). */
export function presetMatches(settings: FormSettings, preset: Preset): boolean {
  return CHOSEN_KEYS.every((key) => preset.settings[key] === undefined || preset.settings[key] === settings[key])
}

/** The designer's presets as stored; entries that are not a named, complete set of valid choices are dropped. */
export function parseSavedPresets(value: unknown): Preset[] {
  if (!Array.isArray(value)) return []
  const presets: Preset[] = []
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null) continue
    const name = (entry as { name?: unknown }).name
    const settings = readChoices((entry as { settings?: unknown }).settings)
    if (typeof name !== 'string' || checkPresetName(name, presets) !== null) continue
    if (CHOSEN_KEYS.some((key) => settings[key] === undefined)) continue
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

/** The saved list with the current settings added under `name`; throws with the reason when it can't be. */
export function addPreset(saved: readonly Preset[], name: string, settings: FormSettings): Preset[] {
  const problem = checkPresetName(name, saved)
  if (problem !== null) throw new Error(problem)
  if (saved.length >= MAX_SAVED_PRESETS) throw new Error(`You have ${MAX_SAVED_PRESETS} presets, the most kept; delete one first.`)
  return [...saved, { name: name.trim(), settings: chosenOf(settings) }]
}

export function removePreset(saved: readonly Preset[], name: string): Preset[] {
  return saved.filter((p) => p.name !== name)
}
