import { describe, expect, it } from 'vitest'

import {
  composeRequest,
  type Composition,
  type GenerationSettings,
  type ReferenceSource,
  type TextLayer
} from '../../src/kling'

const settings = (over: Partial<GenerationSettings> = {}): GenerationSettings => ({
  model: 'o3',
  output: 'single',
  resolution: '2K',
  aspectRatio: '16:9',
  format: 'png',
  ...over
})
const ref = (name: string, role: ReferenceSource['role'], extra: Partial<ReferenceSource> = {}): ReferenceSource => ({
  id: `id-${name}`,
  name,
  role,
  url: `https://v3b.fal.media/files/${name.replace(/\W/g, '')}.jpg`,
  ...extra
})
const layer = (name: string, text: string, x: number, y: number, width = 200, height = 60): TextLayer => ({
  id: `t-${name}`,
  name,
  text,
  x,
  y,
  width,
  height
})
const PROMPT = 'Wide establishing shot of a rain-soaked harbour town at dusk, neon reflecting on wet cobblestones.'

function ok(c: Composition) {
  if (!c.ok) throw new Error(`expected ok, got ${JSON.stringify(c.errors)}`)
  return c
}
function errors(c: Composition) {
  if (c.ok) throw new Error(`expected errors, got ${JSON.stringify(c.request)}`)
  return c.errors
}

describe('endpoint choice', () => {
  it('text-to-image on V3 when there is no image reference', () => {
    const c = ok(composeRequest({ references: [], textLayers: [], settings: settings({ model: 'v3', prompt: PROMPT }) }))
    expect(c.request.endpoint).toBe('fal-ai/kling-image/v3/text-to-image')
    expect(c.request.input).toEqual({ prompt: PROMPT, resolution: '2K', aspect_ratio: '16:9', output_format: 'png', num_images: 1 })
    // The prompt starts with a shot: the image carries it (see shots.test.ts).
    expect(c.request.panels).toEqual([{ number: 1, shot: { type: 'Establishing' } }])
    expect(c.request.costUsd).toBeCloseTo(0.028)
    expect(c.request.nominalSize).toEqual({ width: 2048, height: 1152 })
  })

  it('V3 image-to-image takes the one image as image_url', () => {
    const c = ok(composeRequest({ references: [ref('Harbour', 'image')], textLayers: [], settings: settings({ model: 'v3', prompt: `Turn @Harbour into deep winter, ${PROMPT}` }) }))
    expect(c.request.endpoint).toBe('fal-ai/kling-image/v3/image-to-image')
    expect(c.request.input).toMatchObject({ image_url: 'https://v3b.fal.media/files/Harbour.jpg' })
    expect(c.request.input.prompt).toBe(`Turn the reference image into deep winter, ${PROMPT}`)
  })

  it('O3 image-to-image numbers images in selection order', () => {
    const c = ok(
      composeRequest({
        references: [ref('Layout', 'image'), ref('Palette', 'image')],
        textLayers: [],
        settings: settings({ prompt: 'Combine the composition of @Layout with the colour and lighting of @palette, medium shot, 35mm lens.', aspectRatio: 'auto' })
      })
    )
    expect(c.request.endpoint).toBe('fal-ai/kling-image/o3/image-to-image')
    expect(c.request.input).toMatchObject({ image_urls: ['https://v3b.fal.media/files/Layout.jpg', 'https://v3b.fal.media/files/Palette.jpg'] })
    expect(c.request.input.prompt).toBe('Combine the composition of @Image1 with the colour and lighting of @Image2, medium shot, 35mm lens.')
    expect(c.request.input.aspect_ratio).toBe('auto')
    expect(c.warnings.map((w) => w.code)).not.toContain('o3-single-reference')
  })

  it('elements become { frontal_image_url, reference_image_urls } and @Mara becomes @Element1', () => {
    const c = ok(
      composeRequest({
        references: [ref('@Mara', 'element', { angleUrls: ['https://x/side.jpg'] }), ref('@Theo', 'element')],
        textLayers: [],
        settings: settings({ prompt: '@Mara and @Theo share an umbrella on a neon-lit street at night, 50mm lens.' })
      })
    )
    expect(c.request.endpoint).toBe('fal-ai/kling-image/o3/text-to-image')
    expect(c.request.input.elements).toEqual([
      { frontal_image_url: 'https://v3b.fal.media/files/Mara.jpg', reference_image_urls: ['https://x/side.jpg'] },
      { frontal_image_url: 'https://v3b.fal.media/files/Theo.jpg' }
    ])
    expect(c.request.input.prompt).toBe('@Element1 and @Element2 share an umbrella on a neon-lit street at night, 50mm lens.')
  })

  it('images and elements are numbered separately', () => {
    const c = ok(
      composeRequest({
        references: [ref('Mara', 'element'), ref('Dock', 'image'), ref('Sky', 'image')],
        textLayers: [],
        settings: settings({ prompt: '@Mara waits on @Dock under the sky of @Image2, wide shot, golden hour.' })
      })
    )
    expect(c.request.input.prompt).toBe('@Element1 waits on @Image1 under the sky of @Image2, wide shot, golden hour.')
  })

  it('variations set num_images and cost per image', () => {
    const c = ok(composeRequest({ references: [], textLayers: [], settings: settings({ model: 'v3', output: 'variations', count: 4, resolution: '1K', prompt: PROMPT }) }))
    expect(c.request.input.num_images).toBe(4)
    expect(c.request.panels.map((p) => p.number)).toEqual([1, 2, 3, 4])
    expect(c.request.costUsd).toBeCloseTo(0.112)
  })
})

