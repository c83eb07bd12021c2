// Poster text from text layers: the clause the prompt gets (exact characters, style from the font, place in
// the frame), where it goes in the drafted prompt, and the guide's lints about lettering.
import { describe, expect, test } from 'vitest'

import { composeRequest, type GenerationSettings } from '../../src/kling/compose'
import { draftPrompt, type TextLayer } from '../../src/kling/prompt-draft'
import {
  placementWords,
  quoted,
  type RenderedText,
  renderedTextClause,
  staysInFigma,
  styleWords,
  textRoleOf
} from '../../src/kling/rendered-text'

const FRAME = { width: 800, height: 1200 }
const at = (x: number, y: number, width: number, height: number) => ({ box: { x, y, width, height }, frame: FRAME })
const title = (over: Partial<RenderedText> = {}): RenderedText => ({
  id: '1:2',
  name: 'Title',
  role: 'title',
  text: 'NIGHT FERRY',
  font: { family: 'Roboto Condensed', style: 'Bold' },
  fontSize: 96,
  placement: at(40, 60, 720, 120),
  ...over
})
const beat = (text: string): TextLayer => ({ id: 'b', name: 'Beat', text, x: 0, y: 0, width: 100, height: 20 })
const settings = (over: Partial<GenerationSettings> = {}): GenerationSettings => ({
  model: 'o3',
  output: 'single',
  resolution: '2K',
  aspectRatio: '2:3',
  format: 'png',
  ...over
})
const codes = (over: Partial<GenerationSettings>, texts: RenderedText[]) =>
  composeRequest({ references: [], textLayers: [beat('A ferry crosses a dark harbour at night, lit by one lamp on its deck.')], settings: settings(over), renderedTexts: texts }).warnings.map(
    (w) => w.code
  )

describe('roles from layer names', () => {
  test('Title, Headline, Tagline and Credits in any case, spaces trimmed; other names are not', () => {
    expect(textRoleOf(' title ')).toBe('title')
    expect(textRoleOf('HEADLINE')).toBe('headline')
    expect(textRoleOf('Tagline')).toBe('tagline')
    expect(textRoleOf('credits')).toBe('credits')
    expect(textRoleOf('Title 2')).toBeUndefined()
    expect(textRoleOf('Subtitle')).toBeUndefined()
  })
})

describe('placement on a 3×3 reading of the frame', () => {
  test('wide or centred text reads by row', () => {
    expect(placementWords(at(40, 60, 720, 120))).toBe('at the top')
    expect(placementWords(at(300, 550, 200, 100))).toBe('across the centre')
    expect(placementWords(at(40, 1000, 720, 100))).toBe('across the bottom third')
  })
  test('narrow text off the middle column reads as a side or a corner', () => {
    expect(placementWords(at(20, 20, 200, 60))).toBe('in the top left')
    expect(placementWords(at(580, 1100, 200, 60))).toBe('in the bottom right')
    expect(placementWords(at(20, 570, 200, 60))).toBe('on the left')
  })
  test('no frame, or an empty one: no placement words', () => {
    expect(placementWords(undefined)).toBeUndefined()
    expect(placementWords({ box: { x: 0, y: 0, width: 10, height: 10 }, frame: { width: 0, height: 100 } })).toBeUndefined()
  })
})

