// Looks: treatments, the careful reading of a stored list, a look's prompt and the all-or-nothing requests.
import { describe, expect, test } from 'vitest'

import type { EndpointInput } from '../../src/kling/endpoints'
import { KEEP_FOR_LOOKS, lookPrompt, looksRequests } from '../../src/kling/looks'
import { DEFAULT_TREATMENTS, MAX_TREATMENTS, missingDefaults, readTreatments, treatmentListProblem } from '../../src/kling/treatments'
import { promptLayers } from '../../src/kling/prompt-layers'

const UPLOAD = 'https://v3.fal.media/files/panel-shown.png'
const NOIR = DEFAULT_TREATMENTS.find((t) => t.name === 'Noir')!
const GOLDEN = DEFAULT_TREATMENTS.find((t) => t.name === 'Golden hour')!

describe('the built-in treatments', () => {
  test("are the issue's six, each phrase read as lighting and mood and nothing else", () => {
    expect(DEFAULT_TREATMENTS.map((t) => t.name)).toEqual(['Golden hour', 'Overcast', 'Neon night', 'Candlelit', 'High-key', 'Noir'])
    for (const t of DEFAULT_TREATMENTS) expect([...promptLayers(t.phrase)], t.name).toEqual(['lighting'])
  })
})

describe('lookPrompt', () => {
  test('a sentence only about light is replaced by the treatment, the rest kept word for word', () => {
    const prompt = 'A fisherman mends a net on the harbour wall. Soft overcast daylight, a calm mood. Gulls overhead.'
    expect(lookPrompt(prompt, NOIR)).toBe(`A fisherman mends a net on the harbour wall. ${NOIR.phrase}. Gulls overhead.`)
  })

  test('a second lighting-only sentence goes, so the old light does not fight the new', () => {
    expect(lookPrompt('A woman on a rooftop. Warm sunset light. Long shadows and a dreamy glow.', GOLDEN)).toBe(`A woman on a rooftop. ${GOLDEN.phrase}.`)
  })

  test('no lighting sentence: every word kept and "Lit as:" added at the end', () => {
    expect(lookPrompt('A knight kneels in a chapel', NOIR)).toBe(`A knight kneels in a chapel. Lit as: ${NOIR.phrase}.`)
  })

  test('light woven into a sentence about something else is not cut: "Lit as:" is added instead', () => {
    const prompt = 'A dancer leaps across a moonlit stage.'
    expect(lookPrompt(prompt, GOLDEN)).toBe(`${prompt} Lit as: ${GOLDEN.phrase}.`)
  })

  test('a look of a look swaps the light again rather than piling treatments up', () => {
    const once = lookPrompt('A knight kneels in a chapel.', NOIR)
    expect(lookPrompt(once, GOLDEN)).toBe(`A knight kneels in a chapel. ${GOLDEN.phrase}.`)
  })
})

describe('readTreatments', () => {
  test('nothing stored: the six defaults, no note', () => {
    expect(readTreatments(undefined)).toEqual({ treatments: DEFAULT_TREATMENTS })
  })

  test('an edited list is read back as saved (trimmed)', () => {
    expect(readTreatments([{ name: ' Blue hour ', phrase: 'Cold blue dusk light, a lonely mood' }])).toEqual({
      treatments: [{ name: 'Blue hour', phrase: 'Cold blue dusk light, a lonely mood' }]
    })
  })

  test.each([
    ['not a list', 'golden hour'],
    ['an empty list', []],
    ['a look with no phrase', [{ name: 'Dusk' }]],
    ['too many looks', Array.from({ length: MAX_TREATMENTS + 1 }, (_, i) => ({ name: `Look ${i}`, phrase: 'warm light' }))],
    ['two looks of one name', [{ name: 'Dusk', phrase: 'warm light' }, { name: 'dusk', phrase: 'cool light' }]]
  ])('%s: the defaults, with a note saying the saved list was not used', (_what, stored) => {
    const read = readTreatments(stored)
    expect(read.treatments).toEqual(DEFAULT_TREATMENTS)
    expect(read.note).toMatch(/could not be read.*six built-in looks/)
  })
})

describe('treatmentListProblem', () => {
  test('a good list has none', () => {
    expect(treatmentListProblem(DEFAULT_TREATMENTS)).toBeUndefined()
  })
  test.each([
    [[], /at least one look/],
    [[...DEFAULT_TREATMENTS, { name: 'Blue hour', phrase: 'cold dusk' }], /at most 6 looks/],
    [[{ name: ' ', phrase: 'warm light' }], /Look 1 has no name/],
    [[{ name: 'Dusk', phrase: '' }], /"Dusk" has no lighting description/],
    [[{ name: 'Dusk', phrase: 'a' }, { name: 'DUSK', phrase: 'b' }], /Two looks are called "DUSK"/]
  ])('%j: says what is wrong', (list, message) => {
    expect(treatmentListProblem(list)).toMatch(message)
  })
  test('missingDefaults offers back only the removed built-ins', () => {
    expect(missingDefaults(DEFAULT_TREATMENTS.slice(2)).map((t) => t.name)).toEqual(['Golden hour', 'Overcast'])
  })
})

const SINGLE = {
  prompt: 'A lighthouse keeper on the gallery. Cool overcast light, a still mood.',
  resolution: '2K',
  aspect_ratio: '3:2',
  output_format: 'jpeg',
  num_images: 1
} satisfies EndpointInput<'fal-ai/kling-image/v3/text-to-image'>

describe('looksRequests', () => {
  const panel = { label: 'Image', shown: { endpoint: 'fal-ai/kling-image/v3/text-to-image', input: SINGLE, index: 1 } }

  test('one O3 image-to-image request per look: panel image first, keep line, the treatment in place of the light, panel resolution and aspect', () => {
    const result = looksRequests(panel, { url: UPLOAD }, [NOIR, GOLDEN])
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.looks.map((l) => l.treatment.name)).toEqual(['Noir', 'Golden hour'])
    const [noir, golden] = result.looks.map((l) => l.request)
    expect(noir!.endpoint).toBe('fal-ai/kling-image/o3/image-to-image')
    expect(noir!.input).toMatchObject({ image_urls: [UPLOAD], resolution: '2K', aspect_ratio: '3:2', prompt: `${KEEP_FOR_LOOKS} A lighthouse keeper on the gallery. ${NOIR.phrase}.` })
    expect(golden!.input.prompt).toContain(GOLDEN.phrase)
    expect(golden!.input.prompt).not.toContain('overcast')
    expect(result.costUsd).toBeCloseTo(noir!.costUsd + golden!.costUsd, 10)
    expect(noir!.costUsd).toBeGreaterThan(0)
  })

  test('no look chosen, or too many: refused with the fix', () => {
    expect(looksRequests(panel, { url: UPLOAD }, [])).toMatchObject({ ok: false, errors: [{ message: 'No look is chosen.' }] })
    const seven = [...DEFAULT_TREATMENTS, GOLDEN]
    expect(looksRequests(panel, { url: UPLOAD }, seven)).toMatchObject({ ok: false, errors: [{ fix: 'Untick some, down to 6.' }] })
  })

  test('a request the composer refuses refuses the whole click, naming the look', () => {
    const long = { name: 'Wordy', phrase: 'warm light '.repeat(290) }
    const result = looksRequests(panel, { url: UPLOAD }, [NOIR, long])
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors[0]!.message).toMatch(/^Wordy: /)
  })

  test('a panel with no record of its image is refused', () => {
    expect(looksRequests({ label: 'Image' }, { url: UPLOAD }, [NOIR])).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/^Noir: Image has no record/) }] })
  })
})
