// The plugin panel: references and prompt from the selection, the generation settings, cost and
// Generate, and the jobs running. Settings (proxy URL and token) live in their own view.
import { Button, IconButton, IconAdjust16 } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useEffect, useMemo, useState } from 'preact/hooks'

import { errorMessage } from '../error-message'
import { formatUsd } from '../kling/pricing'
import { sectionTitle } from '../kling/section-title'
import { bindTokens, type ReferenceRole } from '../kling/tokens'
import type { ProxySettings } from '../messages'
import { LOCAL_PROXY_URL } from '../proxy-url'
import { mainCalls } from '../rpc'
import { FieldMessages } from './components/field'
import { GenerateForm } from './components/generate-form'
import { JobList } from './components/job-list'
import { PromptField } from './components/prompt-field'
import { ReferenceList } from './components/reference-list'
import { SettingsView } from './components/settings-view'
import { StoryboardCard } from './components/storyboard-card'
import { styles } from './components/styles'
import { DEFAULT_SETTINGS, fitToModel, type FormSettings, toGenerationSettings } from './form/form-settings'
import { previewAppend, wantsAppend } from './form/append-beats'
import { previewRequest } from './form/preview'
import { JobBoard } from './jobs/job-board'
import { browserJobDeps } from './jobs/browser-job-deps'
import { pickUpUnfinished, refreshOthers } from './jobs/pick-up-unfinished'
import { runJob } from './jobs/run-job'
import { useJobBoard } from './use-job-board'
import { useSelection } from './use-selection'

export function App() {
  const { selection, thumbnails } = useSelection()
  const [proxy, setProxy] = useState<ProxySettings | null>(null)
  const [view, setView] = useState<'generate' | 'settings'>('generate')
  const [roles, setRoles] = useState<ReadonlyMap<string, ReferenceRole>>(new Map())
  const [settings, setSettings] = useState<FormSettings>(DEFAULT_SETTINGS)
  const board = useMemo(() => new JobBoard(), [])
  const jobs = useJobBoard(board)

  const preview = useMemo(() => previewRequest(selection, roles, settings), [selection, roles, settings])
  // A storyboard selected with new text layers: Generate adds them to it instead of making a section.
  const append = useMemo(() => (wantsAppend(selection) ? previewAppend(selection, settings.prompt) : undefined), [selection, settings.prompt])
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
    if (!proxy) return
    if (append) {
      if (!append.ok) return
      const { plan } = append
      const jobId = crypto.randomUUID()
      board.add({ jobId, title: plan.sectionName, costUsd: plan.request.costUsd })
      const prepared = { request: plan.request, target: { kind: 'append' as const, sectionId: plan.sectionId }, references: plan.references }
      const request = { jobId, title: plan.sectionName, references: [], textLayers: [], settings: toGenerationSettings(settings, plan.prompt), prepared }
      void runJob(browserJobDeps(proxy), request, board.control(jobId))
      return
    }
    if (!preview.canGenerate || !preview.composition.ok) return
    const jobId = crypto.randomUUID()
    const prompt = settings.prompt ?? preview.draftedPrompt
    const names = Object.fromEntries(preview.references.map((r) => [tokens.get(r.id) ?? '', r.name]))
    const title = sectionTitle({ output: settings.output, prompt, style: preview.style, names })
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

  const composed = append ? (append.ok ? append.plan.request : null) : preview.composition.ok ? preview.composition.request : null
  const cost = composed ? composed.costUsd : null
  const count = composed ? composed.panels.length : 0
  const numbers = composed?.panels.map((p) => p.number) ?? []
  const canGenerate = append ? append.ok : preview.canGenerate
  // Only Keyframe's own sections or panels selected (to renumber, say): "There is no prompt" is not news.
  const onlyKeyframe =
    selection.storyboards.length + selection.panels.length > 0 && selection.textLayers.length + selection.references.length === 0 && settings.prompt === undefined
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
      <StoryboardCard storyboards={selection.storyboards} renumber={(sectionId) => mainCalls().renumberPanels({ sectionId })} />
      {append && selection.references.length === 0 ? null : (
        <ReferenceList
          selection={selection}
          references={preview.references}
          thumbnails={thumbnails}
          tokens={tokens}
          onRoleChange={(id, role) => setRoles((current) => new Map(current).set(id, role))}
        />
      )}
      {append ? null : (
        <FieldMessages id="references-messages" errors={preview.errors.references ?? []} warnings={preview.warnings.references ?? []} />
      )}
      <PromptField
        value={settings.prompt ?? (append?.ok ? append.plan.prompt : preview.draftedPrompt)}
        edited={settings.prompt !== undefined}
        references={preview.references}
        onChange={(prompt) => update({ prompt })}
        onReset={() => update({ prompt: undefined })}
        errors={append ? (append.ok ? undefined : append.errors) : onlyKeyframe ? undefined : preview.errors.prompt}
        warnings={append ? undefined : preview.warnings.prompt}
      />
      {append ? (
        <p style={styles.hint} role="status" aria-label="Adds to">
          {`Generate will append ${count > 0 ? `panel${count === 1 ? ` ${numbers[0]}` : `s ${numbers[0]}–${numbers.at(-1)}`} ` : ''}to "${append.ok ? append.plan.sectionName : append.sectionName}", with its references and settings.`}
        </p>
      ) : (
        <GenerateForm settings={settings} preview={preview} onChange={update} />
      )}
      <div style={styles.footer}>
        <span style={styles.cost} aria-label="Cost">
          {cost === null ? 'Cost: –' : `Cost: ${formatUsd(cost)} for ${count} image${count === 1 ? '' : 's'}`}
        </span>
        <Button onClick={generate} disabled={!canGenerate} title="Generate (Ctrl/Cmd+Enter)">
          Generate
        </Button>
      </div>
      <JobList jobs={jobs} onCancel={(id) => board.cancel(id)} onDismiss={(id) => board.dismiss(id)} />
    </div>
  )
}
