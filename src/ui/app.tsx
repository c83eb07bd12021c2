// The plugin panel: references and prompt from the selection, the generation settings, cost and
// Generate, and the jobs running. Settings (proxy URL and token) live in their own view.
import { Button, IconButton, IconAdjust16 } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useEffect, useMemo, useState } from 'preact/hooks'

import { errorMessage } from '../error-message'
import { formatUsd } from '../kling/pricing'
import { chosenOf } from '../kling/presets'
import { sectionTitle } from '../kling/section-title'
import { bindTokens, type ReferenceRole } from '../kling/tokens'
import type { ProxySettings } from '../messages'
import { LOCAL_PROXY_URL } from '../proxy-url'
import { mainCalls } from '../rpc'
import { FieldMessages } from './components/field'
import { ExportButtons } from './components/export-buttons'
import { GenerateForm } from './components/generate-form'
import { JobList } from './components/job-list'
import { PresetRow } from './components/preset-row'
import { PromptField } from './components/prompt-field'
import { ReferenceList } from './components/reference-list'
import { SettingsView } from './components/settings-view'
import { styles } from './components/styles'
import { UseAsReference } from './components/use-as-reference'
import { DEFAULT_SETTINGS, fitToModel, type FormSettings, toGenerationSettings } from './form/form-settings'
import { withPinned } from './form/pinned-references'
import { previewRequest } from './form/preview'
import { applyChoices } from './form/remembered-settings'
import { JobBoard } from './jobs/job-board'
import { browserJobDeps } from './jobs/browser-job-deps'
import { pickUpUnfinished, refreshOthers } from './jobs/pick-up-unfinished'
import { runJob } from './jobs/run-job'
import { useJobBoard } from './use-job-board'
import { usePinnedReferences } from './use-pinned-references'
import { usePresets } from './use-presets'
import { useSelection } from './use-selection'

