import { describe, expect, it } from 'vitest'
import { composeRequest } from '../../src/kling/compose'
import { captionCase, patternShot, readShot, SHOT_PATTERNS, SHOT_TYPES, shotLabel, storedShot, switchPattern, withShot } from '../../src/kling/shots'

describe('readShot', () => {
  it.each([
    ['Wide: Mara walks to the pier.', 'Wide', 'Mara walks to the pier.'],
    ['WIDE: Mara walks.', 'Wide', 'Mara walks.'],
    ['Wide shot: Mara walks.', 'Wide', 'Mara walks.'],
    ['Wide shot, Mara walks.', 'Wide', 'Mara walks.'],
    ['Wide shot of an empty courtroom.', 'Wide', 'an empty courtroom.'],
    ['Medium: she turns.', 'Medium', 'she turns.'],
    ['Mid shot, she turns.', 'Medium', 'she turns.'],
    ['close up: her hand.', 'Close-up', 'her hand.'],
    ['Close-up of her hand.', 'Close-up', 'her hand.'],
    ['Closeup: her hand.', 'Close-up', 'her hand.'],
    ['ECU: the key in the lock.', 'Extreme close-up', 'the key in the lock.'],
    ['Extreme close-up, an eye.', 'Extreme close-up', 'an eye.'],
    ['Low angle: the tower.', 'Low angle', 'the tower.'],
    ['Low angle, a searchlight sweeps down.', 'Low angle', 'a searchlight sweeps down.'],
    ['High angle. The square empties.', 'High angle', 'The square empties.'],
    ['High-angle shot, the square.', 'High angle', 'the square.'],
    ['POV: the corridor ahead.', 'POV', 'the corridor ahead.'],
    ['Insert: the letter.', 'Insert', 'the letter.'],
    ['OTS: Mara faces Theo.', 'Over the shoulder', 'Mara faces Theo.'],
    ['Over the shoulder — Mara faces Theo.', 'Over the shoulder', 'Mara faces Theo.'],
    ['Establishing: the harbour at dawn.', 'Establishing', 'the harbour at dawn.'],
    ['Wide establishing shot, the harbour.', 'Establishing', 'the harbour.'],
    ['Close on @Mara as the beam sweeps across her face.', 'Close-up', '@Mara as the beam sweeps across her face.']
  ])('%s → %s', (beat, type, text) => {
    expect(readShot(beat)).toEqual({ shot: { type }, text })
  })

  it('every shot type Keyframe writes reads back as itself', () => {
    for (const type of SHOT_TYPES) expect(readShot(withShot('Mara turns.', type)).shot?.type).toBe(type)
  })

  it.each([
    'Wide, empty streets stretch to the sea.',
    'Insert the key into the lock.',
    'Medium heat rises from the road.',
    'Mara walks. Wide: the pier.',
    'Widescreen: the pier.',
    'POV looking up at the guards.',
    'Closer now, the boat turns.',
    'Close on.',
    ''
  ])('no shot in "%s"', (beat) => {
    expect(readShot(beat)).toEqual({ text: beat })
  })

  it('reads a lens written with the shot or anywhere in the beat, as "24 mm"', () => {
    expect(readShot('Wide 24mm: the pier.')).toEqual({ shot: { type: 'Wide', lens: '24 mm' }, text: 'the pier.' })
    expect(readShot('Wide shot, 24 mm lens, the pier.')).toEqual({ shot: { type: 'Wide', lens: '24 mm' }, text: 'the pier.' })
    expect(readShot('Close-up: her eyes, 85 mm lens.')).toEqual({ shot: { type: 'Close-up', lens: '85 mm' }, text: 'her eyes, 85 mm lens.' })
  })

  it('a film format is not a lens, and a lens alone is not a shot', () => {
    expect(readShot('Wide: the pier, shot on 35mm film.').shot).toEqual({ type: 'Wide' })
    expect(readShot('24mm lens, the pier.')).toEqual({ text: '24mm lens, the pier.' })
  })
})

describe("the designer's words keep their case", () => {
  it('a shot chosen or removed changes only the shot', () => {
    expect(withShot('Close-up: iPhone glows', 'Medium')).toBe('Medium shot, iPhone glows')
    expect(withShot('Close-up: eBay box', undefined)).toBe('eBay box')
    expect(withShot('Close-up: her hand', undefined)).toBe('Her hand')
    expect(withShot('Wide 24mm: the pier.', undefined)).toBe('24 mm lens, the pier.')
  })

  it('captions capitalise only a first word written all in small letters', () => {
    expect(captionCase('her hand.')).toBe('Her hand.')
    expect(captionCase("don't look.")).toBe("Don't look.")
    for (const text of ['iPhone glows', 'eBay box', '@mara runs', '24 mm lens', 'Mara walks', '']) expect(captionCase(text)).toBe(text)
  })

  it('a caption built from a beat keeps "iPhone" and capitalises "the"', () => {
    const base = { model: 'o3', resolution: '1K', aspectRatio: '16:9', format: 'png' } as const
    const c = composeRequest({
      references: [],
      textLayers: [],
      settings: { ...base, output: 'series', prompt: 'Panel 1: Close-up: iPhone glows on the desk. Panel 2: Wide: the office empties.' }
    })
    if (!c.ok) throw new Error(JSON.stringify(c.errors))
    expect(c.request.panels.map((p) => p.caption)).toEqual(['iPhone glows on the desk.', 'The office empties.'])
  })
})

