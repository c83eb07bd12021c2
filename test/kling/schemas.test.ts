import { describe, expect, it } from 'vitest'

import { ENDPOINTS, type EndpointId, estimateCostUsd, klingOutputSchema, nominalOutputSize, validateInput } from '../../src/kling'

// Every example request in the model guide, rewritten to fal's real schema (elements are
// { frontal_image_url }, not { image_url }; O3 has no negative_prompt).
const guideExamples: { name: string; endpoint: EndpointId; input: Record<string, unknown>; cost: number }[] = [
  {
    name: 'basic text-to-image (1970s crime thriller)',
    endpoint: 'fal-ai/kling-image/v3/text-to-image',
    input: { prompt: 'Cinematic still from a 1970s crime thriller.', resolution: '2K', aspect_ratio: '16:9', output_format: 'png' },
    cost: 0.028
  },
  {
    name: 'batch of 4 for selection',
    endpoint: 'fal-ai/kling-image/v3/text-to-image',
    input: { prompt: 'Your detailed prompt here...', num_images: 4, resolution: '1K', aspect_ratio: '16:9' },
    cost: 0.112
  },
  {
    name: 'text rendering poster',
    endpoint: 'fal-ai/kling-image/o3/text-to-image',
    input: { prompt: "Vintage movie poster with the text 'MIDNIGHT SYNDICATE'", resolution: '2K', aspect_ratio: '2:3' },
    cost: 0.028
  },
  {
    name: 'V3 image-to-image winter',
    endpoint: 'fal-ai/kling-image/v3/image-to-image',
    input: { prompt: 'Transform to deep winter', image_url: 'https://example.com/summer_landscape.jpg', resolution: '2K', aspect_ratio: '16:9' },
    cost: 0.028
  },
  {
    name: 'O3 multi-reference',
    endpoint: 'fal-ai/kling-image/o3/image-to-image',
    input: {
      prompt: 'Combine the architectural style of @Image1 with the color palette and lighting of @Image2',
      image_urls: ['https://example.com/architecture_reference.jpg', 'https://example.com/color_mood_reference.jpg'],
      resolution: '2K',
      aspect_ratio: '16:9'
    },
    cost: 0.028
  },
  {
    name: 'O3 series with an element (comic sequence)',
    endpoint: 'fal-ai/kling-image/o3/text-to-image',
    input: {
      prompt: 'Comic book style sequence: @Element1 discovers an ancient artifact',
      elements: [{ frontal_image_url: 'https://example.com/hero_face.jpg' }],
      result_type: 'series',
      series_amount: 4,
      resolution: '2K',
      aspect_ratio: '16:9'
    },
    cost: 0.112
  },
  {
    name: 'film noir, 3 images',
    endpoint: 'fal-ai/kling-image/v3/text-to-image',
    input: { prompt: 'Cinematic film noir still', resolution: '2K', aspect_ratio: '2:3', output_format: 'png', num_images: 3 },
    cost: 0.084
  },
  {
    name: 'sci-fi with element at 21:9',
    endpoint: 'fal-ai/kling-image/v3/text-to-image',
    input: {
      prompt: '@Element1 as a space marine commander',
      elements: [{ frontal_image_url: 'https://example.com/actor_headshot.jpg' }],
      resolution: '2K',
      aspect_ratio: '21:9',
      output_format: 'png'
    },
    cost: 0.028
  },
  {
    name: 'period drama with two elements',
    endpoint: 'fal-ai/kling-image/v3/text-to-image',
    input: {
      prompt: '@Element1 and @Element2 dance in a grand Art Deco ballroom',
      elements: [{ frontal_image_url: 'https://example.com/actress_ref.jpg' }, { frontal_image_url: 'https://example.com/actor_ref.jpg' }],
      resolution: '2K',
      aspect_ratio: '16:9'
    },
    cost: 0.028
  },
  {
    name: 'storyboard series (heist)',
    endpoint: 'fal-ai/kling-image/o3/text-to-image',
    input: {
      prompt: 'Cinematic storyboard. Panel 1: Wide shot of @Element1. Panel 2: Close-up. Panel 3: POV. Panel 4: @Element1 bursting out.',
      elements: [{ frontal_image_url: 'https://example.com/protagonist_ref.jpg' }],
      result_type: 'series',
      series_amount: 4,
      resolution: '2K',
      aspect_ratio: '16:9',
      output_format: 'png'
    },
    cost: 0.112
  },
  {
    name: 'O3 style transfer with auto ratio',
    endpoint: 'fal-ai/kling-image/o3/image-to-image',
    input: {
      prompt: 'Reimagine @Image1 in the palette of @Image2',
      image_urls: ['https://example.com/original_photo.jpg', 'https://example.com/blade_runner_reference.jpg'],
      resolution: '2K',
      aspect_ratio: 'auto',
      output_format: 'png'
    },
    cost: 0.028
  },
  {
    name: 'hero key art at 4K',
    endpoint: 'fal-ai/kling-image/o3/text-to-image',
    input: { prompt: 'Hero key art', resolution: '4K', num_images: 4 },
    cost: 0.224
  }
]

describe('guide examples on fal schema', () => {
  it.each(guideExamples)('$name is valid and costs $cost', ({ endpoint, input, cost }) => {
    const result = validateInput(endpoint, input)
    expect(result).toMatchObject({ ok: true })
    expect(estimateCostUsd(result.ok ? result.input : {})).toBeCloseTo(cost, 10)
  })
})

