// The designer's list of looks, kept per person by the main thread (clientStorage), which checks it.
import { useEffect, useState } from 'preact/hooks'

import { DEFAULT_TREATMENTS, type Treatment } from '../kling/treatments'
import { mainCalls } from '../rpc'

export function useTreatments(): { treatments: Treatment[]; note: string | undefined; save: (list: Treatment[]) => Promise<void> } {
  const [read, setRead] = useState<{ treatments: Treatment[]; note?: string }>({ treatments: [...DEFAULT_TREATMENTS] })
  useEffect(() => {
    // Unreadable storage is the same as none saved: the built-in looks still work.
    mainCalls().loadTreatments().then(setRead, () => undefined)
  }, [])
  return {
    treatments: read.treatments,
    note: read.note,
    save: async (list) => setRead(await mainCalls().saveTreatments({ treatments: list }))
  }
}
