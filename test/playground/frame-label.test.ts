// Frame name labels on the playground's canvas, cut to the frame's width as Figma cuts them.
import { describe, expect, it } from 'vitest'

import { ELLIPSIS, fitLabel } from '../../src/playground/page/frame-label'

// Every character 6 units wide: easy to reason about, and monotonic like a real font.
const measure = (text: string): number => Array.from(text).length * 6

describe('fitLabel', () => {
  it('keeps a name that fits whole', () => {
    expect(fitLabel('Poster layout', 13 * 6, measure)).toBe('Poster layout')
  })

  it('cuts a long section name with an ellipsis so it stays within the frame', () => {
    const name = 'Storyboard · Mara steps off the night ferry onto the wet stone quay'
    const label = fitLabel(name, 120, measure)
    expect(label.endsWith(ELLIPSIS)).toBe(true)
    expect(measure(label)).toBeLessThanOrEqual(120)
    // The longest start that fits: one more character would not.
    expect(label).toBe('Storyboard · Mara s…')
    expect(name.startsWith(label.slice(0, -1))).toBe(true)
  })

  it('drops a trailing space before the ellipsis', () => {
    expect(fitLabel('Image · She scans', 9 * 6, measure)).toBe('Image ·…')
  })

  it('shows only the ellipsis, or nothing, in a frame too narrow for a character', () => {
    expect(fitLabel('Panel', 7, measure)).toBe(ELLIPSIS)
    expect(fitLabel('Panel', 3, measure)).toBe('')
  })
})
