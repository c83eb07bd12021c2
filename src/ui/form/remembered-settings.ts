// Remembered (or preset) choices laid over the form. Reading and checking them is the main thread's
// (src/kling/presets.ts); here they become a change to the form, fitted as the designer's own choices are,
// so whatever the model or mode cannot take is changed with a note, never silently.
import type { Mode } from '../../kling/endpoints'
import type { ChosenSettings } from '../../kling/presets'
import type { FormSettings } from './form-settings'
import { fitToModel } from './option-availability'

/** The choices as a change to the form: changing the output resets the count to that output's default, as the form does. */
export function choicesAsChange(settings: FormSettings, choices: Partial<ChosenSettings>): Partial<FormSettings> {
  const outputChanges = choices.output !== undefined && choices.output !== settings.output
  return { ...choices, ...(outputChanges && { count: undefined }) }
}

/** The choices applied and fitted, without notes (for tests and callers that need only the settings). */
export function applyChoices(settings: FormSettings, choices: Partial<ChosenSettings>, mode: Mode): FormSettings {
  return fitToModel({ ...settings, ...choicesAsChange(settings, choices) }, mode)
}
