// Access tokens are the only thing between the internet and the team's fal account, so a weak one is
// refused at start-up. The checks catch what people actually type (short words, "aaaa…", "abcabc…",
// "1234…"); a token from `openssl rand -hex 32` or `npm run token` passes them all.
import { randomBytes } from 'node:crypto'

export const MIN_TOKEN_LENGTH = 32
/** A random hex token of 32 characters has about 14 distinct ones (none of a million samples had fewer than 8). */
const MIN_DISTINCT_CHARACTERS = 8

export const HOW_TO_MAKE_A_TOKEN = 'Make one with `openssl rand -hex 32` or `npm run token`.'

/** A new strong token: 32 random bytes as hex (what `npm run token` prints). */
export function newToken(): string {
  return randomBytes(32).toString('hex')
}

/** What is wrong with a token, in words that never repeat it; undefined when it is strong enough. */
export function tokenWeakness(token: string): string | undefined {
  const chars = [...token]
  if (chars.length < MIN_TOKEN_LENGTH) return `it is ${chars.length} characters long, and tokens need at least ${MIN_TOKEN_LENGTH}`
  const distinct = new Set(chars).size
  if (distinct < MIN_DISTINCT_CHARACTERS) return `it uses only ${distinct} different characters, and tokens need at least ${MIN_DISTINCT_CHARACTERS}`
  const period = shortestPeriod(chars)
  if (period <= chars.length / 2) return `it repeats the same ${period} characters over and over`
  if (steps(chars) * 2 > chars.length - 1) return 'it is mostly a run of consecutive characters (like "abcd" or "1234")'
  return undefined
}

/**
 * Throws when any token in the list is weak, naming the variable, which entry and why (never the token
 * itself), and how to make a good one. For PROXY_TOKENS, and for any other list of tokens (ADMIN_TOKENS).
 */
export function assertStrongTokens(variable: string, tokens: readonly string[]): void {
  tokens.forEach((token, index) => {
    const weakness = tokenWeakness(token)
    if (weakness !== undefined) {
      throw new Error(
        `Refusing to start: entry ${index + 1} of ${tokens.length} in ${variable} is too weak to guard the proxy: ${weakness}. ` +
          `${HOW_TO_MAKE_A_TOKEN} Give each teammate their own.`
      )
    }
  })
}

/** The smallest p such that the string is its first p characters repeated (the last copy may be cut). */
function shortestPeriod(chars: readonly string[]): number {
  for (let p = 1; p < chars.length; p++) {
    if (chars.every((ch, i) => i < p || ch === chars[i - p])) return p
  }
  return chars.length
}

/** How many neighbours differ by exactly one code point, up or down ("abc", "321"). */
function steps(chars: readonly string[]): number {
  let n = 0
  for (let i = 1; i < chars.length; i++) {
    if (Math.abs(chars[i]!.codePointAt(0)! - chars[i - 1]!.codePointAt(0)!) === 1) n++
  }
  return n
}
