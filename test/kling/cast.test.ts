import { describe, expect, it } from 'vitest'

import {
  CAST_PAGE_MAX_AGE_MS,
  castByAlias,
  didYouMean,
  editDistance,
  emptyCastIndex,
  isAngleName,
  isCastName,
  mentionedNames,
  nearNames,
  parseCastIndex,
  serializeCastIndex,
  stalePages,
  withPage
} from '../../src/kling/cast'
import { composeRequest, type GenerationSettings, type ReferenceSource } from '../../src/kling'
import { CATALOG } from '../../src/kling/catalog'

const member = (name: string, nodeId: string, angles = 0) => ({ name, nodeId, angles, width: 400, height: 500 })
const NOW = 1_800_000_000_000

describe('the stored cast index', () => {
  it('reads back what it wrote', () => {
    const index = withPage(emptyCastIndex(), 'p1', [member('@Ines', '1:2', 2)], NOW)
    expect(parseCastIndex(serializeCastIndex(index))).toEqual(index)
  })

  it('reads a missing, non-JSON or wrongly shaped value as absent, to be rebuilt, never throwing', () => {
    expect(parseCastIndex('')).toBeUndefined()
    expect(parseCastIndex('{not json')).toBeUndefined()
    expect(parseCastIndex('{"version":2,"pages":{}}')).toBeUndefined()
    expect(parseCastIndex('{"version":1,"pages":{"p1":{"scannedAt":"yesterday","members":[]}}}')).toBeUndefined()
    expect(parseCastIndex('{"version":1,"pages":{"p1":{"scannedAt":1,"members":[{"name":"@I","nodeId":"","angles":-1,"width":1,"height":1}]}}}')).toBeUndefined()
  })

  it('scans pages it does not know, pages scanned too long ago, and every page without an index', () => {
    const index = withPage(withPage(emptyCastIndex(), 'old', [], NOW - CAST_PAGE_MAX_AGE_MS - 1), 'fresh', [], NOW - 1000)
    expect(stalePages(index, ['old', 'fresh', 'new'], NOW)).toEqual(['old', 'new'])
    expect(stalePages(undefined, ['a', 'b'], NOW)).toEqual(['a', 'b'])
    // A scan dated in the future (a wrong clock) is not trusted either.
    expect(stalePages(withPage(emptyCastIndex(), 'p', [], NOW + 60_000), ['p'], NOW)).toEqual(['p'])
  })

  it('replaces one page and forgets pages no longer in the file', () => {
    let index = withPage(emptyCastIndex(), 'p1', [member('@Ines', '1:2')], NOW)
    index = withPage(index, 'p2', [member('@Mara', '2:2')], NOW)
    index = withPage(index, 'p1', [member('@Ines B', '1:2')], NOW + 1, ['p1'])
    expect(Object.keys(index.pages)).toEqual(['p1'])
    expect(index.pages.p1?.members.map((m) => m.name)).toEqual(['@Ines B'])
  })

  it('looks members up by the name a prompt writes, the current page first when two share a name', () => {
    let index = withPage(emptyCastIndex(), 'p1', [member('@Ines', '1:2'), member('@Old Town', '1:3')], NOW)
    index = withPage(index, 'p2', [member('@ines', '2:2')], NOW)
    expect(castByAlias(index, ['p1', 'p2']).get('ines')?.nodeId).toBe('1:2')
    expect(castByAlias(index, ['p1', 'p2'], 'p2').get('ines')).toMatchObject({ nodeId: '2:2', pageId: 'p2' })
    expect(castByAlias(index, ['p1', 'p2']).get('old town')?.nodeId).toBe('1:3')
  })
})

describe('cast names', () => {
  it('knows a cast frame and an angle frame by name', () => {
    expect(isCastName('@Ines')).toBe(true)
    expect(isCastName(' @Ines ')).toBe(true)
    expect(isCastName('@')).toBe(false)
    expect(isCastName('Ines')).toBe(false)
    expect(isAngleName('angle 1')).toBe(true)
    expect(isAngleName('Angle 3')).toBe(true)
    expect(isAngleName('ANGLE2')).toBe(true)
    expect(isAngleName('angles')).toBe(false)
    expect(isAngleName('side angle 1')).toBe(false)
  })

  it('finds the mentions as the composer reads them: case-insensitive, whole names, longest first', () => {
    const names = ['ines', 'old town', 'old town square', 'mara']
    expect(mentionedNames('@Old Town Square at dusk, @INES and @Ines again; mail ines@example.com', names)).toEqual(['old town square', 'ines'])
    expect(mentionedNames('@Inesa walks', names)).toEqual([])
    expect(mentionedNames('no mentions', names)).toEqual([])
  })

  it('offers near names for a typo or a prefix, closest first, and nothing for a stranger', () => {
    const names = ['@Ines', '@Inez', '@Mara', '@Marcus', '@Old Town Square']
    expect(nearNames('@Ins', names)).toEqual(['@Ines'])
    expect(nearNames('@Ine', names)).toEqual(['@Ines', '@Inez'])
    expect(nearNames('@Inés', names)[0]).toBe('@Ines')
    expect(nearNames('@Mar', names)).toEqual(['@Mara', '@Marcus'])
    expect(nearNames('@Old Town', names)).toEqual(['@Old Town Square'])
    expect(nearNames('@Zed', names)).toEqual([])
    expect(nearNames('@', names)).toEqual([])
    expect(didYouMean(['@Ines'])).toBe('Did you mean @Ines?')
    expect(didYouMean(['@Ines', '@Inez', '@Ina'])).toBe('Did you mean @Ines, @Inez or @Ina?')
    expect(didYouMean([])).toBe('')
    expect(editDistance('kitten', 'sitting')).toBe(3)
  })
})

