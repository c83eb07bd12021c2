// One edit to the catalog's table, and everything derived follows: the zod schemas, the composer's checks,
// the prices and the lint that quotes them, the reference rules' messages, the labels and the form's options.
// The modules are loaded afresh over an altered catalog.ts, so nothing can pass by quoting today's numbers.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import type * as RealCatalog from '../../src/kling/catalog'

type Catalog = typeof RealCatalog.CATALOG

function altered(real: Catalog) {
  const e = real.endpoints
  const o3 = { series: { min: 2, max: 6 }, label: 'Kling Image O3.1', priceMills: { '1K': 28, '2K': 28, '4K': 84 } }
  const all = { numImages: { min: 1, max: 5 }, variations: { min: 2, default: 3 }, maxReferences: 8 }
  return {
    endpoints: {
      'fal-ai/kling-image/v3/text-to-image': { ...e['fal-ai/kling-image/v3/text-to-image'], ...all, resolutions: ['1K', '2K', '4K'], priceMills: { '1K': 28, '2K': 28, '4K': 84 } },
      'fal-ai/kling-image/v3/image-to-image': { ...e['fal-ai/kling-image/v3/image-to-image'], ...all },
      'fal-ai/kling-image/o3/text-to-image': { ...e['fal-ai/kling-image/o3/text-to-image'], ...all, ...o3 },
      'fal-ai/kling-image/o3/image-to-image': { ...e['fal-ai/kling-image/o3/image-to-image'], ...all, ...o3, maxImageReferences: 8 }
    },
    referenceImages: { minSidePx: 512, maxBytes: 8 * 1024 * 1024, aspect: { min: 1 / 2, max: 2 } }
  }
}

const settings = { model: 'o3', output: 'single', resolution: '1K', aspectRatio: '16:9', format: 'png', prompt: 'A lighthouse at dusk, wide shot, warm rim light on wet rocks' } as const
const image = (i: number) => ({ id: `${i}`, name: `Ref ${i}`, role: 'image' as const, url: `https://example.com/${i}.png` })

let k: typeof import('../../src/kling') & typeof import('../../src/ui/form/form-settings') & typeof import('../../src/ui/form/option-availability')

beforeAll(async () => {
  vi.resetModules()
  vi.doMock('../../src/kling/catalog', async (importOriginal) => {
    const real = await importOriginal<typeof RealCatalog>()
    return { ...real, CATALOG: altered(real.CATALOG) }
  })
  k = {
    ...(await import('../../src/kling')),
    ...(await import('../../src/ui/form/form-settings')),
    ...(await import('../../src/ui/form/option-availability'))
  }
})

afterAll(() => {
  vi.doUnmock('../../src/kling/catalog')
  vi.resetModules()
})

const errorsOf = (composition: ReturnType<typeof k.composeRequest>) => (composition.ok ? [] : composition.errors.map((e) => `${e.message} ${e.fix}`))

describe('an edited catalog reaches every derived part', () => {
  it('series range: composer, schema and form', () => {
    const composed = k.composeRequest({ references: [], textLayers: [], settings: { ...settings, output: 'series', count: 7 } })
    expect(errorsOf(composed)).toContain('A series has 2 to 6 panels; Count is 7. Use 2 to 6 panels (one text layer per beat, or set Count).')
    expect(k.validateInput('fal-ai/kling-image/o3/text-to-image', { prompt: 'x', result_type: 'series', series_amount: 7 }).ok).toBe(false)
    expect(k.validateInput('fal-ai/kling-image/o3/text-to-image', { prompt: 'x', result_type: 'series', series_amount: 6 }).ok).toBe(true)
    expect(k.offeredOptions('o3', 'text-to-image').counts.series).toEqual({ min: 2, max: 6 })
    expect(k.MAX_SERIES).toBe(6)
  })

  it('variations: range, default count and num_images', () => {
    const tooMany = k.composeRequest({ references: [], textLayers: [], settings: { ...settings, output: 'variations', count: 6 } })
    expect(errorsOf(tooMany)).toContain('Variations makes 2 to 5 images per request; Count is 6. Set Count between 2 and 5, or choose Single.')
    const byDefault = k.composeRequest({ references: [], textLayers: [], settings: { ...settings, output: 'variations' } })
    expect(byDefault.ok && byDefault.request.input.num_images).toBe(3)
    expect(k.toGenerationSettings({ ...k.DEFAULT_SETTINGS, output: 'variations' }, '').count).toBe(3)
    expect(k.offeredOptions('v3', 'text-to-image').counts.variations).toEqual({ min: 2, max: 5, default: 3 })
    expect(k.validateInput('fal-ai/kling-image/v3/text-to-image', { prompt: 'x', num_images: 6 }).ok).toBe(false)
  })

  it('references in total: composer and schema quote the new limit', () => {
    const nine = Array.from({ length: 9 }, (_, i) => image(i + 1))
    const composed = k.composeRequest({ references: nine, textLayers: [], settings })
    expect(errorsOf(composed)).toContain('9 references are selected; Kling takes at most 8 (images and elements together). Deselect 1 of the frames.')
    const schema = k.validateInput('fal-ai/kling-image/o3/image-to-image', { prompt: 'x', image_urls: nine.map((r) => r.url) })
    expect(schema.ok ? [] : schema.detail.map((d) => d.msg)).toContain('9 reference images; Kling takes at most 8. Remove 1 of them.')
  })

  it('prices: the estimate, the 4K lint\'s ratio, and an option a model gains', () => {
    const composed = k.composeRequest({ references: [], textLayers: [], settings: { ...settings, resolution: '4K', output: 'variations', count: 2 } })
    expect(composed.ok && composed.request.costUsd).toBeCloseTo(0.168, 10)
    expect(composed.warnings.map((w) => w.message)).toContain('2 variations at 4K cost 3 times as much as at 2K.')
    // V3 now offers 4K: the form enables it (no "4K needs O3"), the schema takes it, the composer builds it.
    expect(k.availableOptions('v3', 'text-to-image').resolutions.find((o) => o.value === '4K')).toEqual({ value: '4K' })
    expect(k.validateInput('fal-ai/kling-image/v3/text-to-image', { prompt: 'x', resolution: '4K' }).ok).toBe(true)
    expect(k.composeRequest({ references: [], textLayers: [], settings: { ...settings, model: 'v3', resolution: '4K' } }).ok).toBe(true)
  })

  it('reference image rules: every message quotes the table', () => {
    const messages = (ref: { width: number; height: number; bytes?: number }) => k.checkReferenceImage({ name: 'Hero', ...ref }).map((p) => `${p.message} ${p.fix}`)
    expect(messages({ width: 400, height: 400 })).toEqual(['"Hero" is 400×400 px; Kling needs at least 512 px on each side. Resize "Hero" to at least 512×512 px.'])
    expect(messages({ width: 1100, height: 520 })).toEqual(['"Hero" is 2.1:1; Kling accepts 1:2 to 2:1. Crop "Hero" closer to square (no more than 2 times longer than it is wide).'])
    expect(messages({ width: 800, height: 800, bytes: 9 * 1024 * 1024 })).toEqual(['"Hero" exports to 9 MB; Kling accepts up to 8 MB. Simplify "Hero" or export it as JPEG.'])
  })

  it('labels: captions and messages name the model as the table does', () => {
    expect(k.describeEndpoint('fal-ai/kling-image/o3/text-to-image').modelLabel).toBe('Kling Image O3.1')
    expect(k.MODELS.o3.label).toBe('Kling Image O3.1')
  })
})