describe('schemas refuse what fal refuses', () => {
  const cases: { name: string; endpoint: EndpointId; input: Record<string, unknown>; loc: (string | number)[] }[] = [
    { name: 'missing prompt', endpoint: 'fal-ai/kling-image/v3/text-to-image', input: {}, loc: ['body', 'prompt'] },
    { name: 'prompt over 2500', endpoint: 'fal-ai/kling-image/o3/text-to-image', input: { prompt: 'x'.repeat(2501) }, loc: ['body', 'prompt'] },
    { name: '4K on V3', endpoint: 'fal-ai/kling-image/v3/text-to-image', input: { prompt: 'a', resolution: '4K' }, loc: ['body', 'resolution'] },
    { name: 'series on V3', endpoint: 'fal-ai/kling-image/v3/text-to-image', input: { prompt: 'a', result_type: 'series' }, loc: ['body'] },
    { name: 'negative prompt on O3', endpoint: 'fal-ai/kling-image/o3/text-to-image', input: { prompt: 'a', negative_prompt: 'blur' }, loc: ['body'] },
    { name: 'negative prompt on V3 i2i', endpoint: 'fal-ai/kling-image/v3/image-to-image', input: { prompt: 'a', image_url: 'u', negative_prompt: 'b' }, loc: ['body'] },
    { name: 'auto ratio on O3 t2i', endpoint: 'fal-ai/kling-image/o3/text-to-image', input: { prompt: 'a', aspect_ratio: 'auto' }, loc: ['body', 'aspect_ratio'] },
    { name: 'auto ratio on V3 i2i', endpoint: 'fal-ai/kling-image/v3/image-to-image', input: { prompt: 'a', image_url: 'u', aspect_ratio: 'auto' }, loc: ['body', 'aspect_ratio'] },
    { name: 'V3 i2i without image', endpoint: 'fal-ai/kling-image/v3/image-to-image', input: { prompt: 'a' }, loc: ['body', 'image_url'] },
    { name: 'O3 i2i with 11 images', endpoint: 'fal-ai/kling-image/o3/image-to-image', input: { prompt: 'a', image_urls: Array(11).fill('u') }, loc: ['body', 'image_urls'] },
    { name: '10 images in a batch', endpoint: 'fal-ai/kling-image/v3/text-to-image', input: { prompt: 'a', num_images: 10 }, loc: ['body', 'num_images'] },
    { name: 'series of 1', endpoint: 'fal-ai/kling-image/o3/text-to-image', input: { prompt: 'a', result_type: 'series', series_amount: 1 }, loc: ['body', 'series_amount'] },
    { name: 'guide-style element', endpoint: 'fal-ai/kling-image/o3/text-to-image', input: { prompt: 'a', elements: [{ image_url: 'u' }] }, loc: ['body', 'elements', 0] },
    { name: 'four element angles', endpoint: 'fal-ai/kling-image/o3/text-to-image', input: { prompt: 'a', elements: [{ frontal_image_url: 'u', reference_image_urls: ['1', '2', '3', '4'] }] }, loc: ['body', 'elements', 0, 'reference_image_urls'] },
    { name: 'gif output', endpoint: 'fal-ai/kling-image/o3/text-to-image', input: { prompt: 'a', output_format: 'gif' }, loc: ['body', 'output_format'] }
  ]
  it.each(cases)('$name → 422 at $loc', ({ endpoint, input, loc }) => {
    const result = validateInput(endpoint, input)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.detail.map((d) => d.loc)).toContainEqual(loc)
  })

  it('fills fal defaults', () => {
    expect(validateInput('fal-ai/kling-image/o3/image-to-image', { prompt: 'a', image_urls: ['u'] })).toEqual({
      ok: true,
      input: { prompt: 'a', image_urls: ['u'], resolution: '1K', result_type: 'single', num_images: 1, aspect_ratio: 'auto', output_format: 'png' }
    })
    expect(Object.keys(ENDPOINTS)).toHaveLength(4)
  })
})

describe('pricing', () => {
  it.each([
    [{ resolution: '1K', num_images: 4 }, 0.112],
    [{ resolution: '2K', num_images: 9 }, 0.252],
    [{ resolution: '4K', num_images: 4 }, 0.224],
    [{ resolution: '2K', result_type: 'series', series_amount: 6, num_images: 9 }, 0.168],
    [{ resolution: '4K', result_type: 'series', series_amount: 9 }, 0.504],
    [{}, 0.028]
  ] as const)('%o costs %d', (input, usd) => {
    expect(estimateCostUsd(input)).toBeCloseTo(usd, 10)
  })
})

describe('nominal output size', () => {
  it.each([
    ['1K', '16:9', 1024, 576],
    ['2K', '9:16', 1152, 2048],
    ['4K', '1:1', 4096, 4096],
    ['2K', '21:9', 2048, 880],
    ['1K', '2:3', 680, 1024]
  ] as const)('%s %s is %d×%d', (res, ratio, w, h) => {
    expect(nominalOutputSize(res, ratio)).toEqual({ width: w, height: h })
  })
})

describe('output schema', () => {
  it('accepts fal outputs with and without dimensions, refuses ones without images', () => {
    expect(klingOutputSchema.safeParse({ images: [{ url: 'https://v3b.fal.media/files/x.png', content_type: 'image/png', file_name: 'x.png', file_size: 10 }] }).success).toBe(true)
    expect(klingOutputSchema.safeParse({ images: [{ url: 'u', width: 1024, height: 576 }] }).success).toBe(true)
    expect(klingOutputSchema.safeParse({}).success).toBe(false)
    expect(klingOutputSchema.safeParse({ images: [{}] }).success).toBe(false)
  })
})
