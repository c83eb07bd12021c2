// A starting point laid over the form and fitted as a preset is: its settings and count win, its prompt is
// an edited one, and what the mode cannot take is changed with a note, never silently.
import { describe, expect, it } from 'vitest'

import { startingPoint, type StartingPoint } from '../../src/kling/starting-points'
import { DEFAULT_SETTINGS, type FormSettings } from '../../src/ui/form/form-settings'
import { fitWithNotes } from '../../src/ui/form/option-availability'
import { settingsBeforeStart, startingPointChange, stillFromStart } from '../../src/ui/form/starting-point-change'

const point = (name: string) => startingPoint(name) as StartingPoint
const v3Variations: FormSettings = { ...DEFAULT_SETTINGS, model: 'v3', output: 'variations', count: 2, resolution: '1K', prompt: 'typed' }

describe('startingPointChange', () => {
  it('from V3 variations, "Storyboard series" makes an O3 series of 4 with @Mara in the prompt, and nothing to note', () => {
    const change = startingPointChange(v3Variations, point('Storyboard series'), [{ name: '@Mara', role: 'element' }])
    const { settings, notes } = fitWithNotes({ ...v3Variations, ...change }, 'text-to-image')
    expect(settings).toMatchObject({ model: 'o3', output: 'series', count: 4, resolution: '2K', aspectRatio: '16:9', format: 'png' })
    expect(settings.prompt).toContain('Panel 1: Wide shot, @Mara sprints')
    expect(notes).toEqual([])
  })

  it('a single image drops the count the form had', () => {
    const change = startingPointChange(v3Variations, point('Horror key art'), [])
    expect(fitWithNotes({ ...v3Variations, ...change }, 'text-to-image').settings).toMatchObject({ output: 'single', count: undefined })
  })

  it('"Style transfer" keeps Auto with image references, and without them changes it with a note', () => {
    const images = [{ name: 'Harbour', role: 'image' as const }, { name: 'Mood', role: 'image' as const }]
    const withImages = fitWithNotes({ ...DEFAULT_SETTINGS, ...startingPointChange(DEFAULT_SETTINGS, point('Style transfer'), images) }, 'image-to-image')
    expect(withImages.settings.aspectRatio).toBe('auto')
    expect(withImages.settings.prompt).toMatch(/^Restyle @Harbour with .* of @Mood\./)
    expect(withImages.notes).toEqual([])

    const without = fitWithNotes({ ...DEFAULT_SETTINGS, ...startingPointChange(DEFAULT_SETTINGS, point('Style transfer'), []) }, 'text-to-image')
    expect(without.settings.aspectRatio).not.toBe('auto')
    expect(without.notes.map((n) => n.field)).toEqual(['aspectRatio'])
    expect(without.notes[0]!.message).toContain('Auto')
  })
})

describe('settingsBeforeStart: what Undo brings back', () => {
  const own: FormSettings = { ...DEFAULT_SETTINGS, prompt: 'my own harbour at dawn' }

  it('after a second starting point, the form from before the first, not the first point', () => {
    const first = startingPointChange(own, point('Film noir still'), [])
    const afterFirst: FormSettings = { ...own, ...first }
    const last = { prompt: first.prompt ?? '', before: settingsBeforeStart(own, null) }
    expect(settingsBeforeStart(afterFirst, last)).toBe(own)
  })

  it('once the designer has edited the starting point, that edit is theirs to come back to', () => {
    const first = startingPointChange(own, point('Film noir still'), [])
    const edited: FormSettings = { ...own, ...first, prompt: `${first.prompt ?? ''} Rain.` }
    expect(settingsBeforeStart(edited, { prompt: first.prompt ?? '', before: own })).toBe(edited)
  })

  it('with no starting point before, the form as it is', () => {
    expect(settingsBeforeStart(own, null)).toBe(own)
  })
})

describe('stillFromStart: whether the note is still about the prompt', () => {
  const started = 'Storyboard frames drawn as clean ink line art. Panel 1: Wide shot, @Mara runs.'
  it('keeps it through edits further on', () => {
    expect(stillFromStart(started, started)).toBe(true)
    expect(stillFromStart(started.replace('@Mara runs', '@Theo falls'), started)).toBe(true)
  })
  it('drops it once the designer cleared the prompt and wrote their own', () => {
    expect(stillFromStart('A lighthouse at dusk, fog.', started)).toBe(false)
    expect(stillFromStart('', started)).toBe(false)
  })
})
