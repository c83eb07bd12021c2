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

describe('every array has a maximum, and its message names the limit and the fix', () => {
  const prompt = 'a'
  const url = 'https://example.com/ref.png'
  const refused = (endpoint: EndpointId, input: Record<string, unknown>) => {
    const result = validateInput(endpoint, input)
    if (result.ok) throw new Error(`expected ${endpoint} to refuse ${JSON.stringify(input).slice(0, 120)}`)
    return result.detail
  }

  it('150,000 empty elements are refused at elements, naming 10', () => {
    expect(refused('fal-ai/kling-image/o3/text-to-image', { prompt, elements: Array.from({ length: 150_000 }, () => ({})) })).toEqual([
      {
        loc: ['body', 'elements'],
        msg: '150000 elements; Kling takes at most 10. Remove 149990 of them (elements and reference images count together).',
        type: 'too_big'
      }
    ])
  })

  it.each(['fal-ai/kling-image/v3/text-to-image', 'fal-ai/kling-image/o3/text-to-image'] as const)('%s takes 10 elements, not 11', (endpoint) => {
    const elements = Array.from({ length: 10 }, () => ({ frontal_image_url: url }))
    expect(validateInput(endpoint, { prompt, elements }).ok).toBe(true)
    expect(refused(endpoint, { prompt, elements: [...elements, { frontal_image_url: url }] })[0]?.loc).toEqual(['body', 'elements'])
  })

  it('an element takes 3 extra angles, not 4', () => {
    const endpoint = 'fal-ai/kling-image/v3/text-to-image'
    expect(validateInput(endpoint, { prompt, elements: [{ frontal_image_url: url, reference_image_urls: [url, url, url] }] }).ok).toBe(true)
    expect(refused(endpoint, { prompt, elements: [{ frontal_image_url: url, reference_image_urls: [url, url, url, url] }] })).toEqual([
      {
        loc: ['body', 'elements', 0, 'reference_image_urls'],
        msg: '4 extra angles for this element; Kling takes at most 3. Keep the clearest ones and remove 1.',
        type: 'too_big'
      }
    ])
  })

  it('O3 image-to-image: 10 reference images pass, 11 are refused with the count to remove', () => {
    const endpoint = 'fal-ai/kling-image/o3/image-to-image'
    expect(validateInput(endpoint, { prompt, image_urls: Array(10).fill(url) }).ok).toBe(true)
    expect(refused(endpoint, { prompt, image_urls: Array(11).fill(url) })).toEqual([
      { loc: ['body', 'image_urls'], msg: '11 reference images; Kling takes at most 10. Remove 1 of them.', type: 'too_big' }
    ])
    expect(refused(endpoint, { prompt, image_urls: [] })[0]?.msg).toMatch(/at least one reference image; with none, use text-to-image/)
  })

  // Kling counts elements and reference images together (an element once, whatever its angles).
  it('reference images and elements together: 10 pass, 11 are refused at elements', () => {
    const o3 = 'fal-ai/kling-image/o3/image-to-image'
    const element = { frontal_image_url: url, reference_image_urls: [url, url, url] }
    expect(validateInput(o3, { prompt, image_urls: Array(4).fill(url), elements: Array(6).fill(element) }).ok).toBe(true)
    expect(refused(o3, { prompt, image_urls: Array(4).fill(url), elements: Array(7).fill(element) })).toEqual([
      {
        loc: ['body', 'elements'],
        msg: '4 reference images and 7 elements make 11 references; Kling takes at most 10 together. Remove 1 of them.',
        type: 'custom'
      }
    ])
    const v3 = 'fal-ai/kling-image/v3/image-to-image'
    expect(validateInput(v3, { prompt, image_url: url, elements: Array(9).fill(element) }).ok).toBe(true)
    expect(refused(v3, { prompt, image_url: url, elements: Array(10).fill(element) })[0]?.msg).toBe(
      '1 reference image and 10 elements make 11 references; Kling takes at most 10 together. Remove 1 of them.'
    )
  })

  it('a data URI over 10 MB is refused where it is, under 10 MB passes', () => {
    const endpoint = 'fal-ai/kling-image/o3/image-to-image'
    // 4 base64 characters carry 3 bytes: 14,000,000 characters are 10,500,000 bytes (10 MB is 10,485,760).
    const over = `data:image/png;base64,${'A'.repeat(14_000_000)}`
    const under = `data:image/png;base64,${'A'.repeat(13_980_000)}`
    expect(refused(endpoint, { prompt, image_urls: [url, over] })).toEqual([
      {
        loc: ['body', 'image_urls', 1],
        msg: 'this data URI holds 10.1 MB; Kling accepts reference images up to 10 MB. Export the frame smaller (or as JPEG), or upload it and send its URL.',
        type: 'custom'
      }
    ])
    expect(validateInput(endpoint, { prompt, image_urls: [under] }).ok).toBe(true)
    expect(refused('fal-ai/kling-image/v3/text-to-image', { prompt, elements: [{ frontal_image_url: over }] })[0]?.loc).toEqual([
      'body',
      'elements',
      0,
      'frontal_image_url'
    ])
  })

  it('a result with more than 9 images is not read as Kling\'s', () => {
    const images = Array.from({ length: 10 }, () => ({ url }))
    const parsed = klingOutputSchema.safeParse({ images })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.message).toBe(
      'The result lists 10 images; Kling returns at most 9. This answer did not come from Kling: check the proxy address in Settings.'
    )
    expect(klingOutputSchema.safeParse({ images: images.slice(0, 9) }).success).toBe(true)
  })
})

describe('reading endpoint ids back without the catalog', () => {
  it('isKlingEndpoint knows exactly the catalog\'s endpoints', async () => {
    const { isKlingEndpoint } = await import('../../src/kling/labels')
    const { ENDPOINT_IDS } = await import('../../src/kling/endpoints')
    for (const id of ENDPOINT_IDS) expect(isKlingEndpoint(id)).toBe(true)
    for (const other of ['fal-ai/kling-image/v2/text-to-image', 'fal-ai/kling-image/o3/edit', 'fal-ai/kling-image/o3/text-to-image/x', 'fal-ai/flux/dev']) {
      expect(isKlingEndpoint(other)).toBe(false)
    }
  })
})
