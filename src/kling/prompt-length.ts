// How long a prompt is, counted as fal counts it: fal validates `prompt` with Python's `len`, which
// counts Unicode code points, so an emoji is one character, not the two UTF-16 units `.length` sees.
// The composer, the schemas (and so the proxy and the offline service) all count with this.

export const MAX_PROMPT_CHARS = 2500

export function promptLength(text: string): number {
  let count = 0
  for (const _ of text) count++
  return count
}
