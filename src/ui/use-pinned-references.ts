// Panel images pinned with "Use as reference": kept while the plugin is open, whatever is selected.
import { useState } from 'preact/hooks'

import type { ReferenceSummary } from '../messages'
import { mainCalls } from '../rpc'
import { pinReference, unpinReference } from './form/pinned-references'

/** As tall as the selection's thumbnails (64 px), for the 40 px square in the list. */
const THUMBNAIL_SIDE = 64

export function usePinnedReferences(): {
  pinned: ReferenceSummary[]
  thumbnails: ReadonlyMap<string, string>
  /** Rejects with the main thread's reason when the panel has no image (nothing is pinned then). */
  pin: (panelId: string) => Promise<void>
  unpin: (id: string) => void
} {
  const [pinned, setPinned] = useState<ReferenceSummary[]>([])
  const [thumbnails, setThumbnails] = useState<ReadonlyMap<string, string>>(new Map())
  return {
    pinned,
    thumbnails,
    pin: async (panelId) => {
      const reference = await mainCalls().panelReference({ panelId })
      setPinned((current) => pinReference(current, reference))
      // The selection's thumbnails do not cover it (it is not selected): one small export of its own.
      try {
        const small = await mainCalls().exportReference({ nodeId: reference.id, maxSide: THUMBNAIL_SIDE })
        const url = URL.createObjectURL(new Blob([small.bytes as BlobPart], { type: small.mimeType }))
        setThumbnails((current) => new Map(current).set(reference.id, url))
      } catch {
        // A thumbnail is a nicety; the reference itself is listed.
      }
    },
    unpin: (id) => {
      setPinned((current) => unpinReference(current, id))
      setThumbnails((current) => {
        const url = current.get(id)
        if (url === undefined) return current
        URL.revokeObjectURL(url)
        const next = new Map(current)
        next.delete(id)
        return next
      })
    }
  }
}
