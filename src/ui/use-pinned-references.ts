// Panel images pinned with "Use as reference": kept while the plugin is open, whatever is selected.
import { useState } from 'preact/hooks'

import type { ReferenceSummary } from '../messages'
import { mainCalls } from '../rpc'
import { pinReference, unpinReference } from './form/pinned-references'

export function usePinnedReferences(): {
  pinned: ReferenceSummary[]
  /** Rejects with the main thread's reason when the panel has no image (nothing is pinned then). */
  pin: (panelId: string) => Promise<void>
  unpin: (id: string) => void
} {
  const [pinned, setPinned] = useState<ReferenceSummary[]>([])
  return {
    pinned,
    pin: async (panelId) => {
      const reference = await mainCalls().panelReference({ panelId })
      setPinned((current) => pinReference(current, reference))
    },
    unpin: (id) => setPinned((current) => unpinReference(current, id))
  }
}
