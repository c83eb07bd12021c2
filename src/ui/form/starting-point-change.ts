// A starting point as a change to the form: its prompt (placeholders given the selected frames) as an edited
// prompt, and its settings as a preset's are laid over the form, so the caller fits them to the model and
// mode with the same notes a preset gets (Auto without an image reference is changed, and said so).
import { fillPlaceholders, type StartingPoint } from '../../kling/starting-points'
import type { NamedReference } from '../../kling/tokens'
import type { FormSettings } from './form-settings'
import { choicesAsChange } from './remembered-settings'

export function startingPointChange(settings: FormSettings, point: StartingPoint, references: readonly NamedReference[]): Partial<FormSettings> {
  const { prompt } = fillPlaceholders(point, references)
  // The point's own count (its series' panels, its batch), or the output's default when it names none.
  return { ...choicesAsChange(settings, point.settings), count: point.count, prompt }
}

/** A starting point chosen: the prompt it set, and the form from before it that Undo brings back. */
export interface StartedFrom {
  prompt: string
  before: FormSettings
}

/**
 * What Undo of a starting point chosen now brings back: the form as it is, unless it still holds the last
 * starting point's prompt untouched: then the designer's own form from before that one (choosing a second
 * point, then Undo, must not leave the first point's prompt in place of what the designer wrote).
 */
export function settingsBeforeStart(current: FormSettings, last: StartedFrom | null): FormSettings {
  return last !== null && current.prompt === last.prompt ? last.before : current
}

/** How much of the starting point's opening the prompt must keep for its note to still be about this prompt. */
const OPENING_CHARS = 24

/**
 * Whether the prompt still comes from the starting point: it opens as the point's prompt did. Edits further on
 * keep the note (what it is for, what it still needs); a prompt the designer cleared and wrote anew drops it.
 */
export function stillFromStart(prompt: string, started: string): boolean {
  const opening = started.trimStart().slice(0, OPENING_CHARS)
  return opening !== '' && prompt.trimStart().startsWith(opening)
}
