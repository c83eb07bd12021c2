// Adding beats to a storyboard: a storyboard section selected with new text layers. The new panels reuse
// the section's first generation: its references as already uploaded (no export, no upload), its
// resolution, aspect ratio and format, and its Style line (unless a Style layer is selected). One beat is
// one O3 single image, 2–9 a series; the panels are numbered on from the section's last. The main thread
// sends what the section reuses with the selection (kling/storyboard-basis.ts). Pure.
import { composeRequest, type ComposedRequest, type Problem, type ReferenceSource } from '../../kling/compose'
import { draftPrompt, isStyleLayer, type TextLayer } from '../../kling/prompt-draft'
import { MAX_SERIES, type AspectRatioOrAuto, type OutputFormat, type Resolution } from '../../kling/schemas'
import { withoutMentions } from '../../kling/section-title'
import { captionCase, readShot } from '../../kling/shots'
import { bindTokens } from '../../kling/tokens'
import type { PlanReference, SelectionSnapshot, StoryboardSummary } from '../../messages'

export interface AppendPlan {
  sectionId: string
  sectionName: string
  /** The drafted prompt: Style line, then the beats. */
  prompt: string
  references: PlanReference[]
  request: ComposedRequest
}

export type AppendPreview = { ok: true; plan: AppendPlan } | { ok: false; sectionName: string; errors: Problem[] }


/** True when the selection asks to add beats: one or more storyboards, and text layers. */
export function wantsAppend(selection: Pick<SelectionSnapshot, 'storyboards' | 'textLayers'>): boolean {
  return selection.storyboards.length > 0 && selection.textLayers.length > 0
}

/** `pinned`: ids of panel images pinned as references (removed with their × button, not by deselecting). */
export function previewAppend(
  selection: Pick<SelectionSnapshot, 'storyboards' | 'textLayers' | 'references'>,
  editedPrompt?: string,
  pinned: ReadonlySet<string> = new Set()
): AppendPreview {
  const [board, ...others] = selection.storyboards as [StoryboardSummary, ...StoryboardSummary[]]
  const refuse = (message: string, fix: string): AppendPreview => ({ ok: false, sectionName: board.name, errors: [{ field: 'prompt', message, fix }] })
  if (others.length > 0) return refuse(`${selection.storyboards.length} storyboards are selected; beats are added to one.`, 'Select one storyboard section with the new text layers.')
  if (board.running) return refuse(`"${board.name}" is still generating.`, 'Add beats to it when it has finished.')
  if (!board.basis) return refuse(`"${board.name}" is not a storyboard (a series), so beats cannot be added to it.`, 'Select a storyboard section, or deselect the section to make a new one.')
  if (selection.references.length > 0) {
    const names = selection.references.map((r) => `"${r.name}"`).join(', ')
    const fix = selection.references.every((r) => pinned.has(r.id))
      ? `Remove ${names} from the references with its × button.`
      : selection.references.some((r) => pinned.has(r.id))
        ? `Deselect ${names} (a pinned panel image is removed with its × button).`
        : `Deselect ${names}.`
    return refuse(`New beats reuse the references of "${board.name}"; ${names} would not be used.`, fix)
  }
  const styleLayer = selection.textLayers.find(isStyleLayer)
  const beatLayers = selection.textLayers.filter((l) => l !== styleLayer && l.text.trim() !== '')
  if (beatLayers.length === 0) return refuse('No new beat is selected.', `Select the text layers with the beats to add to "${board.name}".`)
  if (beatLayers.length > MAX_SERIES) {
    return refuse(`${beatLayers.length} beats are selected; Kling makes at most ${MAX_SERIES} in one series.`, `Add them in groups of up to ${MAX_SERIES}.`)
  }
  const output = beatLayers.length === 1 ? 'single' : 'series'
  const drafted = draftPrompt(beatLayers as TextLayer[], output)
  const style = styleLayer ? draftPrompt([styleLayer], 'single').style ?? '' : board.basis.style
  const prompt = editedPrompt ?? [style, drafted.prompt].filter((p) => p !== '').join(' ')
  const references: ReferenceSource[] = board.basis.references.map((r, i) => ({ ...r, id: `reused-${i}` }))
  const input = board.basis.input
  const composed = composeRequest({
    references,
    textLayers: [],
    settings: {
      model: 'o3',
      output,
      count: output === 'series' ? beatLayers.length : undefined,
      resolution: input.resolution as Resolution,
      aspectRatio: input.aspect_ratio as AspectRatioOrAuto,
      format: (input.output_format as OutputFormat | undefined) ?? 'png',
      prompt,
      negativePrompt: 'negative_prompt' in input && typeof input.negative_prompt === 'string' ? input.negative_prompt : undefined
    }
  })
  if (!composed.ok) {
    // The storyboard's references are not selected frames: say which names it does have.
    const known = references.map((r) => `@${r.name.replace(/^@+/, '')}`).join(', ') || 'none'
    const errors = composed.errors.map((e) =>
      e.token === undefined
        ? e
        : { ...e, message: `"${board.name}" has no reference called ${e.token}.`, fix: `Its references are ${known}. To add ${e.token}, deselect the section and make a new storyboard.` }
    )
    return { ok: false, sectionName: board.name, errors }
  }
  // Numbered on from the section's last panel; a single image's caption is its beat, as prose, and its shot
  // the one its beat starts with (its prompt starts with the Style line, where the composer does not look).
  const names = Object.fromEntries(bindTokens(references).map((b) => [b.canonical, references[b.index]?.name ?? b.canonical]))
  const single = output === 'single' ? readShot(drafted.beats[0] ?? '') : undefined
  const panels = composed.request.panels.map((p, i) => {
    const caption = p.caption ?? (single === undefined ? undefined : withoutMentions(single.shot ? captionCase(single.text) : single.text, names))
    const shot = p.shot ?? single?.shot
    return { number: board.lastNumber + i + 1, ...(caption !== undefined && { caption }), ...(shot !== undefined && { shot }) }
  })
  return {
    ok: true,
    plan: {
      sectionId: board.id,
      sectionName: board.name,
      prompt,
      references: references.map(({ name, role }) => ({ name, role })),
      request: { ...composed.request, panels }
    }
  }
}
