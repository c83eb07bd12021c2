// The Figma main thread: follows the selection, exports references, and builds and fills storyboards.
// It has no network access; the UI does all of that and calls in through the typed channel.
import { emit, on, showUI } from '@create-figma-plugin/utilities'

import type { CastChangedHandler, SelectionChangedHandler, ThumbnailHandler, UiReadyHandler } from '../messages'
import { serveMainApi } from '../rpc'
import { deletePreset, loadPresets, loadSettings, loadTreatments, lookupUploads, rememberUpload, savePreset, saveSettings, saveTreatments } from './client-storage'
import { castNames, refreshCastIndexOnOpen, refreshCurrentPage, touchesCast } from './cast-index'
import { castReferences } from './cast-reference'
import { exportApi } from './export-api'
import { loadFileSettings, saveFileSettings } from './file-settings'
import { fitToast } from '../toast'
import { jobApi } from './job-api'
import { isPanel, isStoryboard } from './keyframe-nodes'
import { makeLooksSheet, useLook } from './looks-sheet'
import { pastJobs, showJob } from './past-jobs'
import { panelReference } from './panel-reference'
import { createFormatsSection, withdrawUnsent } from './formats-section'
import { renumberPanels } from './renumber'
import { referenceExports } from './reference-exports'
import { readCurrentSelection } from './selection'
import { versionApi } from './version-api'

const THUMBNAIL_HEIGHT = 64

export default function () {
  let version = 0

  async function publishSelection(): Promise<void> {
    const current = ++version
    // Always sent, even when nothing could be read: the UI must never act on a stale selection.
    const { nodes: selection, contents } = await readCurrentSelection(() => figma.currentPage.selection)
    if (current !== version) return
    emit<SelectionChangedHandler>('SELECTION_CHANGED', { version: current, ...contents })
    // Thumbnails follow one at a time, and stop as soon as the selection changes again.
    // A layout's too: the panel shows it as a reference when the designer says it is one.
    for (const ref of [...contents.references, ...contents.layouts.flatMap((l) => (l.asReference ? [l.asReference] : []))]) {
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

  // Calls that change what a selected panel or storyboard shows (versions, numbers, a running job) send the
  // selection again; only when one is selected, since filling each panel of a job would otherwise re-read
  // every selected reference and export its thumbnail again, once per image.
  const republishing = <A extends unknown[], R>(call: (...args: A) => R | Promise<R>) => async (...args: A): Promise<R> => {
    try {
      return await call(...args)
    } finally {
      if (figma.currentPage.selection.some((n) => isPanel(n) || isStoryboard(n))) void publishSelection()
    }
  }
  const jobs = jobApi()
  const versions = versionApi()

  serveMainApi({
    loadSettings,
    saveSettings,
    lookupUploads,
    rememberUpload: ({ hash, url }) => rememberUpload(hash, url),
    ...referenceExports(),
    panelReference: ({ panelId }) => panelReference(panelId),
    castReferences: ({ names }) => castReferences(names),
    loadFileSettings,
    saveFileSettings,
    loadPresets,
    savePreset: ({ name, settings }) => savePreset(name, settings),
    deletePreset: ({ name }) => deletePreset(name),
    ...exportApi(),
    ...jobs,
    pastJobs: ({ limit }) => pastJobs(limit),
    // The selection changes, so the panel follows it as for a click on the canvas.
    showJob,
    startJob: republishing(jobs.startJob),
    fillPanel: republishing(jobs.fillPanel),
    finishJob: republishing(jobs.finishJob),
    stepVersion: republishing(versions.stepVersion),
    removeVersion: republishing(versions.removeVersion),
    loadTreatments,
    saveTreatments: ({ treatments }) => saveTreatments(treatments),
    makeLooksSheet,
    // The panel shows its new version; the look's card says where it went.
    useLook: republishing(({ panelId }: { panelId: string }) => useLook(panelId)),
    // Selected panels show their new numbers.
    renumberPanels: republishing(({ sectionId }: { sectionId: string }) => renumberPanels(sectionId)),
    createFormatsSection,
    withdrawUnsent,
    notify: ({ message, error }) => {
      figma.notify(fitToast(message), { error: error === true })
    }
  })

  // The cast: its index is brought up to date once the UI listens, then follows renames on the current page.
  // A failure leaves the cast empty (mentions read as unknown, with their fix), never the plugin broken.
  let castSent = ''
  const publishCast = (names: string[]): void => {
    const key = JSON.stringify(names)
    if (key === castSent) return
    castSent = key
    emit<CastChangedHandler>('CAST_CHANGED', { names })
  }
  const castChanged = (event: NodeChangeEvent): void => {
    if (!touchesCast(event)) return
    try {
      publishCast(castNames(refreshCurrentPage()))
    } catch {
      // Kept as it was; the next open rebuilds it.
    }
  }
  figma.currentPage.on('nodechange', castChanged)

  on<UiReadyHandler>('UI_READY', () => {
    void publishSelection()
    castSent = ''
    refreshCastIndexOnOpen().then(
      (index) => publishCast(castNames(index)),
      () => publishCast([])
    )
  })
  figma.on('selectionchange', () => void publishSelection())
  // Opened from a panel's relaunch button, the panel lands on that action for the selected panels.
  showUI({ width: 360, height: 640, title: 'Keyframe' }, { command: figma.command })
}
