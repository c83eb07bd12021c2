// A reference named in plain words ("Mara steps off the ferry" with an `@Mara` frame selected): the
// designer meant the frame, but Kling only follows `@` tokens. Found here, so the lint can say so and the
// prompt field can offer the one-click rewrite ("Use @Mara").
import { aliasOf, bindTokens, type NamedReference } from './tokens'

export interface PlainMention {
  /** The name as written after `@` (`Mara`). */
  alias: string
  /** Index into the references. */
  index: number
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The alias as a whole word with no `@` before it. */
function plainWord(alias: string): RegExp {
  return new RegExp(`(^|[^@\\p{L}\\p{N}_])(${escape(alias)})(?![\\p{L}\\p{N}_])`, 'giu')
}

export function namedInPlainWords(name: string, prompt: string): boolean {
  const alias = aliasOf(name)
  return alias.length >= 2 && plainWord(alias).test(prompt)
}

/**
 * Elements the prompt names only in plain words: never as `@Name` nor by their canonical token. Only
 * elements: an element is a character Kling ignores unless mentioned, while an image's name ("Harbour")
 * is often an ordinary word in the prompt.
 */
export function plainMentions(prompt: string, references: readonly NamedReference[]): PlainMention[] {
  return bindTokens(references).flatMap((b) => {
    const alias = b.alias
    if (references[b.index]?.role !== 'element' || !namedInPlainWords(alias, prompt)) return []
    const tokened = new RegExp(`@(${escape(alias)}|${b.canonical})(?![\\p{L}\\p{N}_])`, 'iu')
    return tokened.test(prompt) ? [] : [{ alias, index: b.index }]
  })
}

/** The prompt with every plain-word mention of the alias written as its `@` token. */
export function writeAsToken(prompt: string, alias: string): string {
  return prompt.replace(plainWord(alias), (_match, before: string) => `${before}@${alias}`)
}
