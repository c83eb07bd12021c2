// The panel before the designer has done anything: what to select and an example, with no error yet.
// Errors come once they try to generate, or select or type something (then they name what is wrong).
import type { SelectionSnapshot } from '../../messages'

export const EMPTY_STATE_TEXT = 'Select text layers with your prompt, and frames to use as references.'
export const EMPTY_STATE_EXAMPLE = "E.g. a text layer 'Mara on the night ferry, rain, neon'."
export const EMPTY_STATE_START = "Or begin from one of the model guide's examples in Start from."

type Selected = Pick<SelectionSnapshot, 'references' | 'textLayers' | 'panels' | 'storyboards' | 'layouts'>

/** True while nothing is selected (pinned references count), nothing typed, and Generate not yet tried. */
export function isEmptyStart(selection: Selected, prompt: string | undefined, triedToGenerate: boolean): boolean {
  if (triedToGenerate) return false
  const selected = selection.references.length + selection.textLayers.length + selection.panels.length + selection.storyboards.length + (selection.layouts?.length ?? 0)
  return selected === 0 && (prompt ?? '').trim() === ''
}
