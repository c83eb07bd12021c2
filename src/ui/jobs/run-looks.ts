// Looks for one panel: every request is built (and so checked and priced) before anything happens, then the
// contact sheet is placed and each look runs as its own job into its own panel of the sheet, uploading the
// panel's shown image as Finalize does. A request the composer refuses stops the click with its message, with
// nothing sent and nothing placed.
import { errorMessage } from '../../error-message'
import { looksRequests } from '../../kling/looks'
import type { Treatment } from '../../kling/treatments'
import { type PanelSummary, REFERENCE_MAX_SIDE } from '../../messages'
import { panelSource, PRICE_ONLY_URL } from '../form/panel-source'
import type { JobBoard } from './job-board'
import type { JobDeps } from './job-deps'
import { LOOKS, runTogether } from './run-together'

/** Refused (said to the designer too), or started: the sheet made and every look's job under way. */
export type LooksStart = { ok: false; message: string } | { ok: true; sectionId: string; jobIds: string[]; finished: Promise<void> }

export async function startLooks(panel: PanelSummary, treatments: readonly Treatment[], deps: JobDeps, board: JobBoard): Promise<LooksStart> {
  const fail = (message: string): LooksStart => {
    void deps.main.notify({ message, error: true }).catch(() => undefined)
    return { ok: false, message }
  }
  let image
  try {
    image = await deps.main.panelReference({ panelId: panel.id })
  } catch (error) {
    return fail(errorMessage(error))
  }
  const problem = image.problems[0]
  if (problem) return fail(`${problem.message} ${problem.fix}`)
  const size = { width: image.width, height: image.height }
  const priced = looksRequests(panelSource(panel), { url: PRICE_ONLY_URL, ...size }, treatments)
  if (!priced.ok) return fail(priced.errors.map((e) => `${e.message} ${e.fix}`).join(' '))
  const first = priced.looks[0]!.request
  let sheet: { sectionId: string; panelIds: string[] }
  try {
    sheet = await deps.main.makeLooksSheet({ panelId: panel.id, looks: priced.looks.map((l) => l.treatment.name), input: first.input, nominalSize: first.nominalSize })
  } catch (error) {
    return fail(errorMessage(error))
  }
  const upload = { id: image.id, name: image.name, role: 'image' as const }
  const maxSide = REFERENCE_MAX_SIDE[first.input.resolution ?? '1K']
  const jobs = priced.looks.flatMap(({ treatment, request }, i) => {
    const panelId = sheet.panelIds[i]
    if (panelId === undefined) return []
    const jobId = crypto.randomUUID()
    const title = `${panel.name} · ${treatment.name}`
    board.add({ jobId, title, costUsd: request.costUsd })
    const compose = (url: string) => {
      const built = looksRequests(panelSource(panel), { url, ...size }, [treatment])
      return built.ok ? { ok: true as const, request: built.looks[0]!.request } : { ok: false as const, message: built.errors.map((e) => `${e.message} ${e.fix}`).join(' ') }
    }
    return [{ jobId, label: treatment.name, request: { jobId, title, image: upload, maxSide, compose, target: { kind: 'versions' as const, panelId } } }]
  })
  // All start at once: they upload the same panel image, and the first upload is shared by the others
  // (uploads-in-flight.ts), so the bytes go once. One notification says what the sheet got.
  const finished = runTogether(deps, board, LOOKS, jobs)
  return { ok: true, sectionId: sheet.sectionId, jobIds: jobs.map((j) => j.jobId), finished }
}