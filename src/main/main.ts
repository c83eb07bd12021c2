// The Figma main thread: follows the selection, exports references, and builds and fills storyboards.
// It has no network access; the UI does all of that and calls in through the typed channel.
import { emit, on, showUI } from '@create-figma-plugin/utilities'

import type { SelectionChangedHandler, ThumbnailHandler, UiReadyHandler } from '../messages'
import { serveMainApi } from '../rpc'
import { loadSettings, lookupUploads, rememberUpload, saveSettings } from './client-storage'
import { exportReference } from './export-reference'
import { fitToast } from '../toast'
import { jobApi } from './job-api'
import { renumberPanels } from './renumber'
import { readSelection } from './selection'

const THUMBNAIL_HEIGHT = 64

export default function () {
  let version = 0

  async function publishSelection(): Promise<void> {
    const current = ++version
    const selection = figma.currentPage.selection
    const contents = readSelection(selection)
    emit<SelectionChangedHandler>('SELECTION_CHANGED', { version: current, ...contents })
    // Thumbnails follow one at a time, and stop as soon as the selection changes again.
    for (const ref of contents.references) {
      if (current !== version) return
      const node = selection.find((n) => n.id === ref.id)
      if (!node || !node.visible) continue
      try {
        const bytes = await node.exportAsync({ format: 'PNG', constraint: { type: 'HEIGHT', value: THUMBNAIL_HEIGHT } })
        if (current === version) emit<ThumbnailHandler>('THUMBNAIL', { version: current, nodeId: ref.id, bytes })
      } catch {
        // A thumbnail is a nicety; the reference itself is still listed.
      }
    }
  }

  serveMainApi({
    loadSettings,
    saveSettings,
    lookupUploads,
    rememberUpload: ({ hash, url }) => rememberUpload(hash, url),
    exportReference: async ({ nodeId, maxSide }) => {
      const node = await figma.getNodeByIdAsync(nodeId)
      if (!node || node.type === 'DOCUMENT' || node.type === 'PAGE') {
        throw new Error('A selected reference was deleted. Select it again.')
      }
      return exportReference(node as SceneNode, maxSide)
    },
    ...jobApiRepublishing(),
    renumberPanels: async ({ sectionId }) => {
      const result = await renumberPanels(sectionId)
      void publishSelection() // selected panels now show their new numbers
      return result
    },
    notify: ({ message, error }) => {
      figma.notify(fitToast(message), { error: error === true })
    }
  })

  /** The job calls, with the selection sent again when a section's panels change (numbers, count). */
  function jobApiRepublishing(): ReturnType<typeof jobApi> {
    const api = jobApi()
    return {
      ...api,
      startJob: async (plan) => {
        const result = await api.startJob(plan)
        void publishSelection()
        return result
      },
      finishJob: async (outcome) => {
        await api.finishJob(outcome)
        void publishSelection()
      }
    }
  }

  on<UiReadyHandler>('UI_READY', () => void publishSelection())
  figma.on('selectionchange', () => void publishSelection())
  showUI({ width: 360, height: 640, title: 'Keyframe' })
}
