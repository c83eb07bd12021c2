// The plugin panel: references and prompt from the selection, the generation settings, cost and
// Generate, and the jobs running. Settings (proxy URL and token) live in their own view.
import { Button, IconButton, IconAdjust16, useWindowKeyDown } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks'

import { errorMessage } from '../error-message'
import { panelRange } from '../kling/labels'
import { chosenOf } from '../kling/presets'
import { sectionTitle } from '../kling/section-title'
import { explainPlaceholders, placeholdersIn, type StartingPoint } from '../kling/starting-points'
import { bindTokens, namedTokens, type ReferenceRole } from '../kling/tokens'
import { type PanelSummary, type ProxySettings, REFERENCE_MAX_SIDE, type ReferenceSummary } from '../messages'
import { finalizeRequest } from '../kling/from-panel-image'
import type { Resolution } from '../kling/schemas'
import { panelPrompt } from '../kling/prompt-draft'
import { regenerateRequest } from '../kling/regenerate'
import { LOCAL_PROXY_URL } from '../proxy-url'
import { mainCalls } from '../rpc'
import { FieldMessages } from './components/field'
import { ExportButtons } from './components/export-buttons'
import { GenerateForm } from './components/generate-form'
import { JobList } from './components/job-list'
import { panelSource, PRICE_ONLY_URL } from './form/panel-source'
import { PanelCard, panelLabel } from './components/panel-card'
import { PresetRow } from './components/preset-row'
import { StartFrom } from './components/start-from'
import { ProxyStatus } from './components/proxy-status'
import { PromptField } from './components/prompt-field'
import { ShotPicker } from './components/shot-picker'
import { ReferenceList } from './components/reference-list'
import { RenderedTextCard } from './components/rendered-text-card'
import { SettingsView } from './components/settings-view'
import { StoryboardCard } from './components/storyboard-card'
import { styles } from './components/styles'
import { DEFAULT_SETTINGS, type FormSettings, toGenerationSettings } from './form/form-settings'
import { previewAppend, wantsAppend } from './form/append-beats'
import { withPinned } from './form/pinned-references'
import { EMPTY_STATE_EXAMPLE, EMPTY_STATE_START, EMPTY_STATE_TEXT, isEmptyStart } from './form/empty-state'
import { previewRequest } from './form/preview'
import { createRepeatGuard } from './form/repeat-guard'
import { choicesAsChange } from './form/remembered-settings'
import { settingsBeforeStart, startingPointChange, stillFromStart } from './form/starting-point-change'
import { JobBoard } from './jobs/job-board'
import { isFinished, isSomeoneElses, statusLine } from './jobs/job-progress'
import { browserJobDeps } from './jobs/browser-job-deps'
import { pickUpUnfinished, refreshOthers } from './jobs/pick-up-unfinished'
import { runJob } from './jobs/run-job'
import { startLooks } from './jobs/run-looks'
import { formatsFromPanelJobs } from './jobs/formats-from-panel'
import { formatsFromPromptJobs } from './jobs/formats-from-prompt'
import { previewFormats } from './form/prompt-formats'
import { FormatsChooser } from './components/formats'
import { formatsTitle, offeredDeliverables } from '../kling/formats'
import { costLine } from './money'
import { useUsage } from './usage/use-usage'
import { useJobBoard } from './use-job-board'
import { draftPrompt } from '../kling/prompt-draft'
import { usePinnedReferences } from './use-pinned-references'
import { useCast } from './use-cast'
import { isCastReference } from './form/cast-references'
import { usePresets } from './use-presets'
import { useFittedSettings } from './use-fitted-settings'
import { useSelection } from './use-selection'
import { withLayoutsAsReferences } from './form/layout-as-reference'

