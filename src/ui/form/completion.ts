// `@` completion in the prompt: after an `@`, offer each selected reference once, by the name the designer
// knows (`@Mara`) with its canonical token (`Element1`) as the detail, filtered by what has been typed
// so far (either name matches).
import { aliasOf, bindTokens, type NamedReference } from '../../kling/tokens'

export interface CompletionQuery {
  /** Index of the `@`. */
  start: number
  /** What follows the `@` up to the caret. */
  typed: string
}

export interface CompletionOption {
  /** Inserted after the `@`. */
  insert: string
  /** Shown in the list. */
  label: string
  /** The canonical token, shown beside the label when it differs. */
  detail?: string
}

// `@` at the start or after a character that cannot be part of a word or e-mail address.
const OPEN_TOKEN = /(?:^|[^\p{L}\p{N}_@.])@([\p{L}\p{N}_-]*)$/u

export function completionQuery(text: string, caret: number): CompletionQuery | null {
  const match = OPEN_TOKEN.exec(text.slice(0, caret))
  if (!match) return null
  const typed = match[1] ?? ''
  return { start: caret - typed.length - 1, typed }
}

export function completionOptions(references: readonly NamedReference[], typed: string): CompletionOption[] {
  const wanted = typed.toLowerCase()
  const options: CompletionOption[] = []
  for (const binding of bindTokens(references)) {
    const alias = aliasOf(references[binding.index]?.name ?? '')
    const names = alias === '' ? [binding.canonical] : [alias, binding.canonical]
    if (!names.some((name) => name.toLowerCase().startsWith(wanted))) continue
    const insert = names[0]!
    options.push(insert === binding.canonical ? { insert, label: `@${insert}` } : { insert, label: `@${insert}`, detail: binding.canonical })
  }
  return options
}

/** The text with the open token replaced by the chosen option, and where the caret goes. */
export function applyCompletion(text: string, query: CompletionQuery, option: CompletionOption): { text: string; caret: number } {
  const before = text.slice(0, query.start)
  const after = text.slice(query.start + 1 + query.typed.length)
  const inserted = `@${option.insert}${after.startsWith(' ') ? '' : ' '}`
  return { text: before + inserted + after, caret: before.length + inserted.length }
}
