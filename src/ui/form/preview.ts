// What the panel shows before Generate: the request the current selection and settings would make,
// composed with stand-in URLs (nothing is uploaded yet), and every problem grouped by the field it
// belongs to. Generate is offered only when there are no errors.
import { type Composition, composeRequest, type Problem, type ProblemField } from '../../kling/compose'
import type { Mode } from '../../kling/endpoints'
import { draftPrompt, type TextLayer } from '../../kling/prompt-draft'
import { type RenderedText, textRoleOf } from '../../kling/rendered-text'
import type { ReferenceRole } from '../../kling/tokens'
import type { SelectionSnapshot } from '../../messages'
import type { ChosenReference } from '../jobs/upload-references'
import { isCastReference } from './cast-references'
import { type FormSettings, toGenerationSettings } from './form-settings'

export interface Preview {
  mode: Mode
  references: ChosenReference[]
  draftedPrompt: string
  /** The Style line the drafted prompt starts with: a section is never named after it. */
  style: string | undefined
  /** Panels a series would have from the text layers alone. */
  beats: number
  /** The selected text layers that are beats: those not marked "Text to render". */
  textLayers: TextLayer[]
  /** Text Kling is asked to letter (layouts' and marked layers'), credits included: the lints say which stay in Figma. */
  renderedTexts: RenderedText[]
  composition: Composition
  errors: Partial<Record<ProblemField, Problem[]>>
  warnings: Partial<Record<ProblemField, Problem[]>>
  /** Problems of the selected frames themselves (each shown beside its frame); they block Generate. */
  frameProblems: Problem[]
  canGenerate: boolean
}

export function chooseReferences(selection: SelectionSnapshot, roles: ReadonlyMap<string, ReferenceRole>): ChosenReference[] {
  return selection.references.map((r) => {
    const chosen: ChosenReference = { id: r.id, name: r.name, role: roles.get(r.id) ?? r.defaultRole }
    // An `@` frame, selected or from the cast, brings its angle frames (sent only as an element's extra images).
    const angles = chosen.role === 'element' && r.angles && r.angles.length > 0 ? { angleIds: r.angles.map((a) => a.id) } : {}
    return { ...chosen, ...(isCastReference(r) && { fromCast: true }), ...angles }
  })
}

/**
 * The selection's text split in two: beats, and text to render (every selected layout's role-named layers,
 * then the selected layers marked "Text to render", named for their role or plain `text`).
 */
export function splitText(selection: Pick<SelectionSnapshot, 'textLayers' | 'layouts'>, marked: ReadonlySet<string>): { beats: TextLayer[]; rendered: RenderedText[] } {
  const fromLayouts = (selection.layouts ?? []).flatMap((l) => l.texts)
  // A layout's own text selected as well is its text, never also a beat.
  const inLayout = new Set(fromLayouts.map((t) => t.id))
  const beats = selection.textLayers.filter((l) => !marked.has(l.id) && !inLayout.has(l.id))
  const fromMarked = selection.textLayers
    .filter((l) => marked.has(l.id) && !inLayout.has(l.id))
    .map((l): RenderedText => ({ id: l.id, name: l.name, role: textRoleOf(l.name) ?? 'text', text: l.text, font: l.look?.font ?? 'mixed', fontSize: l.look?.fontSize ?? 'mixed', ...(l.look?.placement ? { placement: l.look.placement } : {}) }))
  return { beats, rendered: [...fromLayouts, ...fromMarked] }
}

export function previewRequest(
  selection: SelectionSnapshot,
  roles: ReadonlyMap<string, ReferenceRole>,
  settings: FormSettings,
  marked: ReadonlySet<string> = new Set(),
  /** The file's cast names and those dropped for this generation, for the mention errors' fixes. */
  cast: { names: readonly string[]; dropped: readonly string[] } = { names: [], dropped: [] }
): Preview {
  const references = chooseReferences(selection, roles)
  const angleNames = new Map(selection.references.map((r) => [r.id, r.angles?.map((a) => a.name)]))
  const mode: Mode = references.some((r) => r.role === 'image') ? 'image-to-image' : 'text-to-image'
  const { beats: textLayers, rendered: renderedTexts } = splitText(selection, marked)
  const drafted = draftPrompt(textLayers, settings.output, renderedTexts)
  const composition = composeRequest({
    references: references.map(({ angleIds, ...r }) => ({
      ...r,
      url: stand(r.id),
      ...(angleIds && { angleUrls: angleIds.map(stand), angleNames: angleNames.get(r.id) ?? [] })
    })),
    textLayers,
    settings: toGenerationSettings(settings, drafted.prompt),
    renderedTexts,
    castNames: cast.names,
    droppedCast: cast.dropped
  })
  const errors = groupByField(composition.ok ? [] : composition.errors)
  // Kling's rules for the frames themselves (size, aspect ratio), known from the selection. They are shown
  // once, beside their frame in the reference list, so they are not repeated in `errors`.
  const frameProblems = selection.references.flatMap((r) => r.problems.map((p) => ({ field: 'references' as const, message: p.message, fix: p.fix })))
  return {
    mode,
    references,
    draftedPrompt: drafted.prompt,
    style: drafted.style,
    beats: drafted.beats.length,
    textLayers,
    renderedTexts,
    composition,
    errors,
    warnings: groupByField(composition.warnings),
    frameProblems,
    canGenerate: composition.ok && frameProblems.length === 0
  }
}

const stand = (id: string): string => `https://keyframe.invalid/reference/${encodeURIComponent(id)}`

function groupByField(problems: readonly Problem[]): Partial<Record<ProblemField, Problem[]>> {
  const grouped: Partial<Record<ProblemField, Problem[]>> = {}
  for (const p of problems) (grouped[p.field] ??= []).push(p)
  return grouped
}
