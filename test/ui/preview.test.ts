import { describe, expect, it } from 'vitest'

import type { ReferenceSummary, SelectionSnapshot } from '../../src/messages'
import { DEFAULT_SETTINGS } from '../../src/ui/form/form-settings'
import { previewRequest } from '../../src/ui/form/preview'

const frame = (id: string, name: string, extra: Partial<ReferenceSummary> = {}): ReferenceSummary => ({
  id,
  name,
  type: 'FRAME',
  width: 1024,
  height: 1024,
  defaultRole: name.startsWith('@') ? 'element' : 'image',
  problems: [],
  ...extra
})
const text = (id: string, name: string, body: string, y: number) => ({ id, name, text: body, x: 0, y, width: 300, height: 40 })
const selection = (over: Partial<SelectionSnapshot>): SelectionSnapshot => ({ version: 1, references: [], textLayers: [], panels: [], storyboards: [], ignored: [], ...over })

describe('the preview before Generate', () => {
  it('nothing selected: no prompt error, Generate not offered', () => {
    const p = previewRequest(selection({}), new Map(), DEFAULT_SETTINGS)
    expect(p.canGenerate).toBe(false)
    expect(p.errors.prompt?.[0]?.message).toBe('There is no prompt.')
  })

  it('an O3 series from four beats and @Mara as an element costs 4 images', () => {
    const s = selection({
      references: [frame('1:2', '@Mara')],
      textLayers: [
        text('t1', 'Beat 1', 'Mara Mara steps off the ferry.', 0),
        text('t2', 'Beat 2', 'She crosses the market.', 100),
        text('t3', 'Beat 3', 'A stranger follows.', 200),
        text('t4', 'Beat 4', 'She turns to face him.', 300)
      ]
    })
    const p = previewRequest(s, new Map(), { ...DEFAULT_SETTINGS, output: 'series' })
    expect(p.mode).toBe('text-to-image')
    expect(p.beats).toBe(4)
    expect(p.canGenerate).toBe(true)
    if (!p.composition.ok) throw new Error('expected a request')
    expect(p.composition.request.endpoint).toBe('fal-ai/kling-image/o3/text-to-image')
    expect(p.composition.request.panels.map((x) => x.caption)).toEqual([
      'Mara Mara steps off the ferry.',
      'She crosses the market.',
      'A stranger follows.',
      'She turns to face him.'
    ])
    expect(p.composition.request.costUsd).toBeCloseTo(0.112)
  })

  it('a role switched in the panel changes the endpoint', () => {
    const s = selection({ references: [frame('1:2', '@Mara')], textLayers: [text('t', 'Prompt', 'Portrait of @Mara under neon rain at night', 0)] })
    expect(previewRequest(s, new Map(), DEFAULT_SETTINGS).mode).toBe('text-to-image')
    const asImage = previewRequest(s, new Map([['1:2', 'image' as const]]), DEFAULT_SETTINGS)
    expect(asImage.mode).toBe('image-to-image')
    expect(asImage.composition.ok && asImage.composition.request.endpoint).toBe('fal-ai/kling-image/o3/image-to-image')
  })

  it("a frame Kling would refuse blocks Generate with the frame's own message", () => {
    const small = frame('1:3', 'Thumb', {
      width: 120,
      height: 120,
      problems: [{ reason: 'too-small', message: '"Thumb" is 120×120 px; Kling needs at least 300 px on each side.', fix: 'Resize "Thumb".' }]
    })
    const p = previewRequest(selection({ references: [small], textLayers: [text('t', 'Prompt', 'A quiet harbour at dawn, mist', 0)] }), new Map(), DEFAULT_SETTINGS)
    expect(p.canGenerate).toBe(false)
    expect(p.frameProblems.map((e) => e.message)).toEqual(['"Thumb" is 120×120 px; Kling needs at least 300 px on each side.'])
    // Shown once, beside the frame in the reference list: not repeated under the references.
    expect(p.errors.references).toBeUndefined()
  })

  it('11 references are refused before anything is uploaded', () => {
    const refs = Array.from({ length: 11 }, (_, i) => frame(`1:${i + 10}`, `Ref ${i + 1}`))
    const p = previewRequest(selection({ references: refs, textLayers: [text('t', 'Prompt', 'Blend all of these into one poster', 0)] }), new Map(), DEFAULT_SETTINGS)
    expect(p.canGenerate).toBe(false)
    expect(p.errors.references?.map((e) => e.message).join(' ')).toContain('11 references are selected; Kling takes at most 10')
  })
})

describe('text to render in the preview', () => {
  const FRAME = { width: 800, height: 1200 }
  const layout = {
    id: '5:1',
    name: 'Poster',
    width: 800,
    height: 1200,
    texts: [
      { id: '5:2', name: 'Title', role: 'title' as const, text: 'NIGHT FERRY', font: { family: 'Oswald', style: 'Bold' }, fontSize: 96, placement: { box: { x: 40, y: 60, width: 720, height: 120 }, frame: FRAME } },
      { id: '5:3', name: 'Credits', role: 'credits' as const, text: 'A FILM BY SOMEONE', font: { family: 'Inter', style: 'Regular' }, fontSize: 14, placement: { box: { x: 40, y: 1140, width: 720, height: 20 }, frame: FRAME } }
    ]
  }
  const beat = text('t1', 'Beat', 'A ferry crosses a dark harbour at night, one lamp lit on its deck', 0)

  it("a layout's title follows the beat in the drafted prompt; credits are left out and said to stay in Figma", () => {
    const p = previewRequest(selection({ textLayers: [beat], layouts: [layout] }), new Map(), { ...DEFAULT_SETTINGS, model: 'o3', resolution: '2K' })
    expect(p.draftedPrompt).toBe("A ferry crosses a dark harbour at night, one lamp lit on its deck. The title 'NIGHT FERRY' in bold condensed sans-serif block capitals at the top.")
    expect(p.mode).toBe('text-to-image')
    expect(p.warnings.prompt?.map((w) => w.message)).toContain('"Credits" is too small to render legibly, so Kling is not asked for it.')
    expect(p.canGenerate).toBe(true)
  })

  it('a text layer marked "Text to render" is no longer a beat; its place is read against its frame', () => {
    const marked = {
      ...text('t2', 'Name', 'Mara', 500),
      look: { font: { family: 'Caveat', style: 'Regular' }, fontSize: 80, placement: { box: { x: 20, y: 20, width: 200, height: 90 }, frame: FRAME } }
    }
    const p = previewRequest(selection({ textLayers: [beat, marked] }), new Map(), DEFAULT_SETTINGS, new Set(['t2']))
    expect(p.textLayers.map((l) => l.id)).toEqual(['t1'])
    expect(p.draftedPrompt).toBe("A ferry crosses a dark harbour at night, one lamp lit on its deck. The text 'Mara' in handwritten script in the top left.")
    // Unmarked, the same layer is a beat again.
    expect(previewRequest(selection({ textLayers: [beat, marked] }), new Map(), DEFAULT_SETTINGS).draftedPrompt).toMatch(/deck\. Mara\.$/)
  })
})
