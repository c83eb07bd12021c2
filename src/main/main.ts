// The Figma main thread: follows the selection, exports references, and builds and fills storyboards.
// It has no network access; the UI does all of that and calls in through the typed channel.
import { emit, on, showUI } from '@create-figma-plugin/utilities'

import type { SelectionChangedHandler, ThumbnailHandler, UiReadyHandler } from '../messages'
import { serveMainApi } from '../rpc'
import { loadSettings, lookupUploads, rememberUpload, saveSettings } from './client-storage'
import { exportReference } from './export-reference'
import { findJobSection, pendingJobs, saveJob } from './jobs'
import { buildProvenance } from './provenance'
import { readSelection } from './selection'
import { createStoryboard, failPanel, fillPanel } from './storyboard'

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
    startJob: async (plan) => {
      const section = await createStoryboard(plan)
      saveJob(section, { ...plan, state: 'submitting', sectionId: section.id, filled: [] })
      return { sectionId: section.id }
    },
    recordSubmitted: async ({ jobId, requestId }) => {
      const { section, job } = await findJobSection(jobId)
      saveJob(section, { ...job, state: 'submitted', requestId })
    },
    fillPanel: async (image) => {
      const { section, job } = await findJobSection(image.jobId)
      const provenance = buildProvenance(job, image, new Date())
      await fillPanel(section, image, JSON.stringify(provenance), job.nominalSize)
      saveJob(section, { ...job, filled: [...new Set([...job.filled, image.number])] })
    },
    failPanel: async ({ jobId, number, message }) => {
      const { section, job } = await findJobSection(jobId)
      await failPanel(section, number, message, job.nominalSize)
    },
    finishJob: async ({ jobId, state, message }) => {
      const { section, job } = await findJobSection(jobId)
      saveJob(section, { ...job, state })
      // A job that placed nothing and will place nothing leaves no empty section behind.
      const nothingComing = state === 'cancelled' || (state === 'failed' && job.requestId === undefined)
      if (nothingComing && job.filled.length === 0) section.remove()
      if (message !== '') figma.notify(message.slice(0, 100), { error: state === 'failed' })
    },
    pendingJobs,
    notify: ({ message, error }) => {
      figma.notify(message.slice(0, 100), { error: error === true })
    }
  })

  on<UiReadyHandler>('UI_READY', () => void publishSelection())
  figma.on('selectionchange', () => void publishSelection())
  showUI({ width: 360, height: 640, title: 'Keyframe' })
}
