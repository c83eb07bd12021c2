// The name label Figma draws above a top-level frame or section: never wider than the frame itself. Figma
// cuts a longer name with an ellipsis at the frame's width (seen in Figma's canvas; the plugin typings say
// nothing about drawing), so a long section name never runs into the label of the frame beside it. Pure.

export const ELLIPSIS = '…'

/**
 * `name` as it fits in `maxWidth` (the frame's width on screen), measured by `measure` in the same units:
 * whole when it fits, else the longest start that fits with an ellipsis, or nothing when not even that does.
 */
export function fitLabel(name: string, maxWidth: number, measure: (text: string) => number): string {
  if (measure(name) <= maxWidth) return name
  const chars = Array.from(name)
  // Binary search on the number of characters kept: measure() grows with the prefix.
  let lo = 0
  let hi = chars.length - 1
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (measure(chars.slice(0, mid).join('').trimEnd() + ELLIPSIS) <= maxWidth) lo = mid
    else hi = mid - 1
  }
  if (lo === 0) return measure(ELLIPSIS) <= maxWidth ? ELLIPSIS : ''
  return chars.slice(0, lo).join('').trimEnd() + ELLIPSIS
}