export function App() {
  const { selection: selected, thumbnails: selectedThumbnails } = useSelection()
  const { pinned, thumbnails: pinnedThumbnails, pin, unpin } = usePinnedReferences()
  // Pinned panel images are references whatever is selected.
  const selection = useMemo(() => withPinned(selected, pinned), [selected, pinned])
  const pinnedIds = useMemo(() => new Set(pinned.map((p) => p.id)), [pinned])
  const thumbnails = useMemo(() => new Map([...pinnedThumbnails, ...selectedThumbnails]), [pinnedThumbnails, selectedThumbnails])
  const presets = usePresets()
  const [proxy, setProxy] = useState<ProxySettings | null>(null)
  const [view, setView] = useState<'generate' | 'settings'>('generate')
  const [roles, setRoles] = useState<ReadonlyMap<string, ReferenceRole>>(new Map())
  const [settings, setSettings] = useState<FormSettings>(DEFAULT_SETTINGS)
  const board = useMemo(() => new JobBoard(), [])
  const jobs = useJobBoard(board)

  const preview = useMemo(() => previewRequest(selection, roles, settings), [selection, roles, settings])
  const tokens = useMemo(
    () => new Map(bindTokens(preview.references).map((b) => [preview.references[b.index]?.id ?? '', b.canonical])),
    [preview.references]
  )

  // Settings first, then the jobs left unfinished in this file: this person's resume, others' are shown.
  useEffect(() => {
    let stop = (): void => undefined
    let closed = false
    const unfinished = () => mainCalls().pendingJobs()
    const warn = (message: string) =>
      void mainCalls().notify({ message: `Could not read this file's unfinished jobs: ${message}`, error: true })
    void mainCalls().loadSettings().then(async (loaded) => {
      // The file's last settings before the form shows; unreadable ones leave the defaults.
      const remembered = await mainCalls().loadFileSettings().catch(() => ({}))
      setSettings((current) => applyChoices(current, remembered, 'text-to-image'))
      setProxy(loaded)
      try {
        pickUpUnfinished(browserJobDeps(loaded), board, await unfinished())
      } catch (error) {
        warn(errorMessage(error))
      }
      if (!closed) stop = refreshOthers(board, unfinished, warn)
    })
    return () => {
      closed = true
      stop()
    }
  }, [board])

  function update(change: Partial<FormSettings>) {
    setSettings((current) => fitToModel({ ...current, ...change }, preview.mode))
  }

  function generate() {
    if (!proxy || !preview.canGenerate || !preview.composition.ok) return
    const jobId = crypto.randomUUID()
    const prompt = settings.prompt ?? preview.draftedPrompt
    const title = sectionTitle(prompt, 'Keyframe generation')
    // Remembered when they are used, not on every click: the file changes then anyway (a section is made),
    // and merely trying options in a file never edits it. Not remembering is no reason to stop a generation.
    void mainCalls().saveFileSettings(chosenOf(settings)).catch(() => undefined)
    board.add({ jobId, title, costUsd: preview.composition.request.costUsd })
    void runJob(
      browserJobDeps(proxy),
      {
        jobId,
        title,
        references: preview.references,
        textLayers: selection.textLayers,
        settings: toGenerationSettings(settings, preview.draftedPrompt)
      },
      board.control(jobId)
    )
  }

  // Ctrl/Cmd+Enter generates from anywhere in the panel.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Enter' && (event.metaKey || event.ctrlKey) && view === 'generate') {
        event.preventDefault()
        generate()
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  })

  if (proxy === null) return <p style={styles.page}>Loading…</p>
  if (view === 'settings') {
    return (
      <SettingsView
        settings={proxy}
        onSave={async (next) => setProxy(await mainCalls().saveSettings(next))}
        onClose={() => setView('generate')}
      />
    )
  }

  const cost = preview.composition.ok ? preview.composition.request.costUsd : null
  const count = preview.composition.ok ? preview.composition.request.panels.length : 0
  return (
    <div style={styles.page}>
      {/* Figma's window title already says Keyframe; the panel only needs its settings button. */}
      <div style={styles.header}>
        <span style={styles.muted}>{proxy.isDefault ? 'Local proxy' : new URL(proxy.proxyUrl).host}</span>
        <IconButton onClick={() => setView('settings')} aria-label="Settings" title="Settings">
          <IconAdjust16 />
        </IconButton>
      </div>
      {proxy.isDefault ? (
        <p style={styles.hint}>
          {proxy.proxyUrl === LOCAL_PROXY_URL
            ? `Using the local proxy at ${LOCAL_PROXY_URL} (start it with npm start). Change it in Settings.`
            : `Using your team's proxy at ${proxy.proxyUrl}. Add your token in Settings if it needs one.`}
        </p>
      ) : null}
      {proxy.problem === undefined ? null : (
        <p role="alert" style={styles.error}>
          {proxy.problem}
        </p>
      )}
      {/* For now; at merge this moves into the storyboard card. */}
      {selection.storyboards.length > 0 ? <ExportButtons storyboards={selection.storyboards} /> : null}
      <ReferenceList
        selection={selection}
        references={preview.references}
        thumbnails={thumbnails}
        tokens={tokens}
        onRoleChange={(id, role) => setRoles((current) => new Map(current).set(id, role))}
        removable={pinnedIds}
        onRemove={unpin}
      />
      <FieldMessages id="references-messages" errors={preview.errors.references ?? []} warnings={preview.warnings.references ?? []} />
      <PromptField
        value={settings.prompt ?? preview.draftedPrompt}
        edited={settings.prompt !== undefined}
        references={preview.references}
        onChange={(prompt) => update({ prompt })}
        onReset={() => update({ prompt: undefined })}
        errors={preview.errors.prompt}
        warnings={preview.warnings.prompt}
      />
      {/* For trying it out: the lead moves this into the panel card. */}
      {selected.panels.map((panel) => (
        <div key={panel.id} style={styles.row}>
          <span style={{ ...styles.muted, ...styles.grow }}>Panel {panel.number}</span>
          <UseAsReference panel={panel} onUse={pin} />
        </div>
      ))}
      <PresetRow
        settings={settings}
        saved={presets.saved}
        onApply={(preset) => setSettings((current) => applyChoices(current, preset.settings, preview.mode))}
        onSave={(name) => presets.save(name, settings)}
        onDelete={presets.remove}
      />
      <GenerateForm settings={settings} preview={preview} onChange={update} />
      <div style={styles.footer}>
        <span style={styles.cost} aria-label="Cost">
          {cost === null ? 'Cost: –' : `Cost: ${formatUsd(cost)} for ${count} image${count === 1 ? '' : 's'}`}
        </span>
        <Button onClick={generate} disabled={!preview.canGenerate} title="Generate (Ctrl/Cmd+Enter)">
          Generate
        </Button>
      </div>
      <JobList jobs={jobs} onCancel={(id) => board.cancel(id)} onDismiss={(id) => board.dismiss(id)} />
    </div>
  )
}