describe('style words from the font', () => {
  test('bold condensed sans-serif block capitals', () => {
    expect(styleWords({ family: 'Roboto Condensed', style: 'Bold' }, 'NIGHT FERRY')).toBe('bold condensed sans-serif block capitals')
    expect(styleWords({ family: 'Oswald', style: '700' }, 'Night')).toBe('bold condensed sans-serif')
  })
  test('semi bold is not bold; black and heavy are', () => {
    expect(styleWords({ family: 'Inter', style: 'Semi Bold' }, 'x')).toBe('sans-serif')
    expect(styleWords({ family: 'Inter', style: 'Black' }, 'x')).toBe('bold sans-serif')
    expect(styleWords({ family: 'Inter', style: 'Heavy Italic' }, 'x')).toBe('bold italic sans-serif')
  })
  test('serif families read as elegant serif, sans serif families do not', () => {
    expect(styleWords({ family: 'Playfair Display', style: 'Regular' }, 'Night Ferry')).toBe('elegant serif')
    expect(styleWords({ family: 'Noto Serif', style: 'Regular' }, 'x')).toBe('elegant serif')
    expect(styleWords({ family: 'PT Sans Serif', style: 'Regular' }, 'x')).toBe('sans-serif')
  })
  test('script and hand families read as handwritten script', () => {
    expect(styleWords({ family: 'Caveat', style: 'Regular' }, 'see you')).toBe('handwritten script')
    expect(styleWords({ family: 'Brush Script MT', style: 'Italic' }, 'x')).toBe('italic handwritten script')
  })
  test('a mixed font gives no font words, only the capitals the characters show', () => {
    expect(styleWords('mixed', 'NIGHT FERRY')).toBe('block capitals')
    expect(styleWords('mixed', 'Night ferry')).toBe('')
    expect(styleWords({ family: 'Inter', style: 'Regular' }, '2026')).toBe('sans-serif')
  })
})

describe('the clause', () => {
  test('exact characters in single quotes, the style, then the placement', () => {
    expect(renderedTextClause(title())).toBe("The title 'NIGHT FERRY' in bold condensed sans-serif block capitals at the top.")
  })
  test("an apostrophe inside the text: double quotes, so the quote does not end early; both kinds: typographic quotes", () => {
    expect(quoted("DON'T LOOK BACK")).toBe('"DON\'T LOOK BACK"')
    expect(quoted('SAY "WHEN"')).toBe("'SAY \"WHEN\"'")
    expect(quoted('IT\'S "LIVE"')).toBe('‘IT\'S "LIVE"’')
    expect(renderedTextClause(title({ text: "DON'T LOOK" }))).toBe('The title "DON\'T LOOK" in bold condensed sans-serif block capitals at the top.')
  })
  test('line breaks in the layer become spaces', () => {
    expect(quoted('NIGHT\nFERRY')).toBe("'NIGHT FERRY'")
  })
  test('no frame and a mixed font: role and text only', () => {
    const { placement: _, ...bare } = title({ font: 'mixed', text: 'Night ferry', role: 'text' })
    expect(renderedTextClause(bare)).toBe("The text 'Night ferry'.")
  })
})

describe('credits stay in Figma', () => {
  test('the Credits layer, and text under a fortieth of the frame height', () => {
    expect(staysInFigma(title({ role: 'credits' }))).toBe(true)
    expect(staysInFigma(title({ fontSize: 29 }))).toBe(true)
    expect(staysInFigma(title({ fontSize: 30 }))).toBe(false)
    expect(staysInFigma(title({ fontSize: 'mixed' }))).toBe(false)
  })
  test('a small text with no frame cannot be judged small', () => {
    const { placement: _, ...bare } = title({ fontSize: 8 })
    expect(staysInFigma(bare)).toBe(false)
  })
})

