import { describe, expect, it } from 'vitest'

import { CATALOG } from '../../src/kling/catalog'
import type { CastReference, SelectionSnapshot } from '../../src/messages'
import { castToLookUp, withCast } from '../../src/ui/form/cast-references'
import { chooseReferences, previewRequest } from '../../src/ui/form/preview'
import { DEFAULT_SETTINGS } from '../../src/ui/form/form-settings'

const empty: SelectionSnapshot = { version: 1, references: [], textLayers: [], panels: [], storyboards: [], ignored: [] }
const frame = (id: string, name: string) => ({ id, name, type: 'FRAME', width: 400, height: 500, defaultRole: 'element' as const, problems: [] })
const ines: CastReference = { ...frame('2:1', '@Ines'), fromCast: true, angles: [{ id: '2:2', name: 'angle 1' }, { id: '2:3', name: 'angle 2' }] }

describe('cast members in the form', () => {
  it('looks up the mentioned names no selected frame answers and none dropped', () => {
    const names = ['@Ines', '@Mara', '@Teo']
    expect(castToLookUp('@Ines and @Mara at the quay', names, empty, new Set())).toEqual(['ines', 'mara'])
    expect(castToLookUp('@Ines and @Mara at the quay', names, { ...empty, references: [frame('1:1', '@Mara')] }, new Set())).toEqual(['ines'])
    expect(castToLookUp('@Ines and @Mara at the quay', names, empty, new Set(['ines']))).toEqual(['mara'])
  })

  it('adds the members found after the selected frames, and sends their angles as the element\'s', () => {
    const selection = withCast({ ...empty, references: [frame('1:1', '@Mara')] }, new Map([['ines', ines]]), ['ines'])
    expect(selection.references.map((r) => r.name)).toEqual(['@Mara', '@Ines'])
    expect(chooseReferences(selection, new Map())[1]).toEqual({ id: '2:1', name: '@Ines', role: 'element', fromCast: true, angleIds: ['2:2', '2:3'] })
    // A selected `@` frame with angles sends them too, and is not marked as from the cast.
    const selected = { ...frame('1:1', '@Mara'), angles: [{ id: '1:2', name: 'angle 1' }] }
    expect(chooseReferences({ ...empty, references: [selected] }, new Map())[0]).toEqual({ id: '1:1', name: '@Mara', role: 'element', angleIds: ['1:2'] })
    // Switched to an image reference, it sends no angles.
    expect(chooseReferences(selection, new Map([['2:1', 'image']]))[1]).toEqual({ id: '2:1', name: '@Ines', role: 'image', fromCast: true })
  })

  it('previews a cast mention as an element with its angles, and a typo with the near name', () => {
    const selection = withCast(empty, new Map([['ines', ines]]), ['ines'])
    const p = previewRequest(selection, new Map(), { ...DEFAULT_SETTINGS, prompt: '@Ines on the pier' }, new Set(), { names: ['@Ines'], dropped: [] })
    expect(p.composition.ok && p.composition.request.input).toMatchObject({ elements: [{ reference_image_urls: [expect.any(String), expect.any(String)] }] })
    const typo = previewRequest(empty, new Map(), { ...DEFAULT_SETTINGS, prompt: '@Ins on the pier' }, new Set(), { names: ['@Ines'], dropped: [] })
    expect(typo.errors.prompt?.[0]?.fix).toMatch(/^Did you mean @Ines\?/)
  })

  it('says too many angles once: the general rule for a selected frame, the angles to hide for a cast member, nothing for an image', () => {
    const max = CATALOG.endpoints['fal-ai/kling-image/o3/text-to-image'].maxElementAngles
    const angles = Array.from({ length: max + 1 }, (_, i) => ({ id: `9:${i}`, name: `angle ${i + 1}` }))
    const said = (p: ReturnType<typeof previewRequest>) => [...p.frameProblems, ...Object.values(p.errors).flat()].map((e) => e.message)
    const selected = { ...empty, references: [{ ...frame('1:1', '@Mara'), angles }] }
    expect(said(previewRequest(selected, new Map(), { ...DEFAULT_SETTINGS, prompt: '@Mara at dawn' }))).toEqual([`Element "@Mara" has ${max + 1} extra angles; Kling takes at most ${max}.`])
    // Its fix names the angles to hide, as they are named in the frame.
    const fixes = (p: ReturnType<typeof previewRequest>) => [...p.frameProblems, ...Object.values(p.errors).flat()].map((e) => e.fix)
    expect(fixes(previewRequest(selected, new Map(), { ...DEFAULT_SETTINGS, prompt: '@Mara at dawn' }))).toEqual([
      expect.stringMatching(new RegExp(`^Hide or remove angle ${max + 1} in the "@Mara" frame to send angle 1, .*angle ${max} \\(`))
    ])
    const cast = withCast(empty, new Map([['ines', { ...ines, angles }]]), ['ines'])
    expect(said(previewRequest(cast, new Map(), { ...DEFAULT_SETTINGS, prompt: '@Ines at dawn' }))).toEqual([expect.stringMatching(new RegExp(`^Cast member @Ines has ${max + 1} angles \\(angle 1, .*\\); Kling takes at most ${max} with an element\\.$`))])
    expect(said(previewRequest(cast, new Map([['2:1', 'image']]), { ...DEFAULT_SETTINGS, prompt: '@Ines at dawn' }))).toEqual([])
  })
})
