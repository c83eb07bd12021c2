// Finalize's request: a panel's shown image as @Image1 of an O3 image-to-image request, its own prompt kept.
import { describe, expect, test } from 'vitest'

import type { EndpointInput } from '../../src/kling/endpoints'
import { finalizeRequest, finalizeResolutions, fromPanelImageRequest, KEEP_FOR_FINALIZE, nearestAspect } from '../../src/kling/from-panel-image'
import { SINGLE_IMAGE_INPUT } from './panel-fixtures'

const O3_I2I = 'fal-ai/kling-image/o3/image-to-image'
const UPLOAD = 'https://v3.fal.media/files/panel-3-shown.png'

const SINGLE = SINGLE_IMAGE_INPUT

const SERIES = {
  prompt: 'Ink wash, muted teal. Panel 1: @Element1 steps off the ferry. Panel 2: She crosses the market. Panel 3: @Element1 looks up at the bell tower.',
  elements: [{ frontal_image_url: 'https://v3.fal.media/files/mara.png', reference_image_urls: ['https://v3.fal.media/files/mara-side.png'] }],
  resolution: '1K',
  aspect_ratio: '16:9',
  output_format: 'png',
  result_type: 'series',
  series_amount: 3
} satisfies EndpointInput<'fal-ai/kling-image/o3/text-to-image'>

describe('finalizeRequest', () => {
  test('a single V3 panel becomes O3 image-to-image at 2K: its image as @Image1, its prompt after the keep line, its aspect', () => {
    const result = finalizeRequest({ label: 'Image 1', shown: { endpoint: 'fal-ai/kling-image/v3/text-to-image', input: SINGLE, index: 1 } }, { url: UPLOAD }, '2K')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.request.endpoint).toBe(O3_I2I)
    expect(result.request.input).toEqual({
      prompt: `${KEEP_FOR_FINALIZE} A lighthouse keeper at dusk, rain on the glass.`,
      image_urls: [UPLOAD],
      resolution: '2K',
      aspect_ratio: '3:2',
      output_format: 'jpeg',
      num_images: 1
    })
    expect(result.request.input.prompt.startsWith('Keep the composition, pose, framing and lighting of @Image1')).toBe(true)
    expect(result.request.costUsd).toBe(0.028)
    expect(result.fullSize).toEqual({ width: 2048, height: 1368, mayExceedFigma: false })
  })

  test("a series panel gets its Style line and own beat, one image, its element and angles kept with @Element1", () => {
    const shot = { type: 'Close-up' } as const
    const result = finalizeRequest(
      { label: 'Panel 3', shown: { endpoint: 'fal-ai/kling-image/o3/text-to-image', input: SERIES, index: 3, shot }, referenceNames: [{ name: '@Mara', role: 'element' }] },
      { url: UPLOAD },
      '2K'
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.request.input).toMatchObject({
      prompt: `${KEEP_FOR_FINALIZE} Ink wash, muted teal. @Element1 looks up at the bell tower.`,
      image_urls: [UPLOAD],
      elements: SERIES.elements,
      aspect_ratio: '16:9',
      resolution: '2K'
    })
    expect(result.request.input).not.toHaveProperty('result_type')
    expect(result.request.panels).toEqual([{ number: 1, shot }])
  })

  test("the panel's own image references follow its image, their tokens moved one on", () => {
    const input = { prompt: '@Image1 in the style of @Image2, @Element1 in front.', image_urls: ['https://a/1.png', 'https://a/2.png'], elements: [{ frontal_image_url: 'https://a/e.png' }], resolution: '1K', aspect_ratio: '1:1' } satisfies EndpointInput<'fal-ai/kling-image/o3/image-to-image'>
    const result = finalizeRequest({ label: 'Panel 1', shown: { endpoint: O3_I2I, input, index: 1 } }, { url: UPLOAD }, '4K')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.request.input).toHaveProperty('image_urls', [UPLOAD, 'https://a/1.png', 'https://a/2.png'])
    expect(result.request.input.prompt).toBe(`${KEEP_FOR_FINALIZE} @Image2 in the style of @Image3, @Element1 in front.`)
  })

  test('a panel made with Auto keeps the shape of its image; without its size it is refused, naming the fix', () => {
    const input = { prompt: 'A street.', image_urls: ['https://a/1.png'], aspect_ratio: 'auto' } satisfies EndpointInput<'fal-ai/kling-image/o3/image-to-image'>
    const panel = { label: 'Panel 2', shown: { endpoint: O3_I2I, input, index: 1 } }
    const sized = finalizeRequest(panel, { url: UPLOAD, width: 768, height: 1360 }, '2K')
    expect(sized.ok && sized.request.input.aspect_ratio).toBe('9:16')
    const unsized = finalizeRequest(panel, { url: UPLOAD }, '2K')
    expect(unsized.ok).toBe(false)
    if (unsized.ok) return
    expect(unsized.errors[0]?.field).toBe('aspectRatio')
    expect(unsized.errors[0]?.message).toContain('Panel 2 was made with Aspect ratio Auto')
  })

  test('a panel with no record of its image is refused with the way out', () => {
    const result = finalizeRequest({ label: 'Panel 4' }, { url: UPLOAD }, '2K')
    expect(result).toEqual({
      ok: false,
      errors: [{ field: 'prompt', message: expect.stringContaining('Panel 4 has no record of how its image was made') as unknown, fix: 'Select its references and prompt and Generate it again.' }]
    })
    const noBeat = finalizeRequest({ label: 'Panel 9', shown: { endpoint: 'fal-ai/kling-image/o3/text-to-image', input: SERIES, index: 9 } }, { url: UPLOAD }, '2K')
    expect(noBeat.ok).toBe(false)
  })

  test('4K reaches Figma\'s 4096 px cap: priced at 4K, and the result says Figma may show it scaled down', () => {
    const result = finalizeRequest({ label: 'Image 1', shown: { endpoint: 'fal-ai/kling-image/v3/text-to-image', input: SINGLE, index: 1 } }, { url: UPLOAD }, '4K')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.request.input.resolution).toBe('4K')
    expect(result.request.costUsd).toBe(0.056)
    expect(result.fullSize).toEqual({ width: 4096, height: 2728, mayExceedFigma: true })
  })

  test('Formats and Looks reuse it with their own keep line and aspect', () => {
    const result = fromPanelImageRequest(
      { label: 'Image 1', shown: { endpoint: 'fal-ai/kling-image/v3/text-to-image', input: SINGLE, index: 1 } },
      { url: UPLOAD },
      { keep: 'Keep the subject of @Image1; extend the scene to fill the new frame.', resolution: '1K', aspectRatio: '9:16' }
    )
    expect(result.ok && result.request.input).toMatchObject({ aspect_ratio: '9:16', prompt: 'Keep the subject of @Image1; extend the scene to fill the new frame. A lighthouse keeper at dusk, rain on the glass.' })
  })
})

describe('finalizeResolutions and nearestAspect', () => {
  test('Finalize offers only what is above the shown image', () => {
    expect(finalizeResolutions('1K')).toEqual(['2K', '4K'])
    expect(finalizeResolutions('2K')).toEqual(['4K'])
    expect(finalizeResolutions('4K')).toEqual([])
  })
  test('the nearest catalog aspect to an image size', () => {
    expect(nearestAspect(1024, 1024)).toBe('1:1')
    expect(nearestAspect(2048, 880)).toBe('21:9')
    expect(nearestAspect(1000, 1490)).toBe('2:3')
  })
})
