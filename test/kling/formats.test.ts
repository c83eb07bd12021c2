// Formats: the checked deliverables → one O3 image-to-image request each from a panel's image, priced together.
import { describe, expect, test } from 'vitest'

import { capabilities } from '../../src/kling/capabilities'
import {
  DEFAULT_FORMAT_LABELS,
  DELIVERABLES,
  deliverablesOf,
  formatsCount,
  formatsFromPanel,
  formatsRowSummary,
  KEEP_FOR_FORMATS,
  offeredDeliverables,
  totalCost
} from '../../src/kling/formats'
import { fromPanelImageRequest } from '../../src/kling/from-panel-image'
import { SINGLE_IMAGE_INPUT } from './panel-fixtures'

const UPLOAD = 'https://v3.fal.media/files/panel-shown.png'
const SINGLE = SINGLE_IMAGE_INPUT
const PANEL = { label: 'Image', shown: { endpoint: 'fal-ai/kling-image/v3/text-to-image', input: SINGLE, index: 1 } }

describe('the deliverables', () => {
  test('each label starts with its ratio, and the defaults are the poster, thumbnail and story', () => {
    for (const d of DELIVERABLES) expect(d.label.startsWith(`${d.aspectRatio} `)).toBe(true)
    expect(DELIVERABLES.map((d) => d.label)).toEqual(['2:3 poster', '16:9 thumbnail', '9:16 story', '1:1 square', '21:9 banner'])
    expect(DEFAULT_FORMAT_LABELS).toEqual(['2:3 poster', '16:9 thumbnail', '9:16 story'])
  })

  test('only the ratios the catalog offers for the model and mode are offered', () => {
    for (const model of ['v3', 'o3'] as const) {
      for (const mode of ['text-to-image', 'image-to-image'] as const) {
        const ratios: readonly string[] = capabilities(model, mode).aspectRatios
        const offered = offeredDeliverables(model, mode)
        expect(offered.every((d) => ratios.includes(d.aspectRatio))).toBe(true)
        expect(offered.length).toBe(DELIVERABLES.filter((d) => ratios.includes(d.aspectRatio)).length)
      }
    }
  })

  test('a ratio missing from the offer is not offered', () => {
    const offered = DELIVERABLES.filter((d) => d.aspectRatio !== '21:9')
    const chosen = deliverablesOf(['21:9 banner', '2:3 poster'], offered)
    expect(chosen).toEqual({ ok: false, errors: [expect.objectContaining({ message: '21:9 banner is not a format this model offers.' })] })
  })

  test('nothing checked is refused with its fix; the row keeps its own order, not the click order', () => {
    expect(deliverablesOf([], DELIVERABLES)).toEqual({ ok: false, errors: [{ field: 'aspectRatio', message: 'No format is checked.', fix: 'Check at least one format.' }] })
    const chosen = deliverablesOf(['9:16 story', '2:3 poster'], DELIVERABLES)
    expect(chosen.ok && chosen.deliverables.map((d) => d.aspectRatio)).toEqual(['2:3', '9:16'])
  })

  test('counts read as words', () => {
    expect(formatsCount(1)).toBe('1 format')
    expect(formatsCount(3)).toBe('3 formats')
  })

  test("a row's summary: as made with its quote; after some were withdrawn, what it holds of what was asked", () => {
    expect(formatsRowSummary(['2:3 poster', '16:9 thumbnail'], { costUsd: '$0.056' })).toBe('2 formats · 2:3 poster, 16:9 thumbnail · $0.056')
    expect(formatsRowSummary(['9:16 story'], { asked: ['2:3 poster', '16:9 thumbnail', '9:16 story'] })).toBe('1 of 3 formats · 9:16 story · not made: 2:3 poster, 16:9 thumbnail')
    // An older row kept no list of what was asked: only what it holds, no quote that no longer fits.
    expect(formatsRowSummary(['9:16 story'], { asked: undefined })).toBe('1 format · 9:16 story')
  })
})

describe('formatsFromPanel', () => {
  test('three formats: O3 image-to-image each, the panel image as image_urls[0], each its aspect, the panel resolution', () => {
    const result = formatsFromPanel(PANEL, { url: UPLOAD }, DEFAULT_FORMAT_LABELS)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.requests.map((r) => r.deliverable.label)).toEqual(['2:3 poster', '16:9 thumbnail', '9:16 story'])
    for (const { deliverable, request } of result.requests) {
      expect(request.endpoint).toBe('fal-ai/kling-image/o3/image-to-image')
      expect(request.input).toMatchObject({ image_urls: [UPLOAD], aspect_ratio: deliverable.aspectRatio, resolution: '1K', output_format: 'jpeg' })
      expect(request.input.prompt).toBe(`${KEEP_FOR_FORMATS} A lighthouse keeper at dusk, rain on the glass.`)
    }
  })

  test('the cost is the sum of the requests the composer priced', () => {
    const result = formatsFromPanel(PANEL, { url: UPLOAD }, DEFAULT_FORMAT_LABELS)
    if (!result.ok) throw new Error('refused')
    const one = fromPanelImageRequest(PANEL, { url: UPLOAD }, { keep: KEEP_FOR_FORMATS, resolution: '1K', aspectRatio: '2:3' })
    if (!one.ok) throw new Error('refused')
    expect(result.costUsd).toBe(totalCost(result.requests))
    expect(result.costUsd).toBeCloseTo(3 * one.request.costUsd, 10)
    expect(result.costUsd).toBe(0.084)
  })

  test('a panel without a record refuses every format, naming the problem, before anything is sent', () => {
    const result = formatsFromPanel({ label: 'Image' }, { url: UPLOAD }, DEFAULT_FORMAT_LABELS)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors[0]?.message).toMatch(/^2:3 poster: Image has no record of how its image was made/)
    expect(result.errors[0]?.fix).toMatch(/Generate it again/)
  })

  test('a 4K panel stays at 4K (O3 prices it double)', () => {
    const fourK = { ...PANEL, shown: { endpoint: 'fal-ai/kling-image/o3/text-to-image', input: { ...SINGLE, resolution: '4K' as const }, index: 1 } }
    const result = formatsFromPanel(fourK, { url: UPLOAD }, ['1:1 square'])
    expect(result.ok && result.requests[0]?.request.input.resolution).toBe('4K')
    expect(result.ok && result.costUsd).toBe(0.056)
  })
})