const settings: GenerationSettings = { model: 'o3', output: 'single', resolution: '1K', aspectRatio: '16:9', format: 'png' }
const el = (name: string, extra: Partial<ReferenceSource> = {}): ReferenceSource => ({
  id: `id-${name}`,
  name,
  role: 'element',
  url: `https://v3b.fal.media/files/${name.replace(/\W/g, '')}.jpg`,
  ...extra
})

describe('the composer with a cast', () => {
  it('sends a cast member as an element with its angles', () => {
    const angles = ['https://v3b.fal.media/a1.jpg', 'https://v3b.fal.media/a2.jpg']
    const c = composeRequest({ references: [el('@Ines', { fromCast: true, angleUrls: angles })], textLayers: [], settings: { ...settings, prompt: '@Ines on the pier at dawn' } })
    if (!c.ok) throw new Error(JSON.stringify(c.errors))
    expect(c.request.input).toMatchObject({ prompt: '@Element1 on the pier at dawn', elements: [{ frontal_image_url: el('@Ines').url, reference_image_urls: angles }] })
  })

  it('offers the near cast names when a mention matches nothing', () => {
    const c = composeRequest({ references: [], textLayers: [], settings: { ...settings, prompt: '@Ins on the pier' }, castNames: ['@Ines', '@Mara'] })
    expect(c.ok).toBe(false)
    const problem = !c.ok ? c.errors.find((e) => e.token === '@Ins') : undefined
    expect(problem?.message).toBe('The prompt mentions @Ins, but no selected frame is called that, and no frame in the file either.')
    expect(problem?.fix).toMatch(/^Did you mean @Ines\? Select the frame named @Ins/)
  })

  it('says how to bring back a cast member the designer dropped', () => {
    const c = composeRequest({ references: [], textLayers: [], settings: { ...settings, prompt: '@Ines on the pier' }, castNames: ['@Ines'], droppedCast: ['@Ines'] })
    const problem = !c.ok ? c.errors.find((e) => e.token === '@Ines') : undefined
    expect(problem?.message).toBe('The prompt mentions @Ines, which you dropped from this generation.')
    expect(problem?.fix).toContain('bring @Ines back')
  })

  it('counts an element once whatever its angles, as Kling does, and says so past the limit', () => {
    const max = CATALOG.endpoints['fal-ai/kling-image/o3/text-to-image'].maxReferences
    const angles = ['https://v3b.fal.media/a1.jpg', 'https://v3b.fal.media/a2.jpg', 'https://v3b.fal.media/a3.jpg']
    const atLimit = Array.from({ length: max }, (_, i) => el(`@P${i}`, { angleUrls: angles }))
    const prompt = atLimit.map((r) => r.name).join(', ')
    expect(composeRequest({ references: atLimit, textLayers: [], settings: { ...settings, prompt } }).ok).toBe(true)
    const over = [...atLimit, el('@Ines', { fromCast: true, angleUrls: angles })]
    const c = composeRequest({ references: over, textLayers: [], settings: { ...settings, prompt: `${prompt}, @Ines` } })
    const problem = !c.ok ? c.errors.find((e) => e.field === 'references') : undefined
    expect(problem?.message).toBe(
      `${max + 1} references are used (1 of them cast members the prompt mentions); Kling takes at most ${max} images and elements together; an element counts once, its extra angles included.`
    )
    expect(problem?.fix).toBe('Deselect 1 of the frames, or drop cast members from this generation.')
  })

  it('keeps the angle limit per element: a selected frame hears the general rule, a cast member which angles to hide', () => {
    const max = CATALOG.endpoints['fal-ai/kling-image/o3/text-to-image'].maxElementAngles
    const urls = Array.from({ length: max + 1 }, (_, i) => `https://v3b.fal.media/${i}.jpg`)
    const selected = composeRequest({ references: [el('@Ines', { angleUrls: urls })], textLayers: [], settings: { ...settings, prompt: '@Ines' } })
    expect(!selected.ok && selected.errors.map((e) => e.message)).toEqual([`Element "@Ines" has ${max + 1} extra angles; Kling takes at most ${max}.`])
    const names = urls.map((_, i) => `angle ${i + 1}`)
    const cast = composeRequest({ references: [el('@Ines', { fromCast: true, angleUrls: urls, angleNames: names })], textLayers: [], settings: { ...settings, prompt: '@Ines' } })
    expect(!cast.ok && cast.errors).toEqual([
      {
        field: 'references',
        message: `Cast member @Ines has ${max + 1} angles (${names.join(', ')}); Kling takes at most ${max} with an element.`,
        fix: `Hide or remove angle ${max + 1} in the @Ines frame to send ${names.slice(0, -2).join(', ')} and angle ${max}, or drop @Ines from this generation.`
      }
    ])
    // Without the angles' names (a request composed outside the form), the count to trim stands in for them.
    const unnamed = composeRequest({ references: [el('@Ines', { fromCast: true, angleUrls: urls })], textLayers: [], settings: { ...settings, prompt: '@Ines' } })
    expect(!unnamed.ok && unnamed.errors[0]?.fix).toBe('Hide or remove 1 of the angle frames or image fills in the @Ines frame, or drop @Ines from this generation.')
  })
})
