// The whole generation path in Node: the UI's job runner with the real @fal-ai/client, talking to the
// real proxy in offline mode, and calling the real main thread running on the in-memory Figma host.
// Only the browser is missing: image normalisation uses sharp instead of a canvas.
import sharp from 'sharp'
import { expect } from 'vitest'

import type { DocumentJson, HostUser, JoinOptions, NodeSnapshot } from '../../src/host/figma'
import { offlineRequests, setOfflineFaults } from '../../src/dev/offline-control'
import { solidImage } from '../../src/dev/solid-image'
import type { FaultPlan } from '../../src/proxy/offline/faults'
import { cancelThroughProxy } from '../../src/ui/jobs/cancel-request'
import type { JobDeps } from '../../src/ui/jobs/job-deps'
import { UploadsInFlight } from '../../src/ui/jobs/uploads-in-flight'
import type { JobProgress } from '../../src/ui/jobs/job-progress'
import { DEFAULT_SETTINGS, type FormSettings, toGenerationSettings } from '../../src/ui/form/form-settings'
import { type JobControl, type JobRequest, runJob } from '../../src/ui/jobs/run-job'
import type { PanelSummary, SelectionSnapshot } from '../../src/messages'
import { downloadImage } from '../../src/ui/jobs/place-results'
import { sections } from '../helpers/page-snapshot'
import { type RunningPlugin, runMain } from '../host/run-main'
import { normaliseWithSharp } from '../../src/dev/node-normalise'
import { falClientFor, startTestProxy, type TestProxy } from '../proxy/helpers'

/** One person's run of the plugin: its main thread and what the UI's job runner uses to reach it and fal. */
export interface PluginRun {
  plugin: RunningPlugin
  deps: JobDeps
}

export interface Harness extends PluginRun {
  proxy: TestProxy
  /**
   * Another run of the plugin on the same file, through the same proxy: another person (`user`), or the
   * same person opening it again (their user, and `clientStorage` from their earlier run).
   */
  join(options: JoinOptions & { token?: string }): Promise<PluginRun>
  setFaults(plan: FaultPlan): Promise<void>
  requests(): Promise<{ request_id: string; endpoint: string; input: Record<string, unknown>; state: string }[]>
  stop(): Promise<void>
}

/** The sections on the harness's current page (a snapshot, as the playground's tests read it). */
export function sectionsOf(h: Pick<Harness, 'plugin'>): NodeSnapshot[] {
  return sections(h.plugin.host.snapshot())
}

export async function startHarness(options: { document: DocumentJson; latencyMs?: number; token?: string; user?: HostUser; proxy?: Parameters<typeof startTestProxy>[0] }): Promise<Harness> {
  const proxy = await startTestProxy({ offlineLatencyMs: options.latencyMs ?? 300, ...options.proxy })
  const plugin = await runMain({ document: options.document, user: options.user })
  const depsFor = (run: RunningPlugin, token: string | undefined): JobDeps => ({
    fal: falClientFor(proxy.proxyUrl, token),
    cancel: cancelThroughProxy({ proxyUrl: proxy.proxyUrl, token: token ?? '' }),
    main: run.main,
    proxyUrl: proxy.proxyUrl,
    uploadsInFlight: new UploadsInFlight(),
    download: downloadImage,
    normalise: normaliseWithSharp,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    pollIntervalMs: 40,
    now: () => new Date('2026-11-26T12:00:00.000Z')
  })
  return {
    proxy,
    plugin,
    deps: depsFor(plugin, options.token),
    join: async ({ token, ...joinOptions }) => {
      const run = await runMain({ host: plugin.host.join(joinOptions) })
      return { plugin: run, deps: depsFor(run, token ?? options.token) }
    },
    setFaults: async (plan) => {
      const res = await setOfflineFaults(proxy.origin, plan)
      if (!res.ok) throw new Error(`fault plan refused: ${await res.text()}`)
    },
    requests: () => offlineRequests(proxy.origin),
    stop: () => proxy.stop()
  }
}

export const PROMPT = 'A lighthouse on a cliff at night, storm clouds, one warm window'

/** A text-to-image job from the panel's defaults, with the prompt above and any settings changed. */
export function jobRequest(jobId: string, over: Partial<FormSettings> = {}, title = 'Lighthouse'): JobRequest {
  return { jobId, title, references: [], textLayers: [], settings: toGenerationSettings({ ...DEFAULT_SETTINGS, prompt: PROMPT, ...over }, '') }
}

/** A control that records every report and can cancel when a phase is first reached, or when a report matches. */
export function recorder(
  jobId: string,
  cancelAt?: JobProgress['phase'] | ((update: Partial<JobProgress>) => boolean)
): JobControl & { phases: string[]; details: string[]; last: Partial<JobProgress> } {
  let cancelled = false
  const state = {
    phases: [] as string[],
    details: [] as string[],
    last: {} as Partial<JobProgress>,
    isCancelled: () => cancelled,
    report: (update: Partial<JobProgress>) => {
      Object.assign(state.last, update)
      // As the job board does: a cancel that did not reach fal forgets the press.
      if (update.cancelSent === false) cancelled = false
      if (update.detail !== undefined) state.details.push(update.detail)
      if (update.phase && state.phases.at(-1) !== update.phase) state.phases.push(update.phase)
      if (typeof cancelAt === 'function' ? cancelAt(update) : cancelAt !== undefined && update.phase === cancelAt) cancelled = true
    }
  }
  void jobId
  return state
}

export async function pngOf(width: number, height: number, color: { r: number; g: number; b: number }): Promise<string> {
  return (await solidImage(width, height, { color })).toString('base64')
}

/** A page with one `@Mara` frame (600×800), the element the series below mentions. */
export async function maraDocument(): Promise<DocumentJson> {
  return {
    children: [
      { type: 'FRAME', id: '2:1', name: '@Mara', x: 0, y: 0, width: 600, height: 800, fills: [{ type: 'IMAGE', image: await pngOf(600, 800, { r: 200, g: 120, b: 90 }) }] }
    ]
  }
}

export const MARA_SERIES_PROMPT = 'Ink wash. Panel 1: @Mara steps off the ferry. Panel 2: She crosses the market. Panel 3: @Mara looks up at the bell tower.'

/** An O3 series of three with `@Mara` as its element, placed by the real runner; returns its Panel 3. */
export async function maraSeries(h: Harness): Promise<FrameNode> {
  const control = recorder('series')
  const settings = toGenerationSettings({ ...DEFAULT_SETTINGS, model: 'o3', output: 'series', prompt: MARA_SERIES_PROMPT }, '')
  await runJob(h.deps, { jobId: 'series', title: 'Mara', references: [{ id: '2:1', name: '@Mara', role: 'element' }], textLayers: [], settings }, control)
  expect(control.last.phase, control.last.message).toBe('done')
  return h.plugin.host.figma.currentPage.findOne((n) => n.name === 'Panel 3') as FrameNode
}

/** The panel as the UI sees it: selected, then read from the selection the main thread publishes. */
export async function panelSummaryOf(run: RunningPlugin, panel: FrameNode): Promise<PanelSummary> {
  run.host.figma.currentPage.selection = [panel]
  for (;;) {
    const changed = run.next('SELECTION_CHANGED')
    run.emit('UI_READY')
    const found = ((await changed) as [SelectionSnapshot])[0].panels.find((p) => p.id === panel.id)
    if (found) return found
  }
}
