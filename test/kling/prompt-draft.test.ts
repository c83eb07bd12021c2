// "Panel N:" in a series prompt: written once by draftPrompt, read back in one place (seriesParts). A beat the
// designer labelled herself, or a beat that merely says "panel 2:", must not move the beat boundaries that
// Regenerate, the captions and the shot list all read.
import { describe, expect, test } from 'vitest'

import { composeRequest } from '../../src/kling/compose'
import { draftPrompt, panelCaptions, panelPrompt, rewriteBeats, seriesParts, type TextLayer } from '../../src/kling/prompt-draft'
import { regenerateRequest } from '../../src/kling/regenerate'
import { requestOf } from '../../src/kling/request-of'
import { shotListRow } from '../../src/main/shot-list-row'

const layer = (id: string, name: string, text: string, y: number): TextLayer => ({ id, name, text, x: 0, y, width: 200, height: 20 })
const O3_T2I = 'fal-ai/kling-image/o3/text-to-image'

/** The request Generate would send for these layers as a series, and each panel's regenerate / caption / shot-list prompt. */
function series(layers: TextLayer[]) {
  const composed = composeRequest({
    references: [],
    textLayers: layers,
    settings: { model: 'o3', output: 'series', count: undefined, resolution: '1K', aspectRatio: '16:9', format: 'png', prompt: undefined }
  })
  if (!composed.ok) throw new Error(`compose refused: ${composed.errors.map((e) => e.message).join('; ')}`)
  const { input, panels } = composed.request
  const perPanel = panels.map(({ number, caption }) => {
    const regen = regenerateRequest({ label: `Panel ${number}`, shown: { endpoint: O3_T2I, input, index: number } }, 1)
    const row = shotListRow(number, caption ?? '', {
      ...requestOf(composed.request), requestId: 'r', index: number, imageUrl: 'https://v3.fal.media/files/x.png',
      costUsd: 0, requestCostUsd: 0, createdAt: '', completedAt: '', generator: 'Keyframe'
    })
    return { caption, regenerate: regen.ok ? regen.request.input.prompt : regen.errors[0]?.message, shotList: row.prompt }
  })
  return { prompt: input.prompt, perPanel }
}

describe('a beat the designer labelled "Panel N:" herself', () => {
  const layers = [
    layer('s', 'Style', 'Ink wash, film grain', 0),
    layer('a', 'Beat', 'Panel 1: Mara steps off the ferry', 100),
    layer('b', 'Beat', 'panel 2: She crosses the market', 200),
    layer('c', 'Beat', 'PANEL 7 :  Night falls', 300)
  ]

  test('is drafted with its own label dropped, numbered once by Keyframe in reading order', () => {
    const drafted = draftPrompt(layers, 'series')
    expect(drafted.prompt).toBe('Ink wash, film grain. Panel 1: Mara steps off the ferry. Panel 2: She crosses the market. Panel 3: Night falls.')
    expect(drafted.beats).toEqual(['Mara steps off the ferry.', 'She crosses the market.', 'Night falls.'])
  })

  test('each panel regenerates, is captioned and listed with its own beat only', () => {
    expect(series(layers).perPanel).toEqual([
      { caption: 'Mara steps off the ferry.', regenerate: 'Ink wash, film grain. Mara steps off the ferry.', shotList: 'Ink wash, film grain. Mara steps off the ferry.' },
      { caption: 'She crosses the market.', regenerate: 'Ink wash, film grain. She crosses the market.', shotList: 'Ink wash, film grain. She crosses the market.' },
      { caption: 'Night falls.', regenerate: 'Ink wash, film grain. Night falls.', shotList: 'Ink wash, film grain. Night falls.' }
    ])
  })

  test('a single image keeps the text as written: only a series is numbered by Keyframe', () => {
    expect(draftPrompt([layers[1]!], 'single').prompt).toBe('Panel 1: Mara steps off the ferry.')
  })
})

