// Remembered or preset choices laid over the form go through fitToModel, as the designer's own do.
import { describe, expect, it } from 'vitest'

import { parseRemembered } from '../../src/kling/presets'
import { DEFAULT_SETTINGS } from '../../src/ui/form/form-settings'
import { applyChoices } from '../../src/ui/form/remembered-settings'

describe('applying remembered choices', () => {
  it('a remembered V3 with series and 4K (edited by hand) falls back to what V3 offers', () => {
    const raw = JSON.stringify({ version: 1, model: 'v3', output: 'series', resolution: '4K', aspectRatio: '16:9', format: 'png' })
    expect(applyChoices(DEFAULT_SETTINGS, parseRemembered(raw), 'text-to-image')).toMatchObject({ model: 'v3', output: 'variations', resolution: '2K' })
  })

  it("'auto' aspect ratio is kept for O3 image-to-image and replaced for text-to-image", () => {
    const raw = JSON.stringify({ version: 1, model: 'o3', output: 'single', resolution: '1K', aspectRatio: 'auto', format: 'png' })
    expect(applyChoices(DEFAULT_SETTINGS, parseRemembered(raw), 'image-to-image').aspectRatio).toBe('auto')
    expect(applyChoices(DEFAULT_SETTINGS, parseRemembered(raw), 'text-to-image').aspectRatio).toBe('16:9')
  })

  it('changing the output resets the count; keeping it keeps the count', () => {
    const form = { ...DEFAULT_SETTINGS, output: 'variations' as const, count: 7 }
    expect(applyChoices(form, { output: 'series' }, 'text-to-image').count).toBeUndefined()
    expect(applyChoices(form, { output: 'variations', resolution: '2K' }, 'text-to-image').count).toBe(7)
  })

  it('the prompt and negative prompt are untouched', () => {
    const form = { ...DEFAULT_SETTINGS, model: 'v3' as const, prompt: 'Mine', negativePrompt: 'blur' }
    expect(applyChoices(form, { resolution: '2K' }, 'text-to-image')).toEqual({ ...form, resolution: '2K' })
  })
})
