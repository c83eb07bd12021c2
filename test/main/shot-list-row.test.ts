// A panel's shot-list row from its provenance, without Figma: the columns, and blanks (never "undefined"
// or a wrong number) for what the provenance lacks or holds in the wrong shape.
import { describe, expect, test } from 'vitest'

import type { Provenance } from '../../src/main/provenance'
import { shotListRow } from '../../src/main/shot-list-row'

const provenance: Provenance = {
  endpoint: 'fal-ai/kling-image/v3/image-to-image',
  input: { prompt: 'Mara at the quay', resolution: '2K', aspect_ratio: '3:2', image_url: 'https://v3b.fal.media/files/ref.png' },
  requestId: 'req-9',
  index: 1,
  imageUrl: 'https://v3b.fal.media/files/out.png',
  costUsd: 0.056,
  requestCostUsd: 0.056,
  createdAt: '2026-11-27T10:00:00.000Z',
  completedAt: '2026-11-27T10:00:30.000Z',
  generator: 'Keyframe'
}

describe('a shot-list row', () => {
  test('from provenance: model and mode, resolution, aspect, cost and request id', () => {
    expect(shotListRow(3, 'Mara turns', provenance)).toEqual({
      number: 3,
      caption: 'Mara turns',
      shot: '',
      prompt: 'Mara at the quay',
      model: 'Kling Image V3 image-to-image',
      resolution: '2K',
      aspectRatio: '3:2',
      costUsd: 0.056,
      requestId: 'req-9'
    })
  })

  test("a series panel's prompt is its own: the Style line and its beat, not the whole series", () => {
    const series: Provenance = {
      ...provenance,
      endpoint: 'fal-ai/kling-image/o3/text-to-image',
      input: { prompt: 'Muted teal palette. Panel 1: @Element1 steps off the ferry. Panel 2: She crosses the market.', result_type: 'series', series_amount: 2 },
      index: 2
    }
    expect(shotListRow(2, 'She crosses the market.', series).prompt).toBe('Muted teal palette. She crosses the market.')
    // With the storyboard's reference names, a token reads as the name the designer gave it.
    expect(shotListRow(1, 'Mara steps off the ferry.', { ...series, index: 1 }, [{ name: '@Mara', role: 'element' }]).prompt).toBe('Muted teal palette. @Mara steps off the ferry.')
  })

  test('no provenance: number and caption, blanks for the rest', () => {
    expect(shotListRow(2, 'Waiting', undefined)).toEqual({
      number: 2,
      caption: 'Waiting',
      shot: '',
      prompt: '',
      model: '',
      resolution: '',
      aspectRatio: '',
      costUsd: null,
      requestId: ''
    })
  })

  test('the Shot column: the panel\'s Shot line as it stands, else the shot its provenance records', () => {
    const shot = { ...provenance, shot: { type: 'Wide', lens: '24 mm' } } as Provenance
    expect(shotListRow(1, 'Mara', shot).shot).toBe('Wide · 24 mm')
    expect(shotListRow(1, 'Mara', shot, [], 'Wide · 28 mm').shot).toBe('Wide · 28 mm')
    expect(shotListRow(1, 'Mara', undefined, [], 'Close-up').shot).toBe('Close-up')
    // A damaged or unknown shot in plugin data is no shot, not a crash or "undefined".
    expect(shotListRow(1, 'Mara', { ...provenance, shot: { type: 'Dolly zoom' } } as unknown as Provenance).shot).toBe('')
    expect(shotListRow(1, 'Mara', { ...provenance, shot: 'Wide' } as unknown as Provenance).shot).toBe('')
  })

  test('fields of the wrong shape are left blank rather than printed as "undefined" or NaN', () => {
    const odd = { ...provenance, input: { prompt: 42, resolution: null }, costUsd: Number.NaN } as unknown as Provenance
    expect(shotListRow(1, '', odd)).toMatchObject({ prompt: '', resolution: '', aspectRatio: '', costUsd: null, requestId: 'req-9' })
  })

  test('a provenance without its request input (a damaged record) gives blanks instead of throwing', () => {
    const { input: _, ...damaged } = provenance
    expect(shotListRow(4, 'Mara turns', damaged as unknown as Provenance)).toMatchObject({ number: 4, caption: 'Mara turns', prompt: '', resolution: '', aspectRatio: '', requestId: 'req-9' })
  })
})
