// Presets and a file's remembered settings: the choices match the catalog, the built-in presets are valid
// requests for their model, and stored values (a designer's presets, a file's settings) are read with a check.
import { describe, expect, it } from 'vitest'

import { composeRequest } from '../../src/kling/compose'
import { validateInput } from '../../src/kling/endpoints'
import { draftPrompt } from '../../src/kling/prompt-draft'
import { MODELS } from '../../src/kling/endpoints'
import {
  addPreset,
  BUILT_IN_PRESETS,
  checkPresetName,
  CHOICES,
  MAX_SAVED_PRESETS,
  parseRemembered,
  parseSavedPresets,
  presetMatches,
  REMEMBERED_VERSION,
  removePreset,
  serializeRemembered,
  type Preset
} from '../../src/kling/presets'
import { ASPECT_RATIOS, O3_RESOLUTIONS, OUTPUT_FORMATS } from '../../src/kling/schemas'
import { DEFAULT_SETTINGS, type FormSettings, offeredOptions, toGenerationSettings } from '../../src/ui/form/form-settings'
import { applyChoices } from '../../src/ui/form/remembered-settings'

const beats = ['Mara steps off the ferry.', 'She crosses the market.', 'She finds the lighthouse.'].map((text, i) => ({
  id: `t${i}`,
  name: `Beat ${i + 1}`,
  text,
  x: 0,
  y: i * 100,
  width: 300,
  height: 40
}))

describe('the choices', () => {
  it("are the catalog's own (spelt out so the main thread need not bundle the zod catalog)", () => {
    expect(CHOICES.model).toEqual(Object.keys(MODELS))
    expect(CHOICES.output).toEqual(offeredOptions('o3', 'text-to-image').outputs)
    expect(CHOICES.resolution).toEqual([...O3_RESOLUTIONS])
    expect(CHOICES.aspectRatio).toEqual([...ASPECT_RATIOS, 'auto'])
    expect(CHOICES.format).toEqual([...OUTPUT_FORMATS])
  })
})

describe('built-in presets', () => {
  it('are the five the issue names, with the settings it gives', () => {
    expect(BUILT_IN_PRESETS.map((p) => [p.name, p.settings])).toEqual([
      ['Storyboard 16:9', { model: 'o3', output: 'series', resolution: '1K', aspectRatio: '16:9' }],
      ['Key art 2:3 2K', { model: 'o3', output: 'single', resolution: '2K', aspectRatio: '2:3' }],
      ['Poster 3:4 2K', { model: 'o3', output: 'single', resolution: '2K', aspectRatio: '3:4' }],
      ['Banner 21:9 4K', { model: 'o3', output: 'single', resolution: '4K', aspectRatio: '21:9' }],
      ['Social 9:16', { model: 'o3', output: 'single', resolution: '1K', aspectRatio: '9:16' }]
    ])
  })

  it.each(BUILT_IN_PRESETS.map((p) => [p.name, p] as const))('%s is offered by its model and composes a request fal accepts', (_, preset) => {
    for (const mode of ['text-to-image', 'image-to-image'] as const) {
      const offered = offeredOptions(preset.settings.model!, mode)
      expect(offered.outputs).toContain(preset.settings.output)
      expect(offered.resolutions).toContain(preset.settings.resolution)
      expect(offered.aspectRatios).toContain(preset.settings.aspectRatio)
    }
    // Applied from the defaults and from a V3 form, the preset survives fitToModel unchanged.
    for (const start of [DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, model: 'v3' as const, resolution: '2K' as const, output: 'variations' as const }]) {
      const applied = applyChoices(start, preset.settings, 'text-to-image')
      expect(applied).toMatchObject(preset.settings)
      expect(presetMatches(applied, preset)).toBe(true)
    }
    const settings = applyChoices(DEFAULT_SETTINGS, preset.settings, 'text-to-image')
    const composition = composeRequest({ references: [], textLayers: beats, settings: toGenerationSettings(settings, draftPrompt(beats, settings.output).prompt) })
    if (!composition.ok) throw new Error(JSON.stringify(composition.errors))
    expect(validateInput(composition.request.endpoint, composition.request.input)).toMatchObject({ ok: true })
    expect(composition.request.input).toMatchObject({ resolution: preset.settings.resolution, aspect_ratio: preset.settings.aspectRatio })
  })

  it('applying a preset changes only what it names: the format and the prompt stay', () => {
    const form = { ...DEFAULT_SETTINGS, format: 'jpeg' as const, prompt: 'My own words', negativePrompt: '' }
    const applied = applyChoices(form, BUILT_IN_PRESETS[1]!.settings, 'text-to-image')
    expect(applied).toEqual({ ...form, resolution: '2K', aspectRatio: '2:3' })
  })

  it('a preset shows as chosen only while the form has all it names', () => {
    const keyArt = BUILT_IN_PRESETS[1]!
    const applied = applyChoices(DEFAULT_SETTINGS, keyArt.settings, 'text-to-image')
    expect(presetMatches(applied, keyArt)).toBe(true)
    expect(presetMatches({ ...applied, aspectRatio: '3:4' }, keyArt)).toBe(false)
    expect(presetMatches(applied, BUILT_IN_PRESETS[2]!)).toBe(false)
  })
})

