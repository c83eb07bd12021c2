// @vitest-environment happy-dom
// A preset or a file's remembered settings go through the same fitting as the designer's own choices: what
// the model or mode cannot take is changed with a note, never silently (review of #15).
import { act, renderHook } from '@testing-library/preact'
import { describe, expect, test } from 'vitest'

import { choicesAsChange } from '../../src/ui/form/remembered-settings'
import { useFittedSettings } from '../../src/ui/use-fitted-settings'

describe('presets and remembered settings are fitted with notes', () => {
  test('a saved preset asking V3 for a series says what it changed', () => {
    const { result } = renderHook(() => useFittedSettings())
    act(() => result.current.update(choicesAsChange(result.current.settings, { model: 'v3', output: 'series', resolution: '4K' }), 'text-to-image'))
    expect(result.current.settings).toMatchObject({ model: 'v3', output: 'variations', resolution: '2K' })
    expect(result.current.notes.map((n) => n.message)).toEqual(['V3 has no Series: changed to Variations ×4.', 'V3 has no 4K: changed to 2K.'])
  })

  test('a remembered Auto aspect ratio, reopened with nothing selected, is named as changed', () => {
    const { result } = renderHook(() => useFittedSettings())
    act(() => result.current.update(choicesAsChange(result.current.settings, { model: 'o3', aspectRatio: 'auto' }), 'text-to-image'))
    expect(result.current.settings.aspectRatio).toBe('16:9')
    expect(result.current.notes.map((n) => n.field)).toEqual(['aspectRatio'])
  })
})
