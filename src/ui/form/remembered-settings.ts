// Remembered (or preset) choices laid over the form. Reading and checking them is the main thread's
// (src/kling/presets.ts); here they only go through fitToModel, as the designer's own choices do.
import type { Mode } from '../../kling/endpoints'
import type { ChosenSettings } from '../../kling/presets'
import type { FormSettings } from './form-settings'
import { fitToModel } from './option-availability'

/** Changing the output resets the count to that output's default, as the form does. */
export function applyChoices(settings: FormSettings, choices: Partial<ChosenSettings>, mode: Mode): FormSettings {
  const outputChanges = choices.output !== undefined && choices.output !== settings.output
  return fitToModel({ ...settings, ...choices, ...(outputChanges && { count: undefined }) }, mode)
}
