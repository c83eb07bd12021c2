import { describe, expect, it } from 'vitest'

import { applyCompletion, completionOptions, completionQuery } from '../../src/ui/form/completion'

const refs = [
  { name: '@Mara', role: 'element' as const },
  { name: 'Harbour at dusk', role: 'image' as const },
  { name: 'Market', role: 'image' as const }
]

describe('@ completion', () => {
  it('opens after an @ at the start or after a space, with what was typed', () => {
    expect(completionQuery('@', 1)).toEqual({ start: 0, typed: '' })
    expect(completionQuery('A shot of @Ma', 13)).toEqual({ start: 10, typed: 'Ma' })
  })

  it('stays closed inside e-mail addresses, after the caret moved on, or without an @', () => {
    expect(completionQuery('mail me@Ma', 10)).toBeNull()
    expect(completionQuery('@Mara walks', 11)).toBeNull()
    expect(completionQuery('no token here', 5)).toBeNull()
  })

  it('offers each reference once, by the name the designer knows, with its canonical token as the detail', () => {
    expect(completionOptions(refs, '')).toEqual([
      { insert: 'Mara', label: '@Mara', detail: 'Element1' },
      { insert: 'Harbour at dusk', label: '@Harbour at dusk', detail: 'Image1' },
      { insert: 'Market', label: '@Market', detail: 'Image2' }
    ])
    expect(completionOptions(refs, 'ma').map((o) => o.label)).toEqual(['@Mara', '@Market'])
    expect(completionOptions(refs, 'zz')).toEqual([])
  })

  it('finds a reference by its canonical token too, and still offers its name', () => {
    expect(completionOptions(refs, 'Image2')).toEqual([{ insert: 'Market', label: '@Market', detail: 'Image2' }])
    expect(completionOptions(refs, 'elem')).toEqual([{ insert: 'Mara', label: '@Mara', detail: 'Element1' }])
  })

  it('offers the canonical token alone for a reference whose name is only @', () => {
    expect(completionOptions([{ name: '@', role: 'element' }], '')).toEqual([{ insert: 'Element1', label: '@Element1' }])
  })

  it('replaces the open token and puts the caret after it', () => {
    const text = 'Portrait of @Ma in the rain'
    const query = completionQuery(text, 15)
    expect(query).not.toBeNull()
    const result = applyCompletion(text, query!, { insert: 'Mara', label: '@Mara' })
    expect(result.text).toBe('Portrait of @Mara in the rain')
    expect(result.caret).toBe('Portrait of @Mara'.length) // before the space that was already there
  })

  it('adds a space when the token ends the text', () => {
    const result = applyCompletion('With @', { start: 5, typed: '' }, { insert: 'Image1', label: '@Image1' })
    expect(result).toEqual({ text: 'With @Image1 ', caret: 13 })
  })
})
