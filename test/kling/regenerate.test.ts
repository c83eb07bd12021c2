// Building Regenerate / Variations / edited-prompt requests from a panel's provenance.
import { describe, expect, test } from 'vitest'

import type { EndpointInput } from '../../src/kling/endpoints'
import { panelPrompt } from '../../src/kling/prompt-draft'
import { finalizeRequest, KEEP_FOR_FINALIZE } from '../../src/kling/from-panel-image'
import { type AnyInputField, regenerateRequest } from '../../src/kling/regenerate'

const SERIES = {
  prompt: 'Ink wash, muted teal. Panel 1: @Element1 steps off the ferry. Panel 2: She crosses the market. Panel 3: @Element1 looks up at the bell tower. Panel 4: Night falls.',
  elements: [{ frontal_image_url: 'https://v3.fal.media/files/mara.png' }],
  resolution: '2K',
  aspect_ratio: '16:9',
  output_format: 'png',
  result_type: 'series',
  series_amount: 4
} satisfies EndpointInput<'fal-ai/kling-image/o3/text-to-image'>
const O3_T2I = 'fal-ai/kling-image/o3/text-to-image'
const panel3 = { label: 'Panel 3', shown: { endpoint: O3_T2I, input: SERIES, index: 3 } }

describe('panelPrompt', () => {
  test("a series panel's prompt is the Style line and its own beat, tokens as they were", () => {
    expect(panelPrompt(SERIES, 3)).toBe('Ink wash, muted teal. @Element1 looks up at the bell tower.')
    expect(panelPrompt(SERIES, 4)).toBe('Ink wash, muted teal. Night falls.')
  })
  test('a series without a Style line gives the beat alone; a missing beat is undefined', () => {
    const input = { ...SERIES, prompt: 'Panel 1: a. Panel 2: b.' }
    expect(panelPrompt(input, 2)).toBe('b.')
    expect(panelPrompt(input, 5)).toBeUndefined()
  })
  test('any other panel keeps its prompt as sent, "Panel 2:" words and all', () => {
    expect(panelPrompt({ prompt: 'Poster. Panel 2: not a beat', num_images: 3 }, 2)).toBe('Poster. Panel 2: not a beat')
  })
})

