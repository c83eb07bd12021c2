// The generation settings this file remembers, in the document's own plugin data, so whoever opens the
// file starts where its last generation left off. Read back with a check: an old or damaged value gives
// the defaults, never an error.
import { type ChosenSettings, completeChoices, parseRemembered, serializeRemembered } from '../kling/presets'

export const FILE_SETTINGS_KEY = 'keyframe.file-settings'

export function loadFileSettings(): Partial<ChosenSettings> {
  return parseRemembered(figma.root.getPluginData(FILE_SETTINGS_KEY))
}

export function saveFileSettings(settings: ChosenSettings): void {
  const chosen = completeChoices(settings)
  if (!chosen) throw new Error('Settings to remember need a model, output, resolution, aspect ratio and format the catalog knows.')
  figma.root.setPluginData(FILE_SETTINGS_KEY, serializeRemembered(chosen))
}