describe("a designer's own presets", () => {
  const form = { ...DEFAULT_SETTINGS, model: 'v3' as const, output: 'variations' as const, resolution: '2K' as const, aspectRatio: '1:1' as const, format: 'jpeg' as const, prompt: 'not kept' }

  it('saving keeps all five choices, never the prompt', () => {
    expect(addPreset([], '  Square tests ', { ...form })).toEqual([
      { name: 'Square tests', settings: { model: 'v3', output: 'variations', resolution: '2K', aspectRatio: '1:1', format: 'jpeg' } }
    ])
  })

  it.each([
    ['', 'Type a name for the preset.'],
    ['   ', 'Type a name for the preset.'],
    ['x'.repeat(41), 'Preset names are at most 40 characters; shorten it.'],
    ['key art 2:3 2k', '"key art 2:3 2k" is a built-in preset; choose another name.'],
    ['MINE', 'You already have a preset named "MINE"; choose another name or delete that one first.']
  ])('the name %j is refused: %s', (name, message) => {
    const saved: Preset[] = [{ name: 'mine', settings: { model: 'o3', output: 'single', resolution: '1K', aspectRatio: '1:1', format: 'png' } }]
    expect(checkPresetName(name, saved)).toBe(message)
    expect(() => addPreset(saved, name, form)).toThrow(message)
  })

  it(`at most ${MAX_SAVED_PRESETS} are kept: the next is refused with the fix`, () => {
    let saved: Preset[] = []
    for (let i = 0; i < MAX_SAVED_PRESETS; i++) saved = addPreset(saved, `P${i}`, form)
    expect(() => addPreset(saved, 'One more', form)).toThrow(`You have ${MAX_SAVED_PRESETS} presets, the most kept; delete one first.`)
  })

  it('settings that are not five known choices are refused', () => {
    expect(() => addPreset([], 'Odd', { ...form, resolution: '8K' })).toThrow(
      'A preset needs a model, output, resolution, aspect ratio and format the catalog knows.'
    )
    expect(() => addPreset([], 'Odd', { model: 'o3' })).toThrow('A preset needs a model')
  })

  it('deleting removes that preset only', () => {
    const saved = addPreset(addPreset([], 'A', form), 'B', form)
    expect(removePreset(saved, 'A').map((p) => p.name)).toEqual(['B'])
    expect(removePreset(saved, 'Z')).toEqual(saved)
  })

  it('reading drops anything that is not a named, complete, valid preset', () => {
    const good = { name: 'Good', settings: { model: 'o3', output: 'single', resolution: '4K', aspectRatio: '21:9', format: 'webp' } }
    const stored: unknown[] = [
      good,
      null,
      'Poster',
      { name: 'No settings' },
      { name: 'Partial', settings: { model: 'o3', resolution: '2K' } },
      { name: 'Bad value', settings: { ...good.settings, resolution: '8K' } },
      { name: 42, settings: good.settings },
      { name: 'good', settings: good.settings },
      { name: 'Poster 3:4 2K', settings: good.settings },
      { name: 'Extra fields', settings: { ...good.settings, prompt: 'p', secret: 's' } }
    ]
    expect(parseSavedPresets(stored)).toEqual([good, { name: 'Extra fields', settings: good.settings }])
    expect(parseSavedPresets({ presets: [good] })).toEqual([])
    expect(parseSavedPresets(undefined)).toEqual([])
  })
})

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

describe("a file's remembered settings", () => {
  it('round-trip the five choices and leave out the prompt, negative prompt and count', () => {
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

  it('keep the valid fields of a partial or damaged value and drop the rest', () => {
    const raw = JSON.stringify({ version: 1, model: 'v3', output: 'storyboard', resolution: 2, aspectRatio: '5:4', format: 'webp', prompt: 'x' })
    expect(parseRemembered(raw)).toEqual({ model: 'v3', format: 'webp' })
    expect(applyChoices(DEFAULT_SETTINGS, parseRemembered(raw), 'text-to-image')).toEqual({ ...DEFAULT_SETTINGS, model: 'v3', format: 'webp' })
  })
})