describe('shotLabel and withShot', () => {
  it('labels a shot with its lens', () => {
    expect(shotLabel({ type: 'Wide', lens: '24 mm' })).toBe('Wide · 24 mm')
    expect(shotLabel({ type: 'POV' })).toBe('POV')
  })

  it('writes the shot the way the guide names it, replacing the old one and keeping a lens', () => {
    expect(withShot('Mara turns.', 'Medium')).toBe('Medium shot, Mara turns.')
    expect(withShot('The door opens.', 'Close-up')).toBe('Close-up, the door opens.')
    expect(withShot('Wide: Mara turns.', 'Over the shoulder')).toBe('Over-the-shoulder shot, Mara turns.')
    expect(withShot('Wide 24mm: Mara turns.', 'Medium')).toBe('Medium shot, 24 mm lens, Mara turns.')
    expect(withShot('Close-up: her eyes, 85mm.', 'Insert')).toBe('Insert shot, her eyes, 85mm.')
  })

  it('removes a shot, keeping the beat and a lens written with it', () => {
    expect(withShot('Wide: Mara turns.', undefined)).toBe('Mara turns.')
    expect(withShot('Medium shot, the door opens.', undefined)).toBe('The door opens.')
    expect(withShot('Wide 24mm: Mara turns.', undefined)).toBe('24 mm lens, Mara turns.')
    expect(withShot('Mara turns.', undefined)).toBe('Mara turns.')
  })
})

describe('storedShot (plugin data anyone can edit)', () => {
  it('reads a shot Keyframe wrote; an old record without one, or a damaged one, is no shot', () => {
    expect(storedShot({ type: 'Wide', lens: '24 mm' })).toEqual({ type: 'Wide', lens: '24 mm' })
    expect(storedShot({ type: 'POV', lens: 35 })).toEqual({ type: 'POV' })
    for (const bad of [undefined, null, 'Wide', { type: 'Dolly zoom' }, { lens: '24 mm' }, []]) expect(storedShot(bad)).toBeUndefined()
  })
})

describe('shot patterns', () => {
  const [establishing, wideInsert] = SHOT_PATTERNS
  if (!establishing || !wideInsert) throw new Error('patterns missing')

  it('longer series keep the last shot of the pattern', () => {
    expect([0, 1, 2, 3, 4].map((i) => patternShot(establishing, i))).toEqual(['Establishing', 'Medium', 'Close-up', 'Close-up', 'Close-up'])
  })

  it('gives beats without a shot the pattern’s, keeps a written one', () => {
    const beats = ['The harbour at dawn.', 'Insert: the ticket.', 'Mara boards.', 'She looks back.']
    expect(switchPattern(beats, undefined, establishing)).toEqual([
      'Establishing shot, the harbour at dawn.',
      'Insert: the ticket.',
      'Close-up, Mara boards.',
      'Close-up, she looks back.'
    ])
  })

  it('switching patterns replaces the old pattern’s shots only; none clears them', () => {
    const beats = ['The harbour.', 'Insert: the ticket.', 'Mara boards.']
    const once = switchPattern(beats, undefined, establishing)
    expect(switchPattern(once, establishing, wideInsert)).toEqual(['Wide shot, the harbour.', 'Insert: the ticket.', 'Close-up, Mara boards.'])
    expect(switchPattern(once, establishing, undefined)).toEqual(['The harbour.', 'Insert: the ticket.', 'Mara boards.'])
  })

  it('a written shot that equals the old pattern’s is taken for the pattern’s (the prompt cannot tell them apart)', () => {
    const written = ['Establishing: the harbour.', 'Medium: Mara waits.']
    expect(switchPattern(written, establishing, wideInsert)).toEqual(['Wide shot, the harbour.', 'Medium shot, Mara waits.'])
  })
})

describe('panels carry their shot', () => {
  const base = { model: 'o3', resolution: '1K', aspectRatio: '16:9', format: 'png' } as const

  it('a series panel takes its beat’s shot; the caption is the beat without it', () => {
    const c = composeRequest({
      references: [],
      textLayers: [],
      settings: { ...base, output: 'series', prompt: 'Ink wash. Panel 1: Wide 24mm: Mara walks. Panel 2: Close-up: her hand. Panel 3: The gate shuts.' }
    })
    if (!c.ok) throw new Error(JSON.stringify(c.errors))
    expect(c.request.panels).toEqual([
      { number: 1, caption: 'Mara walks.', shot: { type: 'Wide', lens: '24 mm' } },
      { number: 2, caption: 'Her hand.', shot: { type: 'Close-up' } },
      { number: 3, caption: 'The gate shuts.' }
    ])
  })

  it('a single image and variations take the shot the prompt starts with', () => {
    const single = composeRequest({ references: [], textLayers: [], settings: { ...base, output: 'single', prompt: 'Low angle: the tower at night.' } })
    const variations = composeRequest({ references: [], textLayers: [], settings: { ...base, output: 'variations', count: 2, prompt: 'The tower, Low angle: at night.' } })
    if (!single.ok || !variations.ok) throw new Error('did not compose')
    expect(single.request.panels).toEqual([{ number: 1, shot: { type: 'Low angle' } }])
    // Old behaviour where there is no shot: panels with a number only.
    expect(variations.request.panels).toEqual([{ number: 1 }, { number: 2 }])
  })

  it('a beat that is only a shot has the shot and no caption', () => {
    const c = composeRequest({ references: [], textLayers: [], settings: { ...base, output: 'series', prompt: 'Panel 1: Wide shot. Panel 2: The gate.' } })
    if (!c.ok) throw new Error('did not compose')
    expect(c.request.panels).toEqual([{ number: 1, shot: { type: 'Wide' } }, { number: 2, caption: 'The gate.' }])
  })
})
