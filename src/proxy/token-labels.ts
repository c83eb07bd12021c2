// PROXY_TOKENS and ADMIN_TOKENS entries may carry a label: `alice:<token>`. The label names a teammate in
// logs and usage (never the token). The first ':' ends the label and the token is everything after it, so
// a token may itself contain colons; an entry without a colon is a token without a label. A token from
// `npm run token` or `openssl rand -hex 32` never holds a colon, so only a hand-made token with one needs a
// label in front (else its text before the first colon would be read as one).
import { hashToken } from './auth'

const LABEL = /^[A-Za-z0-9._-]{1,32}$/

export interface TokenEntry {
  token: string
  label: string | undefined
}

/**
 * Splits each entry into its label and token. A bad label is refused naming the variable and the entry's
 * place, never its text: a reversed `<token>:alice` would otherwise print the token.
 */
export function parseTokenEntries(variable: string, entries: readonly string[]): TokenEntry[] {
  return entries.map((entry, index) => {
    const colon = entry.indexOf(':')
    if (colon < 0) return { token: entry, label: undefined }
    const label = entry.slice(0, colon)
    if (!LABEL.test(label)) {
      throw new Error(
        `Refusing to start: entry ${index + 1} of ${entries.length} in ${variable} has a bad label before its first ':' ` +
          `(${label.length === 0 ? 'it is empty' : label.length > 32 ? `${label.length} characters, at most 32` : 'only letters, digits, . _ - are allowed'}). ` +
          'Write entries as label:token (such as alice:<token>), or the token alone.'
      )
    }
    return { token: entry.slice(colon + 1), label }
  })
}

/**
 * Token hash → label, over both lists. A label names one token: the same label on two tokens, or two
 * labels on one token, is refused naming the label (a label is plain and short, never secret).
 */
export function labelsByHash(entries: readonly TokenEntry[]): Map<string, string> {
  const byHash = new Map<string, string>()
  const hashOfLabel = new Map<string, string>()
  for (const { token, label } of entries) {
    if (label === undefined) continue
    const hash = hashToken(token)
    const known = byHash.get(hash)
    if (known !== undefined && known !== label) {
      throw new Error(`Refusing to start: one token is labelled both "${known}" and "${label}" in PROXY_TOKENS/ADMIN_TOKENS. Give each token one label.`)
    }
    const owner = hashOfLabel.get(label)
    if (owner !== undefined && owner !== hash) {
      throw new Error(`Refusing to start: the label "${label}" is given to two different tokens in PROXY_TOKENS/ADMIN_TOKENS. Labels must be unique: one per teammate.`)
    }
    byHash.set(hash, label)
    hashOfLabel.set(label, hash)
  }
  return byHash
}