describe('series from text layers', () => {
  // Beats laid out as a 2×2 grid, deliberately selected out of order, plus a Style layer.
  const layers = [
    layer('Beat 4', '@Mara bursts through the fire exit into the rain', 300, 210, 200, 40),
    layer('Style', 'Cinematic storyboard, clean line art with colour washes', 0, -100),
    layer('Beat 1', 'Wide shot of @Mara crouched behind the bank counter', 0, 0),
    layer('Beat 3', 'POV looking up at guards rushing in', 0, 200),
    layer('Beat 2', 'Close-up of her hand reaching for the bag', 300, 10)
  ]

  it('builds "Style. Panel 1: … " in reading order with captions and series_amount', () => {
    const c = ok(composeRequest({ references: [ref('@Mara', 'element')], textLayers: layers, settings: settings({ output: 'series' }) }))
    expect(c.request.input.prompt).toBe(
      'Cinematic storyboard, clean line art with colour washes. Panel 1: Wide shot of @Element1 crouched behind the bank counter. ' +
        'Panel 2: Close-up of her hand reaching for the bag. Panel 3: POV looking up at guards rushing in. ' +
        'Panel 4: @Element1 bursts through the fire exit into the rain.'
    )
    expect(c.request.input).toMatchObject({ result_type: 'series', series_amount: 4 })
    expect(c.request.input).not.toHaveProperty('num_images')
    expect(c.request.panels).toEqual([
      // Prose: the mention reads as the name, and each beat keeps its full stop; a shot it starts with is the
      // panel's shot, not the caption's words ("POV looking…" has no colon or comma: it stays prose).
      { number: 1, caption: 'Mara crouched behind the bank counter.', shot: { type: 'Wide' } },
      { number: 2, caption: 'Her hand reaching for the bag.', shot: { type: 'Close-up' } },
      { number: 3, caption: 'POV looking up at guards rushing in.' },
      { number: 4, caption: 'Mara bursts through the fire exit into the rain.' }
    ])
    expect(c.request.costUsd).toBeCloseTo(0.112)
  })

  it('captions follow an edited prompt', () => {
    const c = ok(
      composeRequest({
        references: [],
        textLayers: layers,
        settings: settings({ output: 'series', prompt: 'Ink wash style. Panel 1: a door opens slowly. Panel 2: light spills across the floor.' })
      })
    )
    expect(c.request.panels).toEqual([
      { number: 1, caption: 'a door opens slowly.' },
      { number: 2, caption: 'light spills across the floor.' }
    ])
    expect(c.request.input).toMatchObject({ series_amount: 2 })
  })

  it('a canonical token in a caption reads as the frame it names, and the final punctuation stays', () => {
    const c = ok(
      composeRequest({
        references: [ref('@Mara', 'element'), ref('Harbour', 'image')],
        textLayers: [],
        settings: settings({ output: 'series', prompt: 'Panel 1: @Element1 waits at @Image1! Panel 2: @Mara runs, ' })
      })
    )
    expect(c.request.panels).toEqual([
      { number: 1, caption: 'Mara waits at Harbour!' },
      { number: 2, caption: 'Mara runs' }
    ])
  })

  it('a Count set by the designer wins, and a mismatch is a warning', () => {
    const c = ok(composeRequest({ references: [ref('@Mara', 'element')], textLayers: layers, settings: settings({ output: 'series', count: 3 }) }))
    expect(c.request.input).toMatchObject({ series_amount: 3 })
    expect(c.warnings.map((w) => w.code)).toContain('series-count-mismatch')
  })

  it('several layers without series are joined as sentences, style first', () => {
    const c = ok(composeRequest({ references: [ref('@Mara', 'element')], textLayers: layers, settings: settings({ output: 'single' }) }))
    expect(c.request.input.prompt).toMatch(/^Cinematic storyboard, clean line art with colour washes\. Wide shot of @Element1/)
  })
})