describe('a beat whose text says "panel 2:"', () => {
  const layers = [
    layer('s', 'Style', 'Ink wash, film grain', 0),
    layer('a', 'Beat', 'Mara steps off the ferry', 100),
    layer('b', 'Beat', 'She checks the control panel 2: all dark', 200),
    layer('c', 'Beat', 'The ferry leaves', 300)
  ]

  test('keeps its words, and the panel regenerates, is captioned and listed with the whole beat', () => {
    const { prompt, perPanel } = series(layers)
    expect(prompt).toBe('Ink wash, film grain. Panel 1: Mara steps off the ferry. Panel 2: She checks the control panel 2: all dark. Panel 3: The ferry leaves.')
    expect(perPanel[1]).toEqual({
      caption: 'She checks the control panel 2: all dark.',
      regenerate: 'Ink wash, film grain. She checks the control panel 2: all dark.',
      shotList: 'Ink wash, film grain. She checks the control panel 2: all dark.'
    })
    expect(perPanel.map((p) => p.caption)).toEqual(['Mara steps off the ferry.', 'She checks the control panel 2: all dark.', 'The ferry leaves.'])
  })

  test('"Panel 2:" with a capital inside a later beat is out of order, so it is part of that beat', () => {
    const layersWithCapital = [layers[0]!, layers[1]!, layer('b', 'Beat', 'She sees the sign Panel 1: closed', 200), layers[3]!]
    const { perPanel } = series(layersWithCapital)
    expect(perPanel.map((p) => p.regenerate)).toEqual([
      'Ink wash, film grain. Mara steps off the ferry.',
      'Ink wash, film grain. She sees the sign Panel 1: closed.',
      'Ink wash, film grain. The ferry leaves.'
    ])
  })
})

describe('seriesParts reads only markers as Keyframe writes them', () => {
  test('"Panel" with a capital P, at the start or after whitespace, numbered 1, 2, 3 in order', () => {
    expect(seriesParts('Panel 1: a. Panel 2: b. Panel 2: again. Panel 4: skipped. Panel 3: c.')).toEqual({
      style: '',
      beats: [
        { number: 1, text: 'a.' },
        { number: 2, text: 'b. Panel 2: again. Panel 4: skipped.' },
        { number: 3, text: 'c.' }
      ]
    })
  })
  test('a lower-case "panel 1:", or one glued to a word ("SubPanel 1:"), is not a marker', () => {
    expect(seriesParts('Style. panel 1: a. SubPanel 1: b.')).toEqual({ style: 'Style. panel 1: a. SubPanel 1: b.', beats: [] })
    expect(panelCaptions('Style. panel 1: a.').size).toBe(0)
  })
  test('a prompt that never starts at "Panel 1:" has no beats, so Regenerate says it cannot find one', () => {
    const input = { prompt: 'Style. Panel 2: b. Panel 3: c.', result_type: 'series' }
    expect(seriesParts(input.prompt).beats).toEqual([])
    expect(panelPrompt(input, 2)).toBeUndefined()
    const result = regenerateRequest({ label: 'Panel 2', shown: { endpoint: O3_T2I, input, index: 2 } }, 1)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors[0]?.message).toBe(`Panel 2's series prompt has no "Panel 2:" beat, so Keyframe cannot tell which part was its own.`)
  })
  test('a marker right after a line break counts', () => {
    expect(seriesParts('Style.\nPanel 1: a.\nPanel 2: b.').beats).toEqual([{ number: 1, text: 'a.' }, { number: 2, text: 'b.' }])
  })
})

describe('rewriteBeats', () => {
  test('replaces each beat, keeping the Style line, markers and spacing as written', () => {
    const prompt = 'Ink wash.\nPanel 1: a.\nPanel 2:  b. Panel 2: still b.\n'
    expect(rewriteBeats(prompt, (text, n) => `${n}:${text}`)).toBe('Ink wash.\nPanel 1: 1:a.\nPanel 2:  2:b. Panel 2: still b.\n')
    expect(rewriteBeats(prompt, (text) => text)).toBe(prompt)
    expect(rewriteBeats('No markers here.', () => 'x')).toBe('No markers here.')
  })
})

describe('series markers and quoted titles', () => {
  test('a "Panel 1:" inside a quoted title is the title, not a marker', () => {
    const prompt = "Ink. The title 'Night Ferry Panel 1: Origins' at the top. Panel 1: A harbour. Panel 2: A boat."
    expect(seriesParts(prompt)).toEqual({
      style: "Ink. The title 'Night Ferry Panel 1: Origins' at the top.",
      beats: [
        { number: 1, text: 'A harbour.' },
        { number: 2, text: 'A boat.' }
      ]
    })
  })

  test('an apostrophe that pairs with a quote across beats never hides a marker after a full stop', () => {
    const prompt = "Panel 1: Mara's 'dog sleeps. Panel 2: The cats' bowl."
    expect(seriesParts(prompt).beats.map((b) => b.number)).toEqual([1, 2])
  })
})