/** `command`: figma.command, when a relaunch button opened the plugin ('regenerate', 'variations', 'open'). */
export function App({ command }: { command?: string }) {
  const { selection: selected, thumbnails: selectedThumbnails } = useSelection()
  const { pinned, thumbnails: pinnedThumbnails, pin, unpin } = usePinnedReferences()
  // Pinned panel images are references whatever is selected.
  const withPins = useMemo(() => withPinned(selected, pinned), [selected, pinned])
  // Layouts turned back into references ("Use as a reference instead"), by frame id, like the marked text layers.
  const [layoutsAsReferences, setLayoutsAsReferences] = useState<ReadonlySet<string>>(new Set())
  const withLayouts = useMemo(() => withLayoutsAsReferences(withPins, layoutsAsReferences), [withPins, layoutsAsReferences])
  const pinnedIds = useMemo(() => new Set(pinned.map((p) => p.id)), [pinned])
  const presets = usePresets()
  const [proxy, setProxy] = useState<ProxySettings | null>(null)
  const [view, setView] = useState<'generate' | 'settings'>('generate')
  const [roles, setRoles] = useState<ReadonlyMap<string, ReferenceRole>>(new Map())
  // Text layers marked "Text to render" (lettered into the image, not beats), by layer id like a reference's role.
  const [marked, setMarked] = useState<ReadonlySet<string>>(new Set())
  const { settings, setSettings, notes: fitNotes, update: fit } = useFittedSettings()
  // Cast members the prompt mentions join the references (a selected frame of the same name wins).
  // Not while adding beats to a storyboard: the new panels reuse its references, which already bind `@Mara`.
  const castPrompt = useMemo(
    () => (wantsAppend(withLayouts) ? '' : (settings.prompt ?? draftPrompt(selected.textLayers, settings.output).prompt)),
    [withLayouts, settings.prompt, settings.output, selected.textLayers]
  )
  const cast = useCast(withLayouts, castPrompt)
  const selection = cast.selection
  const castIds = useMemo(() => new Map(selection.references.filter(isCastReference).map((r) => [r.id, r.angles.length])), [selection])
  const thumbnails = useMemo(
    () => new Map([...cast.thumbnails, ...pinnedThumbnails, ...selectedThumbnails]),
    [cast.thumbnails, pinnedThumbnails, selectedThumbnails]
  )
  // Edit prompt: the panel whose next version Generate makes (its provenance as it was when clicked).
  const [editing, setEditing] = useState<PanelSummary | null>(null)
  // The last starting point chosen, the prompt it wrote, and the prompt and settings it replaced (for Undo).
  const [start, setStart] = useState<{ point: StartingPoint; prompt: string; before: FormSettings } | null>(null)
  // Back on the drafted prompt (Use the text layers again, Undo, Stop editing): the starting point is behind us.
  useEffect(() => {
    if (settings.prompt === undefined) setStart(null)
  }, [settings.prompt])
  const board = useMemo(() => new JobBoard(), [])
  const repeatGuard = useMemo(() => createRepeatGuard(), [])
  const jobs = useJobBoard(board)
  // Mode and spend from the proxy: read on opening and again after each job ends.
  // "Check again" adds to the count, so a proxy started after the panel opened is found.
  const [checks, setChecks] = useState(0)
  // A saved proxy this build cannot reach is never asked (its token must not go there): its problem is shown.
  const usage = useUsage(proxy?.problem === undefined ? proxy : null, jobs.filter(isFinished).length + checks)
  // Nothing answers at the proxy's address: Generate would only leave a waiting section behind.
  const unreachable = usage.kind === 'error' && usage.problem === 'unreachable'
  const mode = usage.kind === 'ok' ? usage.usage.mode : undefined
  const modeRef = useRef(mode)
  modeRef.current = mode
  const modeNow = useCallback(() => modeRef.current, [])

  const preview = useMemo(
    () => previewRequest(selection, roles, settings, marked, { names: cast.names, dropped: cast.dropped }),
    [selection, roles, settings, marked, cast.names, cast.dropped]
  )
  // Generate pressed (or Ctrl/Cmd+Enter) while it could not go: from then on the errors say why.
  const [tried, setTried] = useState(false)
  useEffect(() => setTried(false), [selected.version])
  const emptyStart = isEmptyStart(selection, settings.prompt, tried)
  const shown = emptyStart ? { ...preview, errors: {}, warnings: {} } : preview
  // A storyboard selected with new text layers: Generate adds them to it instead of making a section.
  const append = useMemo(
    () => (wantsAppend(selection) ? previewAppend(selection, settings.prompt, pinnedIds) : undefined),
    [selection, settings.prompt, pinnedIds]
  )
  // Entering append mode (or switching storyboard) drafts the prompt from the selected beats: a prompt typed
  // earlier for something else must not be sent as the new panels' prompt.
  const appendTo = append === undefined ? undefined : selection.storyboards[0]?.id
  useEffect(() => {
    if (appendTo !== undefined) setSettings((current) => (current.prompt === undefined ? current : { ...current, prompt: undefined }))
  }, [appendTo])
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
      // Fitted with notes: a remembered choice this mode cannot take (Auto needs a reference) is named.
      fit(choicesAsChange(DEFAULT_SETTINGS, remembered), 'text-to-image')
      setProxy(loaded)
      try {
        pickUpUnfinished(browserJobDeps(loaded, modeNow), board, await unfinished())
      } catch (error) {
        warn(errorMessage(error))
      }
      if (!closed) stop = refreshOthers(board, unfinished, warn)
      // This page's finished jobs stay listed after a reopen; not reading them only loses the list.
      board.addPast(await mainCalls().pastJobs({}).catch(() => []))
    })
    return () => {
      closed = true
      stop()
    }
  }, [board])

  function update(change: Partial<FormSettings>) {
    fit(change, preview.mode)
  }

  const edit = useMemo(
    () => (editing ? regenerateRequest({ label: panelLabel(editing), shown: editing.shown, referenceNames: editing.referenceNames }, 1, settings.prompt ?? '') : null),
    [editing, settings.prompt]
  )

  /** One versions job per panel: its provenance's request, `count` images, `prompt` when edited. */
  function regenerate(panels: readonly PanelSummary[], count: number, prompt?: string) {
    if (!proxy) return
    for (const panel of panels) {
      const label = panelLabel(panel)
      const built = regenerateRequest({ label, shown: panel.shown, referenceNames: panel.referenceNames, final: panel.final !== undefined }, count, prompt)
      if (!built.ok) {
        void mainCalls().notify({ message: built.errors.map((e) => `${e.message} ${e.fix}`).join(' '), error: true })
        continue
      }
      const jobId = crypto.randomUUID()
      const title = `${label} · ${count === 1 ? 'new version' : `${count} variations`}`
      board.add({ jobId, title, costUsd: built.request.costUsd })
      // A new version of a final one, asking for the same picture, is final too ("final · 4K", full-size download).
      const target = { kind: 'versions' as const, panelId: panel.id, ...(built.final && { final: true }) }
      void runJob(browserJobDeps(proxy, modeNow), { jobId, title, composed: built.request, target }, board.control(jobId))
    }
  }

  /**
   * Finalize: one versions job that uploads the panel's shown image (as Use as reference reads it) and remakes
   * that picture at `resolution` from it; its version is marked final.
   */
  async function finalize(panel: PanelSummary, resolution: Resolution) {
    if (!proxy) return
    const label = panelLabel(panel)
    let image: ReferenceSummary
    try {
      image = await mainCalls().panelReference({ panelId: panel.id })
    } catch (error) {
      return void mainCalls().notify({ message: errorMessage(error), error: true })
    }
    const problem = image.problems[0]
    if (problem) return void mainCalls().notify({ message: `${problem.message} ${problem.fix}`, error: true })
    const jobId = crypto.randomUUID()
    const title = `${label} · final ${resolution}`
    const priced = finalizeRequest(panelSource(panel), { url: PRICE_ONLY_URL, width: image.width, height: image.height }, resolution)
    board.add({ jobId, title, costUsd: priced.ok ? priced.request.costUsd : 0 })
    const compose = (url: string) => {
      const built = finalizeRequest(panelSource(panel), { url, width: image.width, height: image.height }, resolution)
      return built.ok ? built : { ok: false as const, message: built.errors.map((e) => `${e.message} ${e.fix}`).join(' ') }
    }
    const upload = { id: image.id, name: image.name, role: 'image' as const }
    void runJob(browserJobDeps(proxy, modeNow), { jobId, title, image: upload, maxSide: REFERENCE_MAX_SIDE[resolution], compose, target: { kind: 'versions', panelId: panel.id, final: true } }, board.control(jobId))
  }

  /** Sets the point's prompt (as an edited one, its placeholders given the selected frames) and settings, fitted as a preset's are. */
  function startFrom(point: StartingPoint) {
    const change = startingPointChange(settings, point, preview.references)
    setStart({ point, prompt: change.prompt ?? '', before: settingsBeforeStart(settings, start) })
    update(change)
  }

  function editPrompt(panel: PanelSummary) {
    const sent = panel.shown ? panelPrompt(panel.shown.input, panel.shown.index) : undefined
    // Shown with the names the designer gave the references (`@Mara`), not the tokens fal was sent.
    const prompt = sent === undefined ? undefined : namedTokens(sent, panel.referenceNames ?? [])
    setEditing(panel)
    update({ prompt: prompt ?? '' })
  }

  function stopEditing() {
    setEditing(null)
    update({ prompt: undefined })
  }

  /** A second press of Generate for the same request a moment later is the same order, not another one. */
  function isRepeatPress(request: { endpoint: string; input: unknown }): boolean {
    return repeatGuard.isRepeat(JSON.stringify([request.endpoint, request.input]))
  }

  function generate() {
    // Nothing answers at the proxy: the footer says so; a keyboard shortcut must not get past it either.
    if (!proxy || unreachable) return
    if (editing) {
      if (!edit?.ok) return
      regenerate([editing], 1, settings.prompt ?? '')
      return stopEditing()
    }
    if (append) {
      if (!append.ok || isRepeatPress(append.plan.request)) return
      const { plan } = append
      const jobId = crypto.randomUUID()
      // Told apart from the job that made the storyboard: which panels this one adds.
      const title = `Add ${panelRange(plan.request.panels.map((p) => p.number))} · ${plan.sectionName}`
      board.add({ jobId, title, costUsd: plan.request.costUsd })
      const target = { kind: 'append' as const, sectionId: plan.sectionId }
      void runJob(browserJobDeps(proxy, modeNow), { jobId, title, composed: plan.request, target, references: plan.references }, board.control(jobId))
      return
    }
    if (!preview.canGenerate || !preview.composition.ok) return setTried(true)
    if (isRepeatPress(preview.composition.request)) return
    const jobId = crypto.randomUUID()
    const prompt = settings.prompt ?? preview.draftedPrompt
    const names = Object.fromEntries(preview.references.map((r) => [tokens.get(r.id) ?? '', r.name]))
    const title = sectionTitle({ output: settings.output, prompt, style: preview.style, names })
    // Remembered when they are used, not on every click: the file changes then anyway (a section is made),
    // and merely trying options in a file never edits it. Not remembering is no reason to stop a generation.
    void mainCalls().saveFileSettings(chosenOf(settings)).catch(() => undefined)
    board.add({ jobId, title, costUsd: preview.composition.request.costUsd })
    void runJob(
      browserJobDeps(proxy, modeNow),
      {
        jobId,
        title,
        references: preview.references,
        textLayers: preview.textLayers,
        settings: toGenerationSettings(settings, preview.draftedPrompt),
        // The first layout selected is the one its images are composed into.
        ...(selection.layouts?.[0] && { layout: { id: selection.layouts[0].id, name: selection.layouts[0].name } })
      },
      board.control(jobId)
    )
  }

  const formatsSource = { selection, roles, settings, marked, cast: { names: cast.names, dropped: cast.dropped }, preview }

  /** Formats from the prompt: the form's request at each checked aspect, one job each, into one labelled row. */
  function generateFormats(labels: string[]) {
    const priced = previewFormats(formatsSource, labels)
    if (!proxy || unreachable || !priced.ok) return
    // A double click is one order, as for Generate.
    if (isRepeatPress({ endpoint: 'formats', input: priced.requests.map((r) => r.request.input) })) return
    const names = Object.fromEntries(preview.references.map((r) => [tokens.get(r.id) ?? '', r.name]))
    const title = formatsTitle(sectionTitle({ output: 'single', prompt: settings.prompt ?? preview.draftedPrompt, style: preview.style, names }))
    void mainCalls().saveFileSettings(chosenOf(settings)).catch(() => undefined)
    const settingsFor = (d: { aspectRatio: FormSettings['aspectRatio'] }) => toGenerationSettings({ ...settings, aspectRatio: d.aspectRatio }, preview.draftedPrompt)
    const { references, textLayers } = preview
    void formatsFromPromptJobs(mainCalls(), browserJobDeps(proxy, modeNow), board, { title, requests: priced.requests, costUsd: priced.costUsd, references, textLayers, settingsFor })
  }

  // Ctrl/Cmd+Enter generates from anywhere in the panel. One listener for the panel's life (the library's
  // useWindowKeyDown re-registers only when its handler changes), calling the latest render's generate.
  const latest = useRef({ generate, view })
  latest.current = { generate, view }
  useWindowKeyDown(
    'Enter',
    useCallback((event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && latest.current.view === 'generate') {
        event.preventDefault()
        latest.current.generate()
      }
    }, [])
  )

  const warnUser = (error: unknown) => void mainCalls().notify({ message: errorMessage(error), error: true })

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

  // What Generate sends: a new version of the panel being edited, beats added to a storyboard, or a new generation.
  const composed = edit ? (edit.ok ? edit.request : null) : append ? (append.ok ? append.plan.request : null) : preview.composition.ok ? preview.composition.request : null
  const cost = composed ? composed.costUsd : null
  const count = composed ? composed.panels.length : 0
  const numbers = composed?.panels.map((p) => p.number) ?? []
  const canGenerate = !unreachable && (edit ? edit.ok : append ? append.ok : preview.canGenerate)
  // Only Keyframe's own sections or panels selected (to renumber, regenerate, export): their cards are what
  // matters, so the form for a new generation steps aside until text layers or frames are selected.
  const onlyKeyframe =
    !editing &&
    selection.storyboards.length + selection.panels.length > 0 &&
    selected.textLayers.length + selected.references.length + (selected.layouts?.length ?? 0) === 0 &&
    settings.prompt === undefined
  // The footer's line: this person's newest running job, so its progress is seen however the panel scrolls.
  const running = jobs.find((job) => !isFinished(job) && !isSomeoneElses(job))
  return (
    <div style={styles.window}>
    <div style={styles.page}>
      {/* Figma's window title already says Keyframe; the panel only needs its settings button. */}
      <div style={styles.header}>
        <ProxyStatus state={usage} host={proxy.proxyUrl === LOCAL_PROXY_URL ? 'Local proxy' : new URL(proxy.proxyUrl).host} />
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
      <StoryboardCard
        storyboards={selection.storyboards}
        renumber={(sectionId) => mainCalls().renumberPanels({ sectionId })}
        actions={<ExportButtons storyboards={selection.storyboards} />}
      />
      <PanelCard
        panels={selection.panels}
        onRegenerate={(n) => regenerate(selection.panels, n)}
        onStep={(panelId, step) => void mainCalls().stepVersion({ panelId, step }).catch(warnUser)}
        onRemove={(panelId) => void mainCalls().removeVersion({ panelId }).catch(warnUser)}
        onEditPrompt={editPrompt}
        onUseAsReference={pin}
        onFinalize={(panel, resolution) => void finalize(panel, resolution)}
        onLooks={(panel, treatments) => void (proxy && startLooks(panel, treatments, browserJobDeps(proxy, modeNow), board))}
        onUseLook={(panel) => void mainCalls().useLook({ panelId: panel.id }).catch(warnUser)}
        onFormats={(panel, labels) => void (proxy && formatsFromPanelJobs(mainCalls(), browserJobDeps(proxy, modeNow), board, panel, labels))}
        focus={command === 'regenerate' || command === 'variations' ? command : undefined}
        mode={mode}
      />
      {editing ? (
        <div style={{ ...styles.card, flexDirection: 'row', alignItems: 'center', justifyContent: 'space-between' }} role="status">
          <span style={{ fontSize: 11 }}>{`Generate makes a new version of ${panelLabel(editing)}, with its own model, settings and references.`}</span>
          <Button secondary onClick={stopEditing}>
            Stop editing
          </Button>
        </div>
      ) : null}
      {/* While editing or appending, the panel's or storyboard's own settings and references are used. */}
      {editing || (append && selection.references.length === 0) || (onlyKeyframe && pinned.length === 0) ? null : (
        <ReferenceList
          selection={selection}
          references={preview.references}
          thumbnails={thumbnails}
          tokens={tokens}
          onRoleChange={(id, role) => setRoles((current) => new Map(current).set(id, role))}
          removable={pinnedIds}
          onRemove={unpin}
          cast={castIds}
          onDrop={cast.drop}
        />
      )}
      {editing || append || onlyKeyframe ? null : (
        <RenderedTextCard
          layouts={withPins.layouts ?? []}
          asReference={layoutsAsReferences}
          onUseAsReference={(id, on) => setLayoutsAsReferences((current) => new Set(on ? [...current, id] : [...current].filter((m) => m !== id)))}
          textLayers={selection.textLayers}
          marked={marked}
          onToggle={(id, on) => setMarked((current) => new Set(on ? [...current, id] : [...current].filter((m) => m !== id)))}
        />
      )}
      {onlyKeyframe ? (
        <p style={styles.hint}>To make something new, select text layers with the prompt (and frames to use as references).</p>
      ) : (
        <div style={{ display: 'contents' }}>
      {editing || append ? null : (
        <FieldMessages id="references-messages" errors={shown.errors.references ?? []} warnings={shown.warnings.references ?? []} />
      )}
      {editing || append ? null : (
        <StartFrom
          started={start && settings.prompt !== undefined && stillFromStart(settings.prompt, start.prompt) ? { point: start.point, left: placeholdersIn(settings.prompt, start.point.placeholders).length, undoable: settings.prompt === start.prompt } : null}
          onChoose={startFrom}
          onUndo={() => {
            if (start) update(start.before)
            setStart(null)
          }}
        />
      )}
      <PromptField
        value={settings.prompt ?? (append?.ok ? append.plan.prompt : preview.draftedPrompt)}
        edited={settings.prompt !== undefined}
        references={preview.references}
        onChange={(prompt) => update({ prompt })}
        onReset={editing ? stopEditing : () => update({ prompt: undefined })}
        errors={edit ? (edit.ok ? [] : edit.errors) : append ? (append.ok ? undefined : append.errors) : onlyKeyframe ? undefined : start && shown.errors.prompt ? explainPlaceholders(shown.errors.prompt, start.point.placeholders) : shown.errors.prompt}
        warnings={edit || append ? undefined : shown.warnings.prompt}
      />
      {!editing && !append && settings.output === 'series' ? (
        <ShotPicker prompt={settings.prompt ?? preview.draftedPrompt} onChange={(prompt) => update({ prompt })} />
      ) : null}
      {emptyStart ? (
        <p style={styles.hint} role="note" aria-label="Getting started">
          {EMPTY_STATE_TEXT}
          <br />
          {EMPTY_STATE_EXAMPLE}
          <br />
          {EMPTY_STATE_START}
        </p>
      ) : null}
      {editing ? null : append ? (
        <p style={styles.hint} role="status" aria-label="Adds to">
          {`Generate will append ${count > 0 ? `${panelRange(numbers)} ` : ''}to "${append.ok ? append.plan.sectionName : append.sectionName}", with its references and settings.`}
        </p>
      ) : (
        <div style={{ display: 'contents' }}>
            <PresetRow
            settings={settings}
            saved={presets.saved}
            onApply={(preset) => update(choicesAsChange(settings, preset.settings))}
            onSave={(name) => presets.save(name, settings)}
            onDelete={presets.remove}
          />
          <GenerateForm settings={settings} preview={shown} notes={fitNotes} onChange={update} layoutShape={selection.layouts?.[0]} />
          {emptyStart ? null : (
            <FormatsChooser
              offered={offeredDeliverables(settings.model, preview.mode)}
              price={(labels) => previewFormats(formatsSource, labels)}
              // What stops Generate stops Formats too, said once, by the form ('' keeps the button off quietly).
              blocked={unreachable || !preview.canGenerate ? '' : undefined}
              onFormats={generateFormats}
              hint="Or make this prompt as several deliverables: one image per checked format, placed as a labelled row."
              mode={mode}
            />
          )}
        </div>
      )}
        </div>
      )}
      <JobList
        jobs={jobs}
        onCancel={(id) => board.cancel(id)}
        onDismiss={(id) => board.dismiss(id)}
        onShow={(job) => job.past && void mainCalls().showJob({ jobId: job.jobId, sectionId: job.past.sectionId }).catch(warnUser)}
        mode={mode}
      />
    </div>
      {/* Always in view at the bottom of the window; the panel above scrolls. */}
      {onlyKeyframe && !running ? null : (
      <footer style={styles.stickyFooter} aria-label="Generate">
        {running ? (
          <div role="status" aria-label="Running job" style={{ ...styles.muted, ...styles.oneLine }}>
            {/* The status first: a long title is what gets cut, not what is happening. */}
            {`${statusLine(running)} · ${running.title}`}
          </div>
        ) : null}
        {unreachable && !onlyKeyframe ? (
          <div role="alert" style={{ ...styles.error, ...styles.footer }}>
            <span>Nothing answers at the proxy's address, so Generate is off. Start it (npm start) or fix Settings.</span>
            <Button secondary onClick={() => setChecks((n) => n + 1)}>
              Check again
            </Button>
          </div>
        ) : null}
        {onlyKeyframe ? null : (
          <div style={styles.footer}>
            <span style={styles.cost} aria-label="Cost">
              {costLine(cost, count, mode)}
            </span>
            <Button onClick={generate} disabled={!canGenerate} title="Generate (Ctrl/Cmd+Enter)">
              Generate
            </Button>
          </div>
        )}
      </footer>
      )}
    </div>
  )
}