describe('errors name the field and the fix, and nothing throws', () => {
  const cases: { name: string; run: () => Composition; field: string; match: RegExp }[] = [
    { name: 'no prompt', run: () => composeRequest({ references: [ref('Town', 'image')], textLayers: [], settings: settings() }), field: 'prompt', match: /no prompt/ },
    { name: 'whitespace prompt', run: () => composeRequest({ references: [], textLayers: [layer('a', '   ', 0, 0)], settings: settings() }), field: 'prompt', match: /no prompt/ },
    { name: 'prompt over 2,500', run: () => composeRequest({ references: [], textLayers: [], settings: settings({ prompt: 'word '.repeat(600) }) }), field: 'prompt', match: /2,999 characters.*2,500/ },
    {
      name: '11 references',
      run: () => composeRequest({ references: Array.from({ length: 11 }, (_, i) => ref(`Ref ${i + 1}`, i < 6 ? 'image' : 'element')), textLayers: [], settings: settings({ prompt: PROMPT }) }),
      field: 'references',
      match: /11 references.*at most 10/
    },
    { name: 'two images on V3', run: () => composeRequest({ references: [ref('A', 'image'), ref('B', 'image')], textLayers: [], settings: settings({ model: 'v3', prompt: PROMPT }) }), field: 'references', match: /one reference image; 2/ },
    { name: 'series on V3', run: () => composeRequest({ references: [], textLayers: [], settings: settings({ model: 'v3', output: 'series', prompt: PROMPT }) }), field: 'output', match: /Series is an O3 feature/ },
    { name: '4K on V3', run: () => composeRequest({ references: [], textLayers: [], settings: settings({ model: 'v3', resolution: '4K', prompt: PROMPT }) }), field: 'resolution', match: /4K is not available on Kling Image V3/ },
    { name: 'auto ratio without references', run: () => composeRequest({ references: [], textLayers: [], settings: settings({ aspectRatio: 'auto', prompt: PROMPT }) }), field: 'aspectRatio', match: /only available for O3 image-to-image/ },
    { name: 'auto ratio on V3 i2i', run: () => composeRequest({ references: [ref('A', 'image')], textLayers: [], settings: settings({ model: 'v3', aspectRatio: 'auto', prompt: PROMPT }) }), field: 'aspectRatio', match: /auto/ },
    { name: 'unknown @ name', run: () => composeRequest({ references: [ref('@Mara', 'element')], textLayers: [], settings: settings({ prompt: `@Mara meets @Jonas. ${PROMPT}` }) }), field: 'prompt', match: /mentions @Jonas, but no selected frame/ },
    { name: '@Image3 with two images', run: () => composeRequest({ references: [ref('A', 'image'), ref('B', 'image')], textLayers: [], settings: settings({ prompt: `@Image1 @Image2 @Image3 ${PROMPT}` }) }), field: 'prompt', match: /@Image3/ },
    { name: 'negative prompt on O3', run: () => composeRequest({ references: [], textLayers: [], settings: settings({ negativePrompt: 'blurry', prompt: PROMPT }) }), field: 'negativePrompt', match: /no negative prompt/ },
    { name: 'variations of 1', run: () => composeRequest({ references: [], textLayers: [], settings: settings({ output: 'variations', count: 1, prompt: PROMPT }) }), field: 'count', match: /2 to 9/ },
    { name: 'variations of 10', run: () => composeRequest({ references: [], textLayers: [], settings: settings({ output: 'variations', count: 10, prompt: PROMPT }) }), field: 'count', match: /Count is 10/ },
    { name: 'series of one beat', run: () => composeRequest({ references: [], textLayers: [], settings: settings({ output: 'series', count: 1, prompt: PROMPT }) }), field: 'count', match: /2 to 9 panels/ },
    {
      name: 'series of ten beats',
      run: () => composeRequest({ references: [], textLayers: Array.from({ length: 10 }, (_, i) => layer(`b${i}`, `beat ${i}`, 0, i * 100)), settings: settings({ output: 'series' }) }),
      field: 'count',
      match: /prompt describes 10/
    },
    {
      name: 'element with four extra angles',
      run: () => composeRequest({ references: [ref('@Mara', 'element', { angleUrls: ['1', '2', '3', '4'] })], textLayers: [], settings: settings({ prompt: `@Mara ${PROMPT}` }) }),
      field: 'references',
      match: /4 extra angles/
    }
  ]
  it.each(cases)('$name → $field', ({ run, field, match }) => {
    const errs = errors(run())
    const hit = errs.find((e) => e.field === field && match.test(e.message))
    expect(hit, JSON.stringify(errs)).toBeDefined()
    expect(hit!.fix.length).toBeGreaterThan(10)
  })

  it('V3 text-to-image passes a negative prompt through', () => {
    const c = ok(composeRequest({ references: [], textLayers: [], settings: settings({ model: 'v3', negativePrompt: ' watermark ', prompt: PROMPT }) }))
    expect(c.request.input).toMatchObject({ negative_prompt: 'watermark' })
    expect(c.warnings.map((w) => w.code)).toContain('negative-prompt')
  })

  it('leaves e-mail addresses alone', () => {
    const c = ok(composeRequest({ references: [], textLayers: [], settings: settings({ prompt: `A poster with the credit "art@studio.com". ${PROMPT}` }) }))
    expect(c.request.input.prompt).toContain('art@studio.com')
  })
})

