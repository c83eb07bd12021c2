import { describe, expect, it } from 'vitest'

import { overlapsQuote, quotedSpans, spanAround } from '../../src/kling/quoted-spans'
import { quoted } from '../../src/kling/rendered-text'

/** The quoted text of each span, quotes included. */
function spansOf(text: string): string[] {
  return quotedSpans(text).map((s) => text.slice(s.start, s.end))
}

describe('quotedSpans', () => {
  it('finds every form quoted() writes', () => {
    for (const title of ['NIGHT FERRY', "DON'T LOOK", 'SAY "HI" OR DON\'T']) {
      const q = quoted(title)
      expect(spansOf(`The title ${q} at the top.`)).toEqual([q])
    }
    expect(spansOf('A “NIGHT FERRY” sign')).toEqual(['“NIGHT FERRY”'])
    expect(spansOf("The title 'NO PEOPLE' and the tagline \"No Man's Land\".")).toEqual(["'NO PEOPLE'", '"No Man\'s Land"'])
  })

  it('does not take an apostrophe inside or after a word for a quote', () => {
    expect(quotedSpans("Mara's coat, the dogs' bowls, don't look back")).toEqual([])
    expect(quotedSpans('Mara’s coat and the ferry’s deck')).toEqual([])
  })

  it('leaves a quote that never closes on its line as a stray mark', () => {
    expect(quotedSpans("The title 'NO PEO")).toEqual([])
    expect(quotedSpans("Panel 1: 'NIGHT\nPanel 2: FERRY'")).toEqual([])
  })

  it('says where an index falls and what a range touches', () => {
    const text = "x 'AB' y"
    const spans = quotedSpans(text)
    expect(spans).toEqual([{ start: 2, end: 6 }])
    expect(spanAround(spans, 2)).toBeUndefined()
    expect(spanAround(spans, 3)).toEqual({ start: 2, end: 6 })
    expect(spanAround(spans, 5)).toEqual({ start: 2, end: 6 })
    expect(spanAround(spans, 6)).toBeUndefined()
    expect(overlapsQuote(spans, 0, 2)).toBe(false)
    expect(overlapsQuote(spans, 0, 3)).toBe(true)
    expect(overlapsQuote(spans, 5, 8)).toBe(true)
    expect(overlapsQuote(spans, 6, 8)).toBe(false)
  })
})