describe('regenerateRequest', () => {
  test('a series panel becomes one O3 single image at the series aspect, its elements kept', () => {
    const result = regenerateRequest(panel3, 1)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.request.endpoint).toBe(O3_T2I)
    expect(result.request.input).toEqual({
      prompt: 'Ink wash, muted teal. @Element1 looks up at the bell tower.',
      elements: SERIES.elements,
      resolution: '2K',
      aspect_ratio: '16:9',
      output_format: 'png',
      num_images: 1
    })
    expect(result.request.costUsd).toBe(0.028)
    expect(result.request.panels).toEqual([{ number: 1 }])
    expect(result.request.nominalSize).toEqual({ width: 2048, height: 1152 })
  })

  test("a new version keeps the panel's shot (its own prompt starts with the Style line); an edited prompt's own shot wins", () => {
    const shot = { type: 'Wide', lens: '24 mm' } as const
    const withShot = { ...panel3, shown: { ...panel3.shown, shot } }
    const again = regenerateRequest(withShot, 2)
    expect(again.ok && again.request.panels).toEqual([{ number: 1, shot }, { number: 2, shot }])
    const edited = regenerateRequest(withShot, 1, 'Close-up: @Element1 looks up at the bell tower.')
    expect(edited.ok && edited.request.panels).toEqual([{ number: 1, shot: { type: 'Close-up' } }])
  })

  test('Variations asks for N images and prices all of them', () => {
    const result = regenerateRequest(panel3, 3)
    expect(result.ok && [result.request.input.num_images, result.request.costUsd, result.request.panels.length]).toEqual([3, 0.084, 3])
  })

  test('a single image or variations panel is regenerated with its same input, references included', () => {
    const input = { prompt: 'Harbour, @Image1 palette', image_urls: ['https://x/1.png'], resolution: '1K', aspect_ratio: 'auto', output_format: 'jpeg', num_images: 4 } satisfies EndpointInput<'fal-ai/kling-image/o3/image-to-image'>
    const result = regenerateRequest({ label: 'Panel 2', shown: { endpoint: 'fal-ai/kling-image/o3/image-to-image', input, index: 2 } }, 1)
    expect(result.ok && result.request.input).toEqual({ ...input, num_images: 1 })
    expect(result.ok && result.request.nominalSize).toEqual({ width: 1024, height: 1024 })
  })

  test('an edited prompt replaces the panel prompt, and is checked as the composer checks one', () => {
    const edited = regenerateRequest(panel3, 1, '  @Element1 rings the bell.  ')
    expect(edited.ok && edited.request.input.prompt).toBe('@Element1 rings the bell.')
    const unknown = regenerateRequest(panel3, 1, '@Mara and @Element2 ring the bell.')
    expect(unknown.ok ? [] : unknown.errors.map((e) => [e.token, e.message, e.fix])).toEqual([
      ['@Mara', "The prompt mentions @Mara, but Panel 3's request has no reference by that name.", 'Use its own (@Element1), or remove @Mara.'],
      ['@Element2', "The prompt mentions @Element2, but Panel 3's request has no reference by that name.", 'Use its own (@Element1), or remove @Element2.']
    ])
    const long = regenerateRequest(panel3, 1, 'x'.repeat(2501))
    expect(long.ok ? '' : long.errors[0]!.message).toBe('The prompt is 2,501 characters; Kling reads at most 2,500.')
    const empty = regenerateRequest(panel3, 1, '   ')
    expect(empty.ok ? '' : empty.errors[0]!.message).toBe('There is no prompt.')
  })

  test("with its storyboard's reference names, the designer's @Mara binds to the same element as @Element1", () => {
    const named = { ...panel3, referenceNames: [{ name: '@Mara', role: 'element' as const }] }
    const edited = regenerateRequest(named, 1, '@Mara rings the bell; @Element1 smiles.')
    expect(edited.ok && edited.request.input.prompt).toBe('@Element1 rings the bell; @Element1 smiles.')
    expect(edited.ok && edited.request.input.elements).toEqual(SERIES.elements)
    const unknown = regenerateRequest(named, 1, '@Ana rings the bell.')
    expect(unknown.ok ? '' : unknown.errors[0]!.fix).toBe('Use its own (@Mara), or remove @Ana.')
  })

  test('a panel without readable provenance is refused, naming the panel and the fix', () => {
    for (const shown of [undefined, { endpoint: 'fal-ai/flux/dev', input: SERIES, index: 1 }]) {
      const result = regenerateRequest({ label: 'Panel 2', shown }, 1)
      expect(result.ok ? [] : result.errors.map((e) => e.message + ' ' + e.fix)).toEqual([
        'Panel 2 has no record of how its image was made (it has no image yet, or was made before Keyframe kept one). Select its references and prompt and Generate it again.'
      ])
    }
  })

  test("a series panel whose beat is not in the prompt is refused with Edit prompt as the way out", () => {
    const result = regenerateRequest({ label: 'Panel 7', shown: { endpoint: O3_T2I, input: SERIES, index: 7 } }, 1)
    expect(result.ok ? '' : result.errors[0]!.message).toBe('Panel 7\'s series prompt has no "Panel 7:" beat, so Keyframe cannot tell which part was its own.')
  })

  test('Variations outside 2–4 is refused with the range', () => {
    for (const count of [0, 5, 2.5]) {
      const result = regenerateRequest(panel3, count)
      expect(result.ok ? '' : result.errors[0]!.field).toBe('count')
    }
  })

  test('a provenance whose settings the model no longer takes is refused before anything is spent', () => {
    const result = regenerateRequest({ label: 'Panel 1', shown: { endpoint: 'fal-ai/kling-image/v3/text-to-image', input: { prompt: 'x', resolution: '4K' }, index: 1 } }, 1)
    expect(result.ok ? '' : result.errors[0]!.message).toBe('4K is not available on Kling Image V3.')
  })
})

