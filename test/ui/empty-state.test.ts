// The calm start: no error until the designer selects or types something, or tries to generate.
import { describe, expect, it } from 'vitest'

import type { ReferenceSummary } from '../../src/messages'
import { isEmptyStart } from '../../src/ui/form/empty-state'
import { DEFAULT_SETTINGS } from '../../src/ui/form/form-settings'
import { previewRequest } from '../../src/ui/form/preview'

const nothing = { version: 1, references: [], textLayers: [], panels: [], storyboards: [], ignored: [] }
const frame: ReferenceSummary = { id: '1:2', name: 'Harbour', type: 'FRAME', width: 1024, height: 1024, defaultRole: 'image', problems: [] }

describe('empty start', () => {
  it('with nothing selected or typed the panel is calm, though the composer has an error ready', () => {
    expect(previewRequest(nothing, new Map(), DEFAULT_SETTINGS).errors.prompt?.[0]?.message).toBe('There is no prompt.')
    expect(isEmptyStart(nothing, undefined, false)).toBe(true)
    // A prompt typed and cleared again is still nothing typed.
    expect(isEmptyStart(nothing, '  ', false)).toBe(true)
  })

  it('is over once Generate was tried, something is selected, or a prompt is typed', () => {
    expect(isEmptyStart(nothing, undefined, true)).toBe(false)
    expect(isEmptyStart({ ...nothing, references: [frame] }, undefined, false)).toBe(false)
    expect(isEmptyStart({ ...nothing, textLayers: [{ id: '1:3', name: 'Beat', characters: 'Rain' }] as never }, undefined, false)).toBe(false)
    expect(isEmptyStart(nothing, 'Mara on the night ferry', false)).toBe(false)
  })
})
