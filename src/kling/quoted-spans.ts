// Where a prompt quotes text: the exact characters a layout asks Kling to letter ("The title 'NIGHT FERRY'"),
// in the forms rendered-text.ts `quoted()` writes: '…', "…", ‘…’ and “…”. What sits inside is the designer's
// lettering, not instructions: lints must not rewrite it, inserts must not split it, and a "Panel 2:" in a
// title is not a series marker. One reader for all of them. Pure.
//
// A quote opens only at the start of a word and closes only at the end of one, so the apostrophe in "Man's"
// or "don't" is neither; a quote that never closes on its line is taken as a stray mark, not a span (a
// half-typed quote must not hide the rest of the prompt from the checks).

export interface QuotedSpan {
  /** Index of the opening quote. */
  start: number
  /** Index just past the closing quote. */
  end: number
}

const CLOSER: Record<string, string> = { "'": "'", '"': '"', '‘': '’', '“': '”' }
const WORD = /[\p{L}\p{N}]/u

/** The quoted spans of `text`, in order, quotes included; quotes do not nest. */
export function quotedSpans(text: string): QuotedSpan[] {
  const spans: QuotedSpan[] = []
  let i = 0
  while (i < text.length) {
    const open = text.charAt(i)
    const close = CLOSER[open]
    // An opening quote follows no letter and is followed by a character other than a space.
    if (close === undefined || WORD.test(text.charAt(i - 1)) || /^\s?$/.test(text.charAt(i + 1))) {
      i++
      continue
    }
    const end = closingIndex(text, i + 1, close)
    if (end < 0) {
      i++
      continue
    }
    spans.push({ start: i, end: end + 1 })
    i = end + 1
  }
  return spans
}

// The closing quote: one after a non-space and before no letter or digit, on the same line.
function closingIndex(text: string, from: number, close: string): number {
  for (let j = from; j < text.length; j++) {
    const c = text.charAt(j)
    if (c === '\n' || c === '\r') return -1
    if (c === close && j > from && !/\s/.test(text.charAt(j - 1)) && !WORD.test(text.charAt(j + 1))) return j
  }
  return -1
}

/** The span `index` falls strictly inside (after its opening quote, up to and including its closing one), if any. */
export function spanAround(spans: readonly QuotedSpan[], index: number): QuotedSpan | undefined {
  return spans.find((s) => index > s.start && index < s.end)
}

/** Whether the characters from `start` to `end` touch a quoted span (quote marks included). */
export function overlapsQuote(spans: readonly QuotedSpan[], start: number, end: number): boolean {
  return spans.some((s) => start < s.end && end > s.start)
}