describe('the drafted prompt', () => {
  const credits = title({ id: '1:3', name: 'Credits', role: 'credits', text: 'DIRECTED BY A. N. OTHER', fontSize: 14, placement: at(40, 1120, 720, 40) })
  test('the clauses come after the beats; credits are not in it', () => {
    const drafted = draftPrompt([beat('A ferry crosses the harbour at night')], 'single', [title(), credits])
    expect(drafted.prompt).toBe("A ferry crosses the harbour at night. The title 'NIGHT FERRY' in bold condensed sans-serif block capitals at the top.")
    expect(drafted.prompt).not.toContain('DIRECTED')
  })
  test('in a series the clauses go before Panel 1, so no caption takes them', () => {
    const drafted = draftPrompt([beat('The ferry leaves'), { ...beat('It arrives'), id: 'c', y: 50 }], 'series', [title()])
    expect(drafted.prompt).toMatch(/^The title 'NIGHT FERRY' .* at the top\. Panel 1: The ferry leaves\. Panel 2: It arrives\.$/)
  })
  test('without rendered text the draft is as before', () => {
    expect(draftPrompt([beat('A ferry')], 'single').prompt).toBe('A ferry.')
  })
  test('a series with lettering is refused before anything is sent: the title would be in every panel', () => {
    const beats = [beat('The ferry leaves'), { ...beat('It arrives'), id: 'c', y: 50 }]
    const composed = composeRequest({ references: [], textLayers: beats, settings: settings({ output: 'series' }), renderedTexts: [title()] })
    expect(composed.ok).toBe(false)
    expect(!composed.ok && composed.errors.map((e) => [e.field, e.message])).toEqual([
      ['output', "A series letters its text into every panel: 'NIGHT FERRY' would appear in each of them."]
    ])
    // A series prompt the designer wrote without the title letters nothing, so it goes.
    const own = composeRequest({ references: [], textLayers: beats, settings: settings({ output: 'series', prompt: 'Ink. Panel 1: The ferry leaves. Panel 2: It arrives.' }), renderedTexts: [title()] })
    expect(own.ok).toBe(true)
  })
  test('compose drafts the same prompt when none was typed', () => {
    const composed = composeRequest({ references: [], textLayers: [beat('A ferry crosses the harbour at night')], settings: settings(), renderedTexts: [title()] })
    expect(composed.ok && composed.request.input.prompt).toContain("'NIGHT FERRY'")
  })
})

describe('lints', () => {
  test('rendered text on V3 asks for O3; on O3 it does not', () => {
    expect(codes({ model: 'v3' }, [title()])).toContain('rendered-text-model')
    expect(codes({}, [title()])).not.toContain('rendered-text-model')
    expect(codes({ model: 'v3' }, [])).not.toContain('rendered-text-model')
  })
  test('rendered text at 1K gets the existing text-at-1k lint once, even with the prompt edited to unquoted words', () => {
    const warnings = composeRequest({
      references: [],
      textLayers: [],
      settings: settings({ resolution: '1K', prompt: 'A ferry crosses a dark harbour at night, lit by a lamp' }),
      renderedTexts: [title()]
    }).warnings
    expect(warnings.filter((w) => w.code === 'text-at-1k')).toHaveLength(1)
    expect(codes({ resolution: '2K' }, [title()])).not.toContain('text-at-1k')
  })
  test('more than six words is flagged, naming the layer; six is fine', () => {
    const long = composeRequest({
      references: [],
      textLayers: [beat('A ferry crosses a dark harbour at night, lit by one lamp on its deck.')],
      settings: settings(),
      renderedTexts: [title({ name: 'Tagline', role: 'tagline', text: 'Some crossings never reach the other side' })]
    }).warnings.find((w) => w.code === 'rendered-text-long')
    expect(long?.message).toBe('Tagline has 7 words; beyond about 6 words Kling often misspells lettering.')
    expect(codes({}, [title({ text: 'ONE TWO THREE FOUR FIVE SIX' })])).not.toContain('rendered-text-long')
  })
  test('credits: said to stay as Figma text, never blocking, and no O3 or 1K lint for them alone', () => {
    const credits = title({ name: 'Credits', role: 'credits', text: 'DIRECTED BY A. N. OTHER' })
    const composed = composeRequest({ references: [], textLayers: [beat('A ferry crosses a dark harbour at night, lit by one lamp.')], settings: settings({ model: 'v3', resolution: '1K' }), renderedTexts: [credits] })
    expect(composed.ok).toBe(true)
    const lint = composed.warnings.find((w) => w.code === 'credits-stay-in-figma')
    expect(lint?.message).toBe('"Credits" is too small to render legibly, so Kling is not asked for it.')
    expect(composed.warnings.map((w) => w.code)).not.toContain('rendered-text-model')
    expect(composed.warnings.map((w) => w.code)).not.toContain('text-at-1k')
  })
})
