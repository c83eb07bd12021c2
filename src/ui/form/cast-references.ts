// Cast members a prompt mentions join the references after the selected frames, as pinned images do; a
// selected frame with the same name wins, and one the designer dropped stays out until the prompt changes.
import { mentionedNames } from '../../kling/cast'
import { aliasOf } from '../../kling/tokens'
import type { CastReference, SelectionSnapshot } from '../../messages'

/** The cast names (lower-case, without `@`) the prompt mentions that no selected frame answers, nor a drop. */
export function castToLookUp(prompt: string, castNames: readonly string[], selection: SelectionSnapshot, dropped: ReadonlySet<string>): string[] {
  const selected = new Set(selection.references.map((r) => aliasOf(r.name).toLowerCase()))
  return mentionedNames(prompt, castNames.map((n) => aliasOf(n))).filter((name) => !selected.has(name) && !dropped.has(name))
}

/** The selection as the form reads it: selected frames first, then the cast members looked up for `wanted`. */
export function withCast(selection: SelectionSnapshot, found: ReadonlyMap<string, CastReference>, wanted: readonly string[]): SelectionSnapshot {
  const selected = new Set(selection.references.map((r) => r.id))
  const extra = wanted.map((name) => found.get(name)).filter((r): r is CastReference => r !== undefined && !selected.has(r.id))
  return extra.length === 0 ? selection : { ...selection, references: [...selection.references, ...extra] }
}

export function isCastReference(reference: SelectionSnapshot['references'][number]): reference is CastReference {
  return (reference as Partial<CastReference>).fromCast === true
}
