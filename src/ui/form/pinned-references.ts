// References the designer pinned with "Use as reference" (a panel's image): they join the selected frames
// in the references list whatever is selected, until removed or the plugin closes.
import type { ReferenceSummary, SelectionSnapshot } from '../../messages'

/** The selection as the form reads it: selected frames first, then the pinned images not also selected. */
export function withPinned(selection: SelectionSnapshot, pinned: readonly ReferenceSummary[]): SelectionSnapshot {
  const selected = new Set(selection.references.map((r) => r.id))
  const extra = pinned.filter((p) => !selected.has(p.id))
  return extra.length === 0 ? selection : { ...selection, references: [...selection.references, ...extra] }
}

/** Pins a reference; pinning the same image again refreshes it (its size or problems may have changed). */
export function pinReference(pinned: readonly ReferenceSummary[], reference: ReferenceSummary): ReferenceSummary[] {
  const at = pinned.findIndex((p) => p.id === reference.id)
  return at < 0 ? [...pinned, reference] : pinned.map((p, i) => (i === at ? reference : p))
}

export function unpinReference(pinned: readonly ReferenceSummary[], id: string): ReferenceSummary[] {
  return pinned.filter((p) => p.id !== id)
}