describe('lints teach the guide\'s common mistakes', () => {
  const codes = (c: Composition) => c.warnings.map((w) => w.code)
  it.each([
    ['series-without-panels', settings({ output: 'series', count: 4, prompt: 'A story about a knight fighting a dragon in a dark cave, torchlight.' })],
    ['series-too-long', settings({ output: 'series', count: 6, prompt: PROMPT })],
    ['text-at-1k', settings({ resolution: '1K', prompt: "Vintage movie poster with the text 'MIDNIGHT SYNDICATE' in gold Art Deco lettering." })],
    ['4k-while-iterating', settings({ resolution: '4K', output: 'variations', count: 4, prompt: PROMPT })],
    ['jpeg-for-compositing', settings({ format: 'jpeg', prompt: PROMPT })],
    ['short-prompt', settings({ prompt: 'a cat' })]
  ] as const)('%s', (code, s) => {
    expect(codes(composeRequest({ references: [], textLayers: [], settings: s }))).toContain(code)
  })

  it('4k-while-iterating points to Finalize, from the cheaper tier to the one asked for', () => {
    const composed = composeRequest({ references: [], textLayers: [], settings: settings({ resolution: '4K', output: 'variations', count: 4, prompt: PROMPT }) })
    const lint = composed.warnings.find((w) => w.code === '4k-while-iterating')
    expect(lint?.fix).toMatch(/^Explore at \dK, then select the panel you choose and use Finalize to make that same picture at 4K\.$/)
  })

  it('o3-single-reference and unused-reference', () => {
    expect(codes(composeRequest({ references: [ref('Town', 'image')], textLayers: [], settings: settings({ prompt: PROMPT }) }))).toContain('o3-single-reference')
    const unused = composeRequest({ references: [ref('@Mara', 'element')], textLayers: [], settings: settings({ prompt: PROMPT }) })
    expect(unused.ok).toBe(true)
    expect(unused.warnings.find((w) => w.code === 'unused-reference')?.fix).toContain('@Mara')
  })

  it('an element named in plain words is pointed out: Kling needs the @', () => {
    const c = composeRequest({ references: [ref('@Mara', 'element')], textLayers: [], settings: settings({ prompt: `Mara steps off the ferry. ${PROMPT}` }) })
    expect(c.warnings.find((w) => w.code === 'unused-reference')?.fix).toBe('The prompt says "Mara" without the @: write @Mara there so Kling uses this frame, or deselect it.')
    const marat = composeRequest({ references: [ref('@Mara', 'element')], textLayers: [], settings: settings({ prompt: `Marathon runners at dawn. ${PROMPT}` }) })
    expect(marat.warnings.find((w) => w.code === 'unused-reference')?.fix).toBe('Write @Mara where it belongs in the prompt, or deselect it.')
  })

  it('many unused references make one warning, not one each', () => {
    const refs = Array.from({ length: 6 }, (_, i) => ref(`Look ${i + 1}`, 'image'))
    const c = composeRequest({ references: refs, textLayers: [], settings: settings({ prompt: `${PROMPT} In the style of @Look 1.` }) })
    const unused = c.warnings.filter((w) => w.code === 'unused-reference')
    expect(unused).toHaveLength(1)
    expect(unused[0]?.message).toBe('"Look 2", "Look 3" and 3 more are selected but the prompt never mentions them.')
    expect(unused[0]?.fix).toBe('Write @Look 2, @Look 3… where each belongs in the prompt, or deselect them.')
    const two = composeRequest({ references: refs.slice(0, 3), textLayers: [], settings: settings({ prompt: `${PROMPT} Like @Look 1.` }) })
    expect(two.warnings.find((w) => w.code === 'unused-reference')?.message).toBe('"Look 2" and "Look 3" are selected but the prompt never mentions them.')
  })

  it('a clean request has no warnings', () => {
    expect(composeRequest({ references: [], textLayers: [], settings: settings({ prompt: PROMPT }) }).warnings).toEqual([])
  })
})
