import { describe, expect, it } from 'vitest'

import { numberedName, sectionTitle, withoutMentions } from '../../src/kling/section-title'

const STYLE = 'Cinematic storyboard frame, muted teal and amber palette.'

describe('section names', () => {
  it('a series is a Storyboard named after its first beat, never its Style line', () => {
    const prompt = `${STYLE} Panel 1: @Mara steps off the ferry. Panel 2: She scans the crowd.`
    expect(sectionTitle({ output: 'series', prompt, style: STYLE })).toBe('Storyboard · Mara steps off the ferry')
  })

  it('a single image or variations say so, titled from the prompt after the Style line', () => {
    expect(sectionTitle({ output: 'single', prompt: `${STYLE} Mara at the rail.`, style: STYLE })).toBe('Image · Mara at the rail')
    // A shot it opens with ("Close on" is a close-up) is the panel's shot line, not the name.
    expect(sectionTitle({ output: 'single', prompt: `${STYLE} Close on @Mara.`, style: STYLE })).toBe('Image · Mara')
    expect(sectionTitle({ output: 'variations', prompt: `${STYLE} A lighthouse at dusk.`, style: STYLE })).toBe('Variations · A lighthouse at dusk')
  })

  it('a prompt edited so it no longer starts with the Style line is titled from its start', () => {
    expect(sectionTitle({ output: 'single', prompt: 'Harbour lamps in fog', style: STYLE })).toBe('Image · Harbour lamps in fog')
  })

  it('keeps the mentioned name without its @, and names canonical tokens by their frame', () => {
    expect(sectionTitle({ output: 'single', prompt: '@Mara and @Element2 at @Image1', names: { Element2: '@Jon', Image1: 'Harbour' } })).toBe(
      'Image · Mara and Jon at Harbour'
    )
    expect(withoutMentions('mail a@b.com, meet @Mara.')).toBe('mail a@b.com, meet Mara.')
  })

  it('a long title is cut at a word with an ellipsis; an empty one is just the kind', () => {
    const title = sectionTitle({ output: 'series', prompt: 'Panel 1: Wide shot: Mara walks the long pier alone towards the lighthouse as the last light fades.' })
    // The beat's shot ("Wide shot:") is the panel's metadata, not what the section shows.
    expect(title).toBe('Storyboard · Mara walks the long pier alone towards the…')
    expect(sectionTitle({ output: 'single', prompt: 'She scans the crowd under the harbour lamps; an old fisherman nods.' })).toBe(
      'Image · She scans the crowd under the harbour lamps…'
    )
    expect(sectionTitle({ output: 'single', prompt: `${STYLE}`, style: STYLE })).toBe('Image')
  })

  it('a name that repeats on the page is numbered', () => {
    expect(numberedName('Image · Mara', ['Other'])).toBe('Image · Mara')
    expect(numberedName('Image · Mara', ['Image · Mara'])).toBe('Image · Mara (2)')
    expect(numberedName('Image · Mara', ['Image · Mara', 'Image · Mara (2)'])).toBe('Image · Mara (3)')
  })
})
