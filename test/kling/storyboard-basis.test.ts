import { describe, expect, it } from 'vitest'

import { reusedReferences, styleOf } from '../../src/kling/storyboard-basis'

const MARA = 'https://v3b.fal.media/files/mara.png'
const SIDE = 'https://v3b.fal.media/files/mara-side.png'
const HARBOUR = 'https://v3b.fal.media/files/harbour.png'
const input = { prompt: 'Ink. Panel 1: a.', image_urls: [HARBOUR], elements: [{ frontal_image_url: MARA, reference_image_urls: [SIDE] }] }

describe('what beats added to a storyboard reuse', () => {
  it('the Style line is the preamble before "Panel 1:"', () => {
    expect(styleOf('Cinematic, teal. Panel 1: a. Panel 2: b.')).toBe('Cinematic, teal.')
    expect(styleOf('Panel 1: a.')).toBe('')
    expect(styleOf('No panels at all.')).toBe('')
  })

  it('the references keep their names and the URLs the request sent, in binding order', () => {
    const named = [
      { name: '@Mara', role: 'element' as const },
      { name: 'Harbour', role: 'image' as const }
    ]
    expect(reusedReferences(input, named)).toEqual([
      { name: '@Mara', role: 'element', url: MARA, angleUrls: [SIDE] },
      { name: 'Harbour', role: 'image', url: HARBOUR }
    ])
  })

  it('a V3 image_url is the one image; a record without names is bound by canonical tokens', () => {
    expect(reusedReferences({ image_url: HARBOUR })).toEqual([{ name: 'Image1', role: 'image', url: HARBOUR }])
    expect(reusedReferences(input).map((r) => [r.name, r.url])).toEqual([
      ['Image1', HARBOUR],
      ['Element1', MARA]
    ])
  })

  it('a name with no URL behind it in the request is left out rather than sent empty', () => {
    expect(reusedReferences({ elements: [] }, [{ name: '@Mara', role: 'element' }])).toEqual([])
  })

  it('a damaged record is refused with what is wrong, never half-read', () => {
    expect(() => reusedReferences(input, { name: '@Mara' })).toThrow(new Error('its references are not a list'))
    expect(() => reusedReferences(input, [{ name: '@Mara', role: 'element' }, { name: 'Harbour', role: 'hero' }])).toThrow(
      new Error('reference 2 of its references has no name or role')
    )
    expect(() => reusedReferences(input, ['@Mara'])).toThrow(new Error('reference 1 of its references has no name or role'))
    expect(() => reusedReferences({ image_urls: HARBOUR })).toThrow(new Error("its request's image URLs are not a list of URLs"))
    expect(() => reusedReferences({ image_url: 7 })).toThrow(new Error("its request's image URLs are not a list of URLs"))
    expect(() => reusedReferences({ elements: [{ reference_image_urls: [SIDE] }] })).toThrow(new Error("its request's elements are not a list of images"))
    expect(() => reusedReferences({ elements: [{ frontal_image_url: MARA, reference_image_urls: SIDE }] })).toThrow(new Error("its request's elements are not a list of images"))
  })
})

