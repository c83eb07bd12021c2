// The designer's own presets: read from their clientStorage with a check, saved and deleted through the main thread.
import { useEffect, useState } from 'preact/hooks'

import { mainCalls } from '../rpc'
import type { FormSettings } from './form/form-settings'
import { addPreset, parseSavedPresets, type Preset, removePreset } from './form/presets'

export function usePresets(): {
  saved: Preset[]
  save: (name: string, settings: FormSettings) => Promise<void>
  remove: (name: string) => Promise<void>
} {
  const [saved, setSaved] = useState<Preset[]>([])
  useEffect(() => {
    // Unreadable presets are the same as none: the built-in ones still work.
    mainCalls().loadPresets().then((stored) => setSaved(parseSavedPresets(stored)), () => undefined)
  }, [])
  const store = async (next: Preset[]) => {
    await mainCalls().savePresets({ presets: next })
    setSaved(next)
  }
  return {
    saved,
    // Async, so a refused name rejects the promise the row shows, rather than throwing in the click handler.
    save: async (name, settings) => store(addPreset(saved, name, settings)),
    remove: async (name) => store(removePreset(saved, name))
  }
}
