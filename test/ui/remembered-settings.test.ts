// The file's remembered settings: written as JSON, read back field by field, never trusted.
import { describe, expect, it } from 'vitest'

import { DEFAULT_SETTINGS, type FormSettings } from '../../src/ui/form/form-settings'
import { applyChoices, parseRemembered, REMEMBERED_VERSION, serializeRemembered } from '../../src/ui/form/remembered-settings'

const chosen: FormSettings = {
  ...DEFAULT_SETTINGS,
  model: 'o3',
  output: 'series',
  count: 6,
  resolution: '4K',
  aspectRatio: '21:9',
  format: 'jpeg',
  prompt: 'Mara at the harbour',
  negativePrompt: 'blur'
}

describe('remembered settings', () => {
  it('round-trips the five choices and leaves out the prompt, negative prompt and count', () => {
    const raw = serializeRemembered(chosen)
    expect(JSON.parse(raw)).toEqual({ version: REMEMBERED_VERSION, model: 'o3', output: 'series', resolution: '4K', aspectRatio: '21:9', format: 'jpeg' })
    expect(parseRemembered(raw)).toEqual({ model: 'o3', output: 'series', resolution: '4K', aspectRatio: '21:9', format: 'jpeg' })
  })

  it.each([
    ['nothing stored', ''],
    ['not JSON', '{"model": "o3",'],
    ['JSON but not an object', '"o3"'],
    ['an array', '[1,2]'],
    ['null', 'null'],
    ['no version (an older plugin)', '{"model":"v3","resolution":"2K"}'],
    ['a newer version', '{"version":2,"model":"v3","resolution":"2K"}']
  ])('%s: ignored, the defaults stay', (_, raw) => {
    expect(parseRemembered(raw)).toEqual({})
    expect(applyChoices(DEFAULT_SETTINGS, parseRemembered(raw), 'text-to-image')).toEqual(DEFAULT_SETTINGS)
  })

  it('keeps the valid fields of a partial or damaged value and drops the rest', () => {
    const raw = JSON.stringify({ version: 1, model: 'v3', output: 'storyboard', resolution: 2, aspectRatio: '5:4', format: 'webp', prompt: 'x' })
    expect(parseRemembered(raw)).toEqual({ model: 'v3', format: 'webp' })
    expect(applyChoices(DEFAULT_SETTINGS, parseRemembered(raw), 'text-to-image')).toEqual({ ...DEFAULT_SETTINGS, model: 'v3', format: 'webp' })
  })

  it('goes through fitToModel: remembered V3 with 4K (edited by hand) falls back to what V3 offers', () => {
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
})
