// Formats from the prompt, priced before anything runs: the form's request at each checked aspect, same
// references, elements, prompt, resolution and file format; any refusal refuses the click.
import { describe, expect, it } from 'vitest'

import { DEFAULT_FORMAT_LABELS } from '../../src/kling/formats'
import type { SelectionSnapshot } from '../../src/messages'
import { DEFAULT_SETTINGS } from '../../src/ui/form/form-settings'
import { previewFormats } from '../../src/ui/form/prompt-formats'
import { previewRequest } from '../../src/ui/form/preview'

const empty: SelectionSnapshot = { version: 1, references: [], textLayers: [], panels: [], storyboards: [], ignored: [] }
const mara = { id: '1:1', name: '@Mara', type: 'FRAME', width: 400, height: 500, defaultRole: 'element' as const, problems: [] }
const harbour = { id: '1:2', name: 'Harbour', type: 'FRAME', width: 800, height: 500, defaultRole: 'image' as const, problems: [] }
const selection: SelectionSnapshot = { ...empty, references: [mara, harbour] }
const settings = { ...DEFAULT_SETTINGS, prompt: '@Mara on the night quay in front of @Harbour, rain, sodium light.', resolution: '2K' as const, format: 'jpeg' as const }
const source = (over: Partial<typeof settings> = {}, sel: SelectionSnapshot = selection) => {
  const s = { ...settings, ...over }
  return { selection: sel, roles: new Map(), settings: s, preview: previewRequest(sel, new Map(), s) }
}

describe('previewFormats', () => {
  it('composes the form\'s request at each checked aspect, everything else the same, priced as the sum', () => {
    const result = previewFormats(source(), DEFAULT_FORMAT_LABELS)
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    const single = previewRequest(selection, new Map(), settings).composition
    if (!single.ok) throw new Error('refused')
    expect(result.requests.map((r) => r.request.input.aspect_ratio)).toEqual(['2:3', '16:9', '9:16'])
    for (const { request } of result.requests) {
      expect(request.endpoint).toBe(single.request.endpoint)
      const { aspect_ratio: _a, ...rest } = request.input
      const { aspect_ratio: _b, ...same } = single.request.input
      expect(rest).toEqual(same)
    }
    expect(result.costUsd).toBeCloseTo(3 * single.request.costUsd, 10)
  })

  it('a refused request refuses them all, naming the format, before anything is sent', () => {
    const result = previewFormats(source({ prompt: '' }, empty), DEFAULT_FORMAT_LABELS)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors[0]?.message).toMatch(/^2:3 poster: /)
  })

  it('only single images: variations or a series are refused with the fix', () => {
    expect(previewFormats(source({ output: 'series' }), DEFAULT_FORMAT_LABELS)).toEqual({
      ok: false,
      errors: [{ field: 'output', message: 'Formats makes one image per format.', fix: 'Choose Output Single.' }]
    })
  })

  it('a selected frame Kling would refuse refuses the formats with its own message', () => {
    const small = { ...harbour, problems: [{ reason: 'too-small' as const, message: 'Harbour is 200 px tall; Kling needs at least 300 px.', fix: 'Use a larger frame.' }] }
    const result = previewFormats(source({}, { ...empty, references: [mara, small] }), DEFAULT_FORMAT_LABELS)
    expect(result).toEqual({ ok: false, errors: [{ field: 'references', message: 'Harbour is 200 px tall; Kling needs at least 300 px.', fix: 'Use a larger frame.' }] })
  })
})
