// Formats from the prompt: the form's request composed again at each checked format's aspect, with the same
// references, elements, prompt, resolution and file format (stand-in URLs, as the preview composes), so the
// total and any refusal are known before anything is uploaded, placed or sent.
import { formatRequests, type FormatsResult, offeredDeliverables } from '../../kling/formats'
import type { ReferenceRole } from '../../kling/tokens'
import type { SelectionSnapshot } from '../../messages'
import type { FormSettings } from './form-settings'
import { type Preview, previewRequest } from './preview'

export interface PromptFormatsSource {
  selection: SelectionSnapshot
  roles: ReadonlyMap<string, ReferenceRole>
  settings: FormSettings
  marked?: ReadonlySet<string>
  cast?: { names: readonly string[]; dropped: readonly string[] }
  /** The form's own preview (its mode and the selected frames' problems). */
  preview: Pick<Preview, 'mode' | 'frameProblems'>
}

export function previewFormats({ selection, roles, settings, marked, cast, preview }: PromptFormatsSource, labels: readonly string[]): FormatsResult {
  if (settings.output !== 'single') {
    return { ok: false, errors: [{ field: 'output', message: 'Formats makes one image per format.', fix: 'Choose Output Single.' }] }
  }
  const frame = preview.frameProblems[0]
  if (frame) return { ok: false, errors: [frame] }
  return formatRequests(labels, offeredDeliverables(settings.model, preview.mode), (d) => {
    const composed = previewRequest(selection, roles, { ...settings, aspectRatio: d.aspectRatio }, marked, cast).composition
    return composed.ok ? composed : { ok: false, errors: composed.errors }
  })
}
