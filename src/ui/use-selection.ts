// Follows the Figma selection as the main thread reports it, with thumbnails as they arrive.
import { emit, on } from '@create-figma-plugin/utilities'
import { useEffect, useState } from 'preact/hooks'

import type { SelectionChangedHandler, SelectionSnapshot, ThumbnailHandler, UiReadyHandler } from '../messages'

export const EMPTY_SELECTION: SelectionSnapshot = { version: 0, references: [], textLayers: [], panels: [], storyboards: [], ignored: [] }

export function useSelection(): { selection: SelectionSnapshot; thumbnails: ReadonlyMap<string, string> } {
  const [selection, setSelection] = useState<SelectionSnapshot>(EMPTY_SELECTION)
  const [thumbnails, setThumbnails] = useState<ReadonlyMap<string, string>>(new Map())

  useEffect(() => {
    let version = 0
    let urls = new Map<string, string>()
    const offSelection = on<SelectionChangedHandler>('SELECTION_CHANGED', (snapshot) => {
      version = snapshot.version
      for (const url of urls.values()) URL.revokeObjectURL(url)
      urls = new Map()
      setThumbnails(urls)
      setSelection(snapshot)
    })
    const offThumbnail = on<ThumbnailHandler>('THUMBNAIL', ({ version: v, nodeId, bytes }) => {
      if (v !== version) return
      urls = new Map(urls).set(nodeId, URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'image/png' })))
      setThumbnails(urls)
    })
    emit<UiReadyHandler>('UI_READY')
    return () => {
      offSelection()
      offThumbnail()
    }
  }, [])

  return { selection, thumbnails }
}
