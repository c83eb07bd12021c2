// An `@` with no name after it ("…at dusk @"): Kling reads it as a stray character and the designer
// meant to mention a reference. Flagged with what to do: type a name, or remove it.
import type { Lint } from './compose'

// `@` where a token could start (not inside an e-mail address), followed by no name character.
const BARE_AT = /(^|[^\p{L}\p{N}_@.])@(?![\p{L}\p{N}_])/u

export function bareAtLint(prompt: string, example: string | undefined): Lint | null {
  const match = BARE_AT.exec(prompt)
  if (!match) return null
  const at = match.index + (match[1]?.length ?? 0)
  const trailing = prompt.slice(at + 1).trim() === ''
  const name = example === undefined ? 'a selected frame\'s name (@Name)' : `a reference's name (@${example})`
  return {
    code: 'bare-at',
    field: 'prompt',
    token: '@',
    message: trailing ? 'The prompt ends with a bare "@".' : `The prompt has a bare "@" before "${prompt.slice(at + 1).trim().slice(0, 20)}".`,
    fix: `Type ${name} after it, or remove the @.`
  }
}
