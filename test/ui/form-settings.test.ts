import { describe, expect, it } from 'vitest'

import { DEFAULT_SETTINGS, offeredOptions, toGenerationSettings } from '../../src/ui/form/form-settings'
import { fitToModel } from '../../src/ui/form/option-availability'

describe('options each model offers', () => {
  it('V3 has no series, no 4K and no auto aspect ratio', () => {
    const v3 = offeredOptions('v3', 'image-to-image')
    expect(v3.outputs).toEqual(['single', 'variations'])
    expect(v3.resolutions).toEqual(['1K', '2K'])
    expect(v3.aspectRatios).not.toContain('auto')
  })

  it('O3 offers series and 4K everywhere, auto only for image-to-image', () => {
    expect(offeredOptions('o3', 'text-to-image').outputs).toContain('series')
    expect(offeredOptions('o3', 'text-to-image').resolutions).toContain('4K')
    expect(offeredOptions('o3', 'text-to-image').aspectRatios).not.toContain('auto')
    expect(offeredOptions('o3', 'image-to-image').aspectRatios).toContain('auto')
  })

  it('negative prompt only on V3 text-to-image', () => {
    expect(offeredOptions('v3', 'text-to-image').negativePrompt).toBe(true)
    expect(offeredOptions('v3', 'image-to-image').negativePrompt).toBe(false)
    expect(offeredOptions('o3', 'text-to-image').negativePrompt).toBe(false)
  })
})

describe('switching model keeps choices valid', () => {
  it('moves an O3-only series, 4K and auto to what V3 has', () => {
    const o3 = { ...DEFAULT_SETTINGS, model: 'o3' as const, output: 'series' as const, resolution: '4K' as const, aspectRatio: 'auto' as const }
    expect(fitToModel({ ...o3, model: 'v3' }, 'image-to-image')).toMatchObject({ output: 'variations', resolution: '2K', aspectRatio: '16:9' })
  })

  it('drops a negative prompt the model would not take', () => {
    const v3 = { ...DEFAULT_SETTINGS, model: 'v3' as const, negativePrompt: 'blur' }
    expect(fitToModel(v3, 'text-to-image').negativePrompt).toBe('blur')
    expect(fitToModel({ ...v3, model: 'o3' }, 'text-to-image').negativePrompt).toBe('')
  })

  it('leaves valid choices alone', () => {
    const s = { ...DEFAULT_SETTINGS, model: 'o3' as const, output: 'series' as const, resolution: '2K' as const, aspectRatio: '3:2' as const }
    expect(fitToModel(s, 'text-to-image')).toEqual(s)
  })
})

describe('settings for the composer', () => {
  it('uses the drafted prompt until the designer edits it', () => {
    expect(toGenerationSettings(DEFAULT_SETTINGS, 'drafted').prompt).toBe('drafted')
    expect(toGenerationSettings({ ...DEFAULT_SETTINGS, prompt: 'typed' }, 'drafted').prompt).toBe('typed')
  })

  it('variations default to 4, series to one panel per beat, single to none', () => {
    expect(toGenerationSettings({ ...DEFAULT_SETTINGS, output: 'variations' }, 'p').count).toBe(4)
    expect(toGenerationSettings({ ...DEFAULT_SETTINGS, output: 'series' }, 'p').count).toBeUndefined()
    expect(toGenerationSettings({ ...DEFAULT_SETTINGS, output: 'single', count: 7 }, 'p').count).toBeUndefined()
  })
})