test('tokens: V3 and text-only requests know no @Image; one O3 reference image answers to @Image too', () => {
  const v3 = regenerateRequest({ label: 'Panel 1', shown: { endpoint: 'fal-ai/kling-image/v3/text-to-image', input: { prompt: 'x' }, index: 1 } }, 1, '@Image1 at dusk')
  expect(v3.ok ? [] : v3.errors.map((e) => e.token)).toEqual(['@Image1'])
  const o3 = regenerateRequest({ label: 'Panel 1', shown: { endpoint: 'fal-ai/kling-image/o3/image-to-image', input: { prompt: 'x', image_urls: ['https://x/1.png'] }, index: 1 } }, 1, '@Image at dusk')
  expect(o3.ok && o3.request.input.prompt).toBe('@Image1 at dusk')
  const mail = regenerateRequest({ label: 'Panel 1', shown: { endpoint: 'fal-ai/kling-image/v3/text-to-image', input: { prompt: 'x' }, index: 1 } }, 1, 'mail me@example.com')
  expect(mail.ok).toBe(true)
})

test('a sent prompt reads back with the names the designer gave its references', async () => {
  const { namedTokens } = await import('../../src/kling/tokens')
  const refs = [
    { name: 'Harbour at dusk', role: 'image' as const },
    { name: '@Mara', role: 'element' as const }
  ]
  expect(namedTokens('@Element1 waits by @Image1; @Element12 and @Element1x stay; mail@Element1 too.', refs)).toBe(
    '@Mara waits by @Harbour at dusk; @Element12 and @Element1x stay; mail@Element1 too.'
  )
  expect(namedTokens('@Element1 waits.', [])).toBe('@Element1 waits.')
})

describe('Regenerate on a final version', () => {
  // Panel 3 finalized at 2K: its shown version is Finalize's O3 image-to-image, the panel's image as @Image1.
  const finalized = finalizeRequest(panel3, { url: 'https://v3.fal.media/files/panel3.png' }, '2K')
  if (!finalized.ok) throw new Error('the Finalize fixture must compose')
  const I2I = finalized.request.endpoint
  const input = finalized.request.input
  const names = [{ name: 'Panel 3 image', role: 'image' as const }, { name: 'Mara', role: 'element' as const }]
  const shownFinal = { label: 'Panel 3', shown: { endpoint: I2I, input, index: 1 }, referenceNames: names, final: true }

  test('gives another final version: the same image-to-image from the same source image, keep sentence and all', () => {
    const again = regenerateRequest(shownFinal, 1)
    expect(again.ok && again.final).toBe(true)
    expect(again.ok && again.request).toMatchObject({ endpoint: I2I, input: { prompt: input.prompt, image_urls: (input as AnyInputField).image_urls, elements: input.elements, resolution: '2K' } })
    // Variations of it are final versions too.
    expect(regenerateRequest(shownFinal, 3)).toMatchObject({ ok: true, final: true })
  })

  test('an edited prompt that keeps the keep sentence stays final; one that drops it asks for another picture', () => {
    const kept = regenerateRequest(shownFinal, 1, `${KEEP_FOR_FINALIZE} Ink wash, muted teal. @Mara looks up at the bell tower, snow falling.`)
    expect(kept).toMatchObject({ ok: true, final: true })
    const dropped = regenerateRequest(shownFinal, 1, 'Ink wash, muted teal. @Mara looks up at the bell tower, in @Image1.')
    expect(dropped).toMatchObject({ ok: true, final: false })
  })

  test('a version not marked final is never made final, whatever its prompt', () => {
    expect(regenerateRequest({ ...shownFinal, final: false }, 1)).toMatchObject({ ok: true, final: false })
    expect(regenerateRequest(panel3, 1)).toMatchObject({ ok: true, final: false })
  })
})
