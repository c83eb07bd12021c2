// "Use as a reference instead": a frame read as a poster layout (it has a Title…) that the designer meant as
// a reference image. For this generation it leaves the layouts and joins the references, as it was read.
import type { SelectionSnapshot } from '../../messages'

/** The selection with each layout whose id is in `asReference` turned back into a reference. */
export function withLayoutsAsReferences(selection: SelectionSnapshot, asReference: ReadonlySet<string>): SelectionSnapshot {
  const layouts = selection.layouts ?? []
  const moved = layouts.filter((l) => asReference.has(l.id) && l.asReference !== undefined)
  if (moved.length === 0) return selection
  const kept = new Set(selection.references.map((r) => r.id))
  return {
    ...selection,
    layouts: layouts.filter((l) => !moved.includes(l)),
    references: [...selection.references, ...moved.flatMap((l) => (kept.has(l.id) ? [] : [l.asReference!]))]
  }
}
