// A panel's image pinned with "Use as reference" joins the preview's references whatever is selected.
import { describe, expect, it } from 'vitest'

import type { ReferenceSummary, SelectionSnapshot } from '../../src/messages'
import { previewRequest } from '../../src/ui/form/preview'
import { DEFAULT_SETTINGS } from '../../src/ui/form/form-settings'
import { pinReference, unpinReference, withPinned } from '../../src/ui/form/pinned-references'

const panelImage: ReferenceSummary = { id: '9:3', name: 'Panel 1 image', type: 'RECTANGLE', width: 1024, height: 576, defaultRole: 'image', problems: [] }
const frame: ReferenceSummary = { id: '2:1', name: 'Harbour', type: 'FRAME', width: 800, height: 600, defaultRole: 'image', problems: [] }
const EMPTY_SELECTION: SelectionSnapshot = { version: 1, references: [], textLayers: [], panels: [], storyboards: [], ignored: [] }
const beat = { id: '3:1', name: 'Beat', text: 'Mara at dusk.', x: 0, y: 0, width: 200, height: 20 }

describe('pinned references', () => {
  it('a pinned image is a reference with only a text layer selected: the request is image-to-image', () => {
    const selection: SelectionSnapshot = { ...EMPTY_SELECTION, textLayers: [beat] }
    expect(previewRequest(selection, new Map(), DEFAULT_SETTINGS).mode).toBe('text-to-image')
    const preview = previewRequest(withPinned(selection, [panelImage]), new Map(), DEFAULT_SETTINGS)
    expect(preview.mode).toBe('image-to-image')
    expect(preview.references).toEqual([{ id: '9:3', name: 'Panel 1 image', role: 'image' }])
    expect(preview.canGenerate).toBe(true)
    if (!preview.composition.ok) throw new Error('expected a request')
    expect(preview.composition.request.endpoint).toBe('fal-ai/kling-image/o3/image-to-image')
    expect(preview.composition.request.input).toMatchObject({ image_urls: ['https://keyframe.invalid/reference/9%3A3'] })
  })

  it('comes after the selected frames and is not listed twice when also selected', () => {
    const selection: SelectionSnapshot = { ...EMPTY_SELECTION, references: [frame] }
    expect(withPinned(selection, [panelImage]).references.map((r) => r.id)).toEqual(['2:1', '9:3'])
    const both: SelectionSnapshot = { ...EMPTY_SELECTION, references: [panelImage, frame] }
    expect(withPinned(both, [panelImage]).references.map((r) => r.id)).toEqual(['9:3', '2:1'])
  })

  it("its problems block Generate as a selected frame's do", () => {
    const small = { ...panelImage, problems: [{ reason: 'too-small' as const, message: '"Panel 1 image" is 280×158 px.', fix: 'Resize it.' }] }
    const preview = previewRequest(withPinned({ ...EMPTY_SELECTION, textLayers: [beat] }, [small]), new Map(), DEFAULT_SETTINGS)
    expect(preview.canGenerate).toBe(false)
    expect(preview.frameProblems[0]?.message).toBe('"Panel 1 image" is 280×158 px.')
  })

  it('pinning twice keeps one entry (refreshed); removing takes it out of the preview', () => {
    const pinned = pinReference(pinReference([], panelImage), { ...panelImage, width: 2048 })
    expect(pinned).toEqual([{ ...panelImage, width: 2048 }])
    const after = unpinReference(pinned, '9:3')
    expect(after).toEqual([])
    const preview = previewRequest(withPinned({ ...EMPTY_SELECTION, textLayers: [beat] }, after), new Map(), DEFAULT_SETTINGS)
    expect(preview.references).toEqual([])
    expect(preview.mode).toBe('text-to-image')
  })
})
