// The designer's own presets, kept per person by the main thread (clientStorage), which checks names and values.
import { useEffect, useState } from 'preact/hooks'

import { chosenOf, type ChosenSettings, type Preset } from '../kling/presets'
import { mainCalls } from '../rpc'

export function usePresets(): {
  saved: Preset[]
  save: (name: string, settings: ChosenSettings) => Promise<void>
  remove: (name: string) => Promise<void>
} {
  const [saved, setSaved] = useState<Preset[]>([])
  useEffect(() => {
    // Unreadable presets are the same as none: the built-in ones still work.
    mainCalls().loadPresets().then(setSaved, () => undefined)
  }, [])
  return {
    saved,
    save: async (name, settings) => setSaved(await mainCalls().savePreset({ name, settings: chosenOf(settings) })),
    remove: async (name) => setSaved(await mainCalls().deletePreset({ name }))
  }
}
