// Every option the catalog knows, with the reason it is unavailable for the current model and mode
// ("Series needs O3"), and the notes that say what a model switch changed. A choice the designer made is
// never changed silently: fitWithNotes changes what the new model cannot do and says what and why.
import { capabilities, MODEL_IDS, MODES } from '../../kling/capabilities'
import type { AspectRatioOrAuto, Mode, ModelId, Resolution } from '../../kling/catalog'
import type { OutputKind } from '../../kling/prompt-draft'
import { DEFAULT_VARIATIONS, type FormSettings, type OfferedOptions, offeredOptions } from './form-settings'

export interface OptionState<T extends string> {
  value: T
  /** Why the current model and mode lack it; undefined when it can be chosen. */
  unavailable?: string
}

export interface AvailableOptions {
  outputs: OptionState<OutputKind>[]
  resolutions: OptionState<Resolution>[]
  aspectRatios: OptionState<AspectRatioOrAuto>[]
}

const name = (model: ModelId) => capabilities(model, 'text-to-image').name
const OUTPUT_NAME: Record<OutputKind, string> = { single: 'Single', variations: 'Variations', series: 'Series' }

function union<T>(lists: readonly (readonly T[])[]): T[] {
  return [...new Set(lists.flat())]
}

/** "needs O3", "needs a reference image", "needs O3 and a reference image": where the catalog offers it. */
function reasonFor(offers: (model: ModelId, mode: Mode) => boolean, model: ModelId, mode: Mode): string | undefined {
  if (offers(model, mode)) return undefined
  const otherModel = MODEL_IDS.find((m) => offers(m, mode))
  if (otherModel) return `needs ${name(otherModel)}`
  const otherMode = MODES.find((d) => offers(model, d))
  const refs = (d: Mode) => (d === 'image-to-image' ? 'a reference image' : 'no reference image')
  if (otherMode) return `needs ${refs(otherMode)}`
  for (const m of MODEL_IDS) for (const d of MODES) if (offers(m, d)) return `needs ${name(m)} and ${refs(d)}`
  return 'is not offered'
}

export function availableOptions(model: ModelId, mode: Mode): AvailableOptions {
  const offered = (m: ModelId, d: Mode) => offeredOptions(m, d)
  const all = MODEL_IDS.flatMap((m) => MODES.map((d) => offered(m, d)))
  const state = <T extends string>(value: T, name: string, has: (m: ModelId, d: Mode) => boolean): OptionState<T> => {
    const reason = reasonFor(has, model, mode)
    return reason === undefined ? { value } : { value, unavailable: `${name} ${reason}` }
  }
  return {
    outputs: union(all.map((o) => o.outputs)).map((v) => state(v, OUTPUT_NAME[v], (m, d) => offered(m, d).outputs.includes(v))),
    resolutions: union(all.map((o) => o.resolutions)).map((v) => state(v, v, (m, d) => offered(m, d).resolutions.includes(v))),
    aspectRatios: union(all.map((o) => o.aspectRatios)).map((v) =>
      state(v, v === 'auto' ? 'Auto' : v, (m, d) => offered(m, d).aspectRatios.includes(v))
    )
  }
}

/** One line per field: "Series needs O3" for all the field's unavailable options. */
export function unavailableHint<T extends string>(options: readonly OptionState<T>[]): string | undefined {
  const reasons = options.flatMap((o) => (o.unavailable ? [o.unavailable] : []))
  return reasons.length === 0 ? undefined : `${reasons.join('. ')}.`
}

export type FitField = 'output' | 'resolution' | 'aspectRatio' | 'negativePrompt'

/** A choice the model switch changed: what and why, and the choices that bring it back. */
export interface FitNote {
  field: FitField
  message: string
  /** The model that offers the designer's choice in this mode, for the one-click way back; none when no model does. */
  backTo: ModelId | undefined
  restore: Partial<FormSettings>
}

/** Keeps every choice within what the model offers, and says what it changed. */
export function fitWithNotes(settings: FormSettings, mode: Mode): { settings: FormSettings; notes: FitNote[] } {
  const s = settings
  const model = name(s.model)
  const next = { ...s }
  const notes: FitNote[] = []
  // When `has` fails for this model: apply `change`, say `message`, and remember the way back.
  const fit = (field: FitField, has: (o: OfferedOptions) => boolean, change: Partial<FormSettings>, message: () => string) => {
    if (has(offeredOptions(s.model, mode))) return
    Object.assign(next, change)
    const backTo = MODEL_IDS.find((m) => m !== s.model && has(offeredOptions(m, mode)))
    notes.push({ field, message: message(), backTo, restore: { [field]: s[field], ...(field === 'output' && { count: s.count }) } })
  }
  fit('output', (o) => o.outputs.includes(s.output), { output: 'variations', count: s.count ?? DEFAULT_VARIATIONS }, () =>
    `${model} has no ${OUTPUT_NAME[s.output]}: changed to Variations ×${next.count}.`)
  const top = offeredOptions(s.model, mode).resolutions.at(-1) ?? '1K'
  fit('resolution', (o) => o.resolutions.includes(s.resolution), { resolution: top }, () => `${model} has no ${s.resolution}: changed to ${top}.`)
  const ratio = offeredOptions(s.model, mode).aspectRatios[0] ?? '16:9'
  fit('aspectRatio', (o) => o.aspectRatios.includes(s.aspectRatio), { aspectRatio: ratio }, () =>
    `${model} has no ${s.aspectRatio === 'auto' ? 'Auto' : s.aspectRatio} aspect ratio here: changed to ${ratio}.`)
  fit('negativePrompt', (o) => o.negativePrompt || s.negativePrompt === '', { negativePrompt: '' }, () =>
    `${model} takes no negative prompt here: "${s.negativePrompt}" was removed.`)
  return { settings: next, notes }
}

/** The settings alone, for choices laid over the form (presets, the file's remembered settings). */
export function fitToModel(settings: FormSettings, mode: Mode): FormSettings {
  return fitWithNotes(settings, mode).settings
}

/**
 * The notes to show after a change: a model switch replaces them (they are about the last switch); any
 * other change keeps them, except for a field the designer has just chosen anew.
 */
export function nextNotes(previous: readonly FitNote[], fresh: readonly FitNote[], change: Partial<FormSettings>): FitNote[] {
  if (change.model !== undefined) return [...fresh]
  const touched = new Set(Object.keys(change))
  return [...previous.filter((n) => !touched.has(n.field) && !fresh.some((f) => f.field === n.field)), ...fresh]
}

/** The one-click way back: the model that offers the designer's choices, and those choices. */
export function restoreChange(notes: readonly FitNote[]): Partial<FormSettings> | null {
  const backTo = notes.find((n) => n.backTo !== undefined)?.backTo
  if (backTo === undefined) return null
  return Object.assign({ model: backTo }, ...notes.filter((n) => n.backTo === backTo).map((n) => n.restore)) as Partial<FormSettings>
}
