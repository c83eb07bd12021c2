// The form's settings, kept within what the chosen model offers, with the notes that say what a model
// switch changed (and the way back).
import { useState } from 'preact/hooks'

import type { Mode } from '../kling/endpoints'
import { DEFAULT_SETTINGS, type FormSettings } from './form/form-settings'
import { type FitNote, fitWithNotes, nextNotes } from './form/option-availability'

export function useFittedSettings() {
  const [settings, setSettings] = useState<FormSettings>(DEFAULT_SETTINGS)
  const [notes, setNotes] = useState<FitNote[]>([])
  function update(change: Partial<FormSettings>, mode: Mode) {
    const fitted = fitWithNotes({ ...settings, ...change }, mode)
    setSettings(fitted.settings)
    setNotes(nextNotes(notes, fitted.notes, change))
  }
  return { settings, setSettings, notes, update }
}
