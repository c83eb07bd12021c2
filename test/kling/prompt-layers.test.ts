import { describe, expect, it } from 'vitest'

import { insertPhrasing, LAYER_PHRASINGS, PROMPT_LAYERS, promptLayers } from '../../src/kling/prompt-layers'

const covers = (prompt: string) => [...promptLayers(prompt)].sort()

describe('promptLayers', () => {
  it('finds each layer from the guide’s own vocabulary', () => {
    expect(covers('Extreme close-up, 100mm macro lens')).toContain('shot')
    expect(covers('Medium shot, f/1.4')).toContain('shot')
    expect(covers('taken at 35 mm')).toEqual(['shot'])
    expect(covers("Overhead bird's eye view")).toContain('shot')
    expect(covers('Dutch angle')).toEqual(['shot'])
    expect(covers('a detective in a trench coat')).toContain('subject')
    expect(covers('@Mara')).toEqual(['subject'])
    expect(covers('a 30-year-old')).toEqual(['subject'])
    expect(covers('Mid-stride')).toEqual(['action'])
    expect(covers('arms crossed')).toEqual(['action'])
    expect(covers('Leaning against the doorframe')).toContain('action')
    expect(covers('exposed brick walls')).toEqual(['environment'])
    expect(covers('1970s New York subway platform')).toEqual(['environment'])
    expect(covers('exterior')).toEqual(['environment'])
    expect(covers('Golden hour sidelight')).toContain('lighting')
    expect(covers('Warm tungsten 3200K')).toContain('lighting')
    expect(covers('at 5600 K')).toEqual(['lighting'])
    expect(covers('Candlelight only')).toEqual(['lighting'])
    expect(covers('neon')).toEqual(['lighting'])
    expect(covers('an eerie mood')).toEqual(['lighting'])
  })

  it('a full five-layer prompt covers all five', () => {
    expect(covers('Low angle, 35mm lens. A soldier in a torn coat, kneeling in the rain on a cobblestone street, lit by neon at night.')).toEqual(
      [...PROMPT_LAYERS].sort()
    )
  })

  it('matches whole words only', () => {
    expect(covers('lighthouse')).toEqual(['environment'])
    expect(covers('delighted')).toEqual([])
    expect(covers('the theme')).toEqual([])
    expect(covers('seaside'.replace('side', 'son'))).toEqual([]) // "season" is not "sea"
    expect(covers('5 mm')).toEqual([]) // too short to be a focal length
    expect(covers('1200 km')).toEqual([])
  })

  it("takes a beat's own verbs for its action, as designers write beats", () => {
    // Beats as the starter document and a designer write them: the action is a plain verb, not "-ing".
    expect(covers('She scans the crowd; an old fisherman nods towards her.')).toContain('action')
    expect(covers('@Mara steps off the ferry')).toContain('action')
    expect(covers('Close-up: @Mara grips the lamp')).toContain('action')
    expect(covers('two guests share a look across the table')).toContain('action')
    expect(covers('the potter at work in her own workshop')).toEqual(['action', 'environment'])
    expect(covers('the lighthouse beam')).toEqual(['environment', 'lighting'])
  })

  it('does not take nouns ending in -ing for actions', () => {
    expect(covers('three-point studio lighting')).toEqual(['lighting'])
    expect(covers('a tall building')).toEqual([])
    expect(covers('a wedding')).toEqual([])
    expect(covers('running')).toEqual(['action'])
  })

  it('judges a series whole: the Style line and the beats', () => {
    const prompt = 'Ink wash, dusk. Panel 1: Wide shot of a harbour. Panel 2: A sailor coiling rope.'
    expect(covers(prompt)).toEqual(['action', 'environment', 'lighting', 'shot', 'subject'])
  })

  it('every phrasing offered for a layer is detected as that layer', () => {
    for (const layer of PROMPT_LAYERS) {
      for (const phrasing of LAYER_PHRASINGS[layer]) expect(promptLayers(phrasing), phrasing).toContain(layer)
    }
  })
})

describe('insertPhrasing', () => {
  it('appends as its own sentence when there is no caret', () => {
    expect(insertPhrasing('A fox on a wall', 'Golden hour sidelight').text).toBe('A fox on a wall. Golden hour sidelight.')
    expect(insertPhrasing('A fox on a wall.  ', 'golden hour').text).toBe('A fox on a wall. Golden hour.')
    expect(insertPhrasing('', 'golden hour').text).toBe('Golden hour.')
  })

  it('inserts at the caret, joined with commas, keeping every character around it', () => {
    const prompt = 'A fox on a wall, rain falling'
    const caret = 'A fox on a wall'.length
    const { text, caret: after } = insertPhrasing(prompt, 'Golden hour sidelight', caret)
    expect(text).toBe('A fox on a wall, golden hour sidelight, rain falling')
    expect(text.slice(0, after)).toBe('A fox on a wall, golden hour sidelight')
    expect(insertPhrasing('A fox', 'Low angle', 0).text).toBe('Low angle. A fox')
    expect(insertPhrasing('A fox', 'Low angle', 5).text).toBe('A fox, low angle')
    expect(insertPhrasing('A fox. ', 'Low angle', 7).text).toBe('A fox. Low angle')
    expect(insertPhrasing('A sailor waits', 'Low angle', 5).text).toBe('A sailor, low angle, waits')
  })

  it('never splits an @ mention or a quoted title: the caret moves past them', () => {
    expect(insertPhrasing('@Mara walks', 'Low angle', 1).text).toBe('@Mara, low angle, walks')
    expect(insertPhrasing('@Mara walks', 'Low angle', 3).text).toBe('@Mara, low angle, walks')
    expect(insertPhrasing('A fox. @Image1', 'Low angle', 8).text).toBe('A fox. @Image1, low angle')
    expect(insertPhrasing("The title 'NIGHT FERRY' at the top", 'Low angle', 16).text).toBe("The title 'NIGHT FERRY', low angle, at the top")
    expect(insertPhrasing('The tagline “GO” here', 'Dusk', 13).text).toBe('The tagline “GO”, dusk, here')
    // Right before the opening quote is outside it: the phrasing goes there.
    expect(insertPhrasing("The title 'NIGHT FERRY'", 'Dusk', 10).text).toBe("The title, dusk, 'NIGHT FERRY'")
  })

  it('puts a series phrasing at the end of the Style line, before Panel 1', () => {
    const prompt = 'Ink wash. Panel 1: A harbour. Panel 2: A boat.'
    expect(insertPhrasing(prompt, 'Cool overcast daylight', 3).text).toBe('Ink wash. Cool overcast daylight. Panel 1: A harbour. Panel 2: A boat.')
    expect(insertPhrasing('Panel 1: A harbour.', 'Dusk').text).toBe('Dusk. Panel 1: A harbour.')
    expect(insertPhrasing("The title 'Ferry Panel 1: Origins'. Panel 1: A harbour.", 'Dusk').text).toBe(
      "The title 'Ferry Panel 1: Origins'. Dusk. Panel 1: A harbour."
    )
  })
})
