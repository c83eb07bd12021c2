// Formats from the prompt: one section "Formats · …" of empty captioned panels, then one job per format with
// the same references, elements and prompt at that format's aspect, each into its own panel (so each is
// resumed or cancelled on its own, as any job), the run saying once what it placed. Priced and checked by the caller before it is called.
import { errorMessage } from '../../error-message'
import type { Deliverable, FormatRequest } from '../../kling/formats'
import type { GenerationSettings } from '../../kling/compose'
import type { TextLayer } from '../../kling/prompt-draft'
import type { MainApi } from '../../messages'
import type { JobBoard } from './job-board'
import type { JobDeps } from './job-deps'
import { FORMATS, runTogether } from './run-together'
import type { ChosenReference } from './upload-references'

type Calls = { [M in 'createFormatsSection' | 'notify']: (...args: Parameters<MainApi[M]>) => Promise<Awaited<ReturnType<MainApi[M]>>> }

export interface PromptFormatsJobs {
  /** "Formats · <what the prompt shows>". */
  title: string
  /** The priced requests (stand-in URLs): their labels, sizes and costs. */
  requests: readonly FormatRequest[]
  costUsd: number
  references: readonly ChosenReference[]
  textLayers: readonly TextLayer[]
  /** The form's settings at a format's aspect. */
  settingsFor: (deliverable: Deliverable) => GenerationSettings
}

export async function formatsFromPromptJobs(calls: Calls, deps: JobDeps, board: JobBoard, what: PromptFormatsJobs): Promise<void> {
  let made: { sectionId: string; panelIds: string[] }
  try {
    made = await calls.createFormatsSection({
      title: what.title,
      formats: what.requests.map((r) => ({ label: r.deliverable.label, size: r.request.nominalSize })),
      costUsd: what.costUsd
    })
  } catch (error) {
    return calls.notify({ message: errorMessage(error), error: true })
  }
  const parts = what.requests.flatMap(({ deliverable, request }, i) => {
    const panelId = made.panelIds[i]
    if (panelId === undefined) return []
    const jobId = crypto.randomUUID()
    const title = `${deliverable.label} · ${what.title}`
    board.add({ jobId, title, costUsd: request.costUsd })
    const job = { jobId, title, references: what.references, textLayers: what.textLayers, settings: what.settingsFor(deliverable), target: { kind: 'versions' as const, panelId } }
    return [{ jobId, label: deliverable.label, request: job }]
  })
  void runTogether(deps, board, FORMATS, parts)
}
