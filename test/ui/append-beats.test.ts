import { describe, expect, it } from 'vitest'

import type { SelectionSnapshot, StoryboardSummary } from '../../src/messages'
import { previewAppend, wantsAppend } from '../../src/ui/form/append-beats'

const STYLE = 'Cinematic storyboard frame, muted teal palette.'
const MARA = 'https://v3b.fal.media/files/mara.png'
const HARBOUR = 'https://v3b.fal.media/files/harbour.png'

const board: StoryboardSummary = {
  id: '9:1',
  name: 'Storyboard · Mara steps off the ferry',
  panelCount: 4,
  running: false,
  lastNumber: 4,
  basis: {
    endpoint: 'fal-ai/kling-image/o3/image-to-image',
    input: {
      prompt: `${STYLE} Panel 1: @Element1 steps off the ferry at @Image1. Panel 2: She waits.`,
      image_urls: [HARBOUR],
      elements: [{ frontal_image_url: MARA, reference_image_urls: ['https://v3b.fal.media/files/mara-side.png'] }],
      resolution: '2K',
      aspect_ratio: '21:9',
      output_format: 'jpeg',
      result_type: 'series',
      series_amount: 4
    },
    // As the main thread sends them (kling/storyboard-basis.ts): names, roles and the URLs fal has.
    references: [
      { name: '@Mara', role: 'element', url: MARA, angleUrls: ['https://v3b.fal.media/files/mara-side.png'] },
      { name: 'Harbour at dusk', role: 'image', url: HARBOUR }
    ],
    style: STYLE
  }
}

const layer = (name: string, text: string, x: number, y = 0) => ({ id: `t-${name}`, name, text, x, y, width: 200, height: 40 })

function selection(over: Partial<SelectionSnapshot> = {}): SelectionSnapshot {
  return {
    version: 1,
    references: [],
    panels: [],
    storyboards: [board],
    ignored: [],
    textLayers: [layer('Beat 6', 'She turns back, @Mara lit by the beam', 300), layer('Beat 5', '@Mara climbs the lighthouse stairs', 0)],
    ...over
  }
}

const ok = (preview: ReturnType<typeof previewAppend>) => {
  if (!preview.ok) throw new Error(preview.errors.map((e) => e.message).join('; '))
  return preview.plan
}

describe('adding beats to a storyboard', () => {
  it('is what a storyboard selected with text layers asks for', () => {
    expect(wantsAppend(selection())).toBe(true)
    expect(wantsAppend(selection({ textLayers: [] }))).toBe(false)
    expect(wantsAppend(selection({ storyboards: [] }))).toBe(false)
  })

  it('two beats are a series numbered on, with the section\'s references, settings and Style line', () => {
    const plan = ok(previewAppend(selection()))
    expect(plan.sectionId).toBe('9:1')
    expect(plan.request.endpoint).toBe('fal-ai/kling-image/o3/image-to-image')
    expect(plan.request.input).toEqual({
      prompt: `${STYLE} Panel 1: @Element1 climbs the lighthouse stairs. Panel 2: She turns back, @Element1 lit by the beam.`,
      image_urls: [HARBOUR],
      elements: [{ frontal_image_url: MARA, reference_image_urls: ['https://v3b.fal.media/files/mara-side.png'] }],
      resolution: '2K',
      aspect_ratio: '21:9',
      output_format: 'jpeg',
      result_type: 'series',
      series_amount: 2
    })
    expect(plan.request.panels).toEqual([
      { number: 5, caption: 'Mara climbs the lighthouse stairs.' },
      { number: 6, caption: 'She turns back, Mara lit by the beam.' }
    ])
    expect(plan.references).toEqual([
      { name: '@Mara', role: 'element' },
      { name: 'Harbour at dusk', role: 'image' }
    ])
  })

  it('one beat is one O3 single image, captioned with its beat; a selected Style layer replaces the section\'s', () => {
    const plan = ok(previewAppend(selection({ textLayers: [layer('Beat 5', '@Mara at the top', 0), layer('Style', 'Ink wash', 0, 100)] })))
    expect(plan.request.input).toMatchObject({ prompt: 'Ink wash. @Element1 at the top.', num_images: 1 })
    expect(plan.request.input).not.toHaveProperty('result_type')
    expect(plan.request.panels).toEqual([{ number: 5, caption: 'Mara at the top.' }])
  })

  it('appended beats keep the shots they start with, as a series or as one image', () => {
    const two = ok(previewAppend(selection({ textLayers: [layer('Beat 5', 'Wide: @Mara on the stairs', 0), layer('Beat 6', 'She turns back', 300)] })))
    expect(two.request.panels).toEqual([
      { number: 5, caption: 'Mara on the stairs.', shot: { type: 'Wide' } },
      { number: 6, caption: 'She turns back.' }
    ])
    const one = ok(previewAppend(selection({ textLayers: [layer('Beat 5', 'Close-up, 85mm lens, @Mara at the top', 0)] })))
    expect(one.request.panels).toEqual([{ number: 5, caption: 'Mara at the top.', shot: { type: 'Close-up', lens: '85 mm' } }])
  })

  it('is refused, naming the fix, while it generates, for a non-series section, with new frames, or two storyboards', () => {
    const message = (s: SelectionSnapshot) => {
      const p = previewAppend(s)
      if (p.ok) throw new Error('expected a refusal')
      return `${p.errors[0]!.message} ${p.errors[0]!.fix}`
    }
    expect(message(selection({ storyboards: [{ ...board, running: true }] }))).toBe(`"${board.name}" is still generating. Add beats to it when it has finished.`)
    const { basis: _, ...variations } = board
    expect(message(selection({ storyboards: [variations] }))).toContain('is not a storyboard (a series), so beats cannot be added to it.')
    expect(message(selection({ references: [{ id: '1', name: 'Pier', type: 'FRAME', width: 800, height: 600, defaultRole: 'image', problems: [] }] }))).toBe(
      `New beats reuse the references of "${board.name}"; "Pier" would not be used. Deselect "Pier".`
    )
    expect(message(selection({ storyboards: [board, { ...board, id: '9:2' }] }))).toBe('2 storyboards are selected; beats are added to one. Select one storyboard section with the new text layers.')
    expect(message(selection({ textLayers: Array.from({ length: 10 }, (_, i) => layer(`B${i}`, 'x', i * 300)) }))).toContain('at most 9')
  })

  it('a pinned panel image in the way is removed with its × button, not deselected', () => {
    const pinnedImage = { id: '7:3', name: 'Panel 2 image', type: 'RECTANGLE', width: 1024, height: 576, defaultRole: 'image' as const, problems: [] }
    const p = previewAppend(selection({ references: [pinnedImage] }), undefined, new Set(['7:3']))
    if (p.ok) throw new Error('expected a refusal')
    expect(p.errors[0]!.fix).toBe('Remove "Panel 2 image" from the references with its × button.')
  })

  it('a mention of a frame the storyboard does not have is the prompt\'s error', () => {
    const p = previewAppend(selection({ textLayers: [layer('Beat 5', '@Jon waits', 0)] }))
    expect(p.ok).toBe(false)
    if (!p.ok) {
      expect(`${p.errors[0]!.message} ${p.errors[0]!.fix}`).toBe(
        `"${board.name}" has no reference called @Jon. Its references are @Mara, @Harbour at dusk. To add @Jon, deselect the section and make a new storyboard.`
      )
    }
  })
})
