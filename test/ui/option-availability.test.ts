import { describe, expect, it } from 'vitest'

import { DEFAULT_SETTINGS, type FormSettings } from '../../src/ui/form/form-settings'
import { availableOptions, fitWithNotes, nextNotes, restoreChange, unavailableHint } from '../../src/ui/form/option-availability'

const reasons = (options: { value: string; unavailable?: string }[]) => Object.fromEntries(options.map((o) => [o.value, o.unavailable]))

describe('every option is listed, with the reason the current model and mode lack it', () => {
  it('V3: Series and 4K need O3; Auto needs O3 and a reference image', () => {
    const v3 = availableOptions('v3', 'text-to-image')
    expect(reasons(v3.outputs)).toEqual({ single: undefined, variations: undefined, series: 'Series needs O3' })
    expect(reasons(v3.resolutions)).toEqual({ '1K': undefined, '2K': undefined, '4K': '4K needs O3' })
    expect(reasons(v3.aspectRatios).auto).toBe('Auto needs O3 and a reference image')
    expect(reasons(availableOptions('v3', 'image-to-image').aspectRatios).auto).toBe('Auto needs O3')
    expect(unavailableHint(v3.outputs)).toBe('Series needs O3.')
  })

  it('O3 lacks only Auto without a reference image', () => {
    const o3 = availableOptions('o3', 'text-to-image')
    expect(o3.outputs.every((o) => o.unavailable === undefined)).toBe(true)
    expect(unavailableHint(o3.resolutions)).toBeUndefined()
    expect(reasons(o3.aspectRatios).auto).toBe('Auto needs a reference image')
    expect(availableOptions('o3', 'image-to-image').aspectRatios.every((o) => o.unavailable === undefined)).toBe(true)
  })
})

describe('a model switch never changes a choice silently', () => {
  const o3: FormSettings = { ...DEFAULT_SETTINGS, model: 'o3', output: 'series', resolution: '4K', aspectRatio: 'auto', count: 3 }

  it('switching to V3 changes Series, 4K and Auto, and says what and why', () => {
    const { settings, notes } = fitWithNotes({ ...o3, model: 'v3' }, 'image-to-image')
    expect(settings).toMatchObject({ model: 'v3', output: 'variations', count: 3, resolution: '2K', aspectRatio: '16:9' })
    expect(notes.map((n) => n.message)).toEqual([
      'V3 has no Series: changed to Variations ×3.',
      'V3 has no 4K: changed to 2K.',
      'V3 has no Auto aspect ratio here: changed to 16:9.'
    ])
    expect(notes.map((n) => n.backTo)).toEqual(['o3', 'o3', 'o3'])
  })

  it('a series with the default count becomes the default 4 variations, and says ×4', () => {
    const { notes } = fitWithNotes({ ...o3, count: undefined, model: 'v3' }, 'text-to-image')
    expect(notes[0]?.message).toBe('V3 has no Series: changed to Variations ×4.')
  })

  it('one click brings back the model and every choice it changed', () => {
    const { settings, notes } = fitWithNotes({ ...o3, model: 'v3' }, 'image-to-image')
    const restore = restoreChange(notes)
    expect(restore).toEqual({ model: 'o3', output: 'series', count: 3, resolution: '4K', aspectRatio: 'auto' })
    const back = fitWithNotes({ ...settings, ...restore }, 'image-to-image')
    expect(back).toEqual({ settings: o3, notes: [] })
  })

  it('a negative prompt O3 cannot take is removed and named; V3 text-to-image brings it back', () => {
    const v3: FormSettings = { ...DEFAULT_SETTINGS, model: 'v3', negativePrompt: 'blur' }
    const { settings, notes } = fitWithNotes({ ...v3, model: 'o3' }, 'text-to-image')
    expect(settings.negativePrompt).toBe('')
    expect(notes.map((n) => n.message)).toEqual(['O3 takes no negative prompt here: "blur" was removed.'])
    expect(restoreChange(notes)).toEqual({ model: 'v3', negativePrompt: 'blur' })
  })

  it('offers no way back when no model has the choice in this mode', () => {
    const v3: FormSettings = { ...DEFAULT_SETTINGS, model: 'v3', negativePrompt: 'blur' }
    const { notes } = fitWithNotes({ ...v3, model: 'o3' }, 'image-to-image')
    expect(notes).toHaveLength(1)
    expect(notes[0]?.backTo).toBeUndefined()
    expect(restoreChange(notes)).toBeNull()
  })

  it('choices every model offers make no notes', () => {
    expect(fitWithNotes({ ...DEFAULT_SETTINGS, model: 'v3' }, 'text-to-image').notes).toEqual([])
  })
})

describe('which notes stay', () => {
  const { notes } = fitWithNotes({ ...DEFAULT_SETTINGS, output: 'series', resolution: '4K', model: 'v3' }, 'text-to-image')

  it('a new model switch replaces them', () => {
    expect(nextNotes(notes, [], { model: 'o3' })).toEqual([])
  })

  it('choosing the field anew drops its note, other changes keep them', () => {
    expect(nextNotes(notes, [], { resolution: '1K' }).map((n) => n.field)).toEqual(['output'])
    expect(nextNotes(notes, [], { prompt: 'x' })).toEqual(notes)
  })
})
