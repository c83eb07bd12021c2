// Formats from a placed panel: every format priced and checked first (one refused format stops the click
// before anything is placed or sent), then one section with an empty captioned panel per format, then one job
// per format that uploads the panel's image and remakes it at that aspect as the panel's first version.
import { errorMessage } from '../../error-message'
import { formatsFromPanel, formatsTitle } from '../../kling/formats'
import { panelPrompt } from '../../kling/prompt-draft'
import { sectionTitle } from '../../kling/section-title'
import { type MainApi, type PanelSummary, REFERENCE_MAX_SIDE, type ReferenceSummary } from '../../messages'
import { panelSource, PRICE_ONLY_URL } from '../form/panel-source'
import type { JobBoard } from './job-board'
import type { JobDeps } from './job-deps'
import { FORMATS, runTogether } from './run-together'

type Calls = { [M in 'panelReference' | 'createFormatsSection' | 'notify']: (...args: Parameters<MainApi[M]>) => Promise<Awaited<ReturnType<MainApi[M]>>> }

/** "Formats · A lighthouse keeper at dusk…", from the panel's own prompt. */
export function panelFormatsTitle(panel: PanelSummary): string {
  const prompt = panel.shown ? panelPrompt(panel.shown.input, panel.shown.index) : undefined
  const title = formatsTitle(sectionTitle({ output: 'single', prompt: prompt ?? '' }))
  return title === 'Formats' ? `Formats · ${panel.name}` : title
}

/** Starts the jobs; resolves once they are all started (each then runs to its own end on the board, and the run says once what they placed). */
export async function formatsFromPanelJobs(calls: Calls, deps: JobDeps, board: JobBoard, panel: PanelSummary, labels: readonly string[]): Promise<void> {
  const refuse = (message: string) => calls.notify({ message, error: true })
  let image: ReferenceSummary
  try {
    image = await calls.panelReference({ panelId: panel.id })
  } catch (error) {
    return refuse(errorMessage(error))
  }
  const problem = image.problems[0]
  if (problem) return refuse(`${problem.message} ${problem.fix}`)
  const source = panelSource(panel)
  const size = { width: image.width, height: image.height }
  const priced = formatsFromPanel(source, { url: PRICE_ONLY_URL, ...size }, labels)
  if (!priced.ok) return refuse(priced.errors.map((e) => `${e.message} ${e.fix}`).join(' '))
  const title = panelFormatsTitle(panel)
  let made: { sectionId: string; panelIds: string[] }
  try {
    made = await calls.createFormatsSection({
      title,
      formats: priced.requests.map((r) => ({ label: r.deliverable.label, size: r.request.nominalSize })),
      costUsd: priced.costUsd,
      besideId: panel.id
    })
  } catch (error) {
    return refuse(errorMessage(error))
  }
  const upload = { id: image.id, name: image.name, role: 'image' as const }
  const parts = priced.requests.flatMap(({ deliverable }, i) => {
    const panelId = made.panelIds[i]
    if (panelId === undefined) return []
    const jobId = crypto.randomUUID()
    const jobTitle = `${deliverable.label} · ${title}`
    board.add({ jobId, title: jobTitle, costUsd: priced.requests[i]!.request.costUsd })
    // Composed again around the real upload: only that format's request, at its aspect.
    const compose = (url: string) => {
      const built = formatsFromPanel(source, { url, ...size }, [deliverable.label])
      const request = built.ok ? built.requests[0]?.request : undefined
      return request ? { ok: true as const, request } : { ok: false as const, message: built.ok ? 'The format could not be composed.' : built.errors.map((e) => `${e.message} ${e.fix}`).join(' ') }
    }
    const maxSide = REFERENCE_MAX_SIDE[priced.requests[i]!.request.input.resolution ?? '1K']
    return [{ jobId, label: deliverable.label, request: { jobId, title: jobTitle, image: upload, maxSide, compose, target: { kind: 'versions' as const, panelId } } }]
  })
  void runTogether(deps, board, FORMATS, parts)
}
