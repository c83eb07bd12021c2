// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact'
import { h } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'

import type { SelectionSnapshot } from '../../src/messages'
import { GenerateForm } from '../../src/ui/components/generate-form'
import { DEFAULT_SETTINGS, type FormSettings } from '../../src/ui/form/form-settings'
import { previewRequest } from '../../src/ui/form/preview'
import { useFittedSettings } from '../../src/ui/use-fitted-settings'

afterEach(cleanup)

const beats: SelectionSnapshot = {
  version: 1,
  references: [],
  panels: [],
  storyboards: [],
  ignored: [],
  textLayers: ['Mara steps off the ferry', 'She crosses the market', 'A stranger follows'].map((t, i) => ({
    id: `t${i}`,
    name: `Beat ${i + 1}`,
    text: t,
    x: 0,
    y: i * 100,
    width: 300,
    height: 40
  }))
}

function renderForm(settings: FormSettings, selection = beats) {
  const changes: Partial<FormSettings>[] = []
  render(<GenerateForm settings={settings} preview={previewRequest(selection, new Map(), settings)} onChange={(c) => changes.push(c)} />)
  return changes
}

const radios = (group: string) => within(screen.getByRole('radiogroup', { name: group })).getAllByRole('radio')

describe('the generation form', () => {
  it('names every control by its visible label', () => {
    renderForm({ ...DEFAULT_SETTINGS, model: 'v3', output: 'variations' })
    for (const name of ['Model', 'Output', 'Resolution', 'Format']) expect(screen.getByRole('radiogroup', { name })).toBeTruthy()
    expect(screen.getByRole('textbox', { name: 'Count' })).toBeTruthy()
    expect(screen.getByRole('textbox', { name: 'Negative prompt' })).toBeTruthy()
    expect(screen.getByRole('combobox', { name: 'Aspect ratio' })).toBeTruthy()
  })

  it('O3 offers Series and 4K; V3 shows them disabled, with the reason', () => {
    const enabled = (group: string) => radios(group).filter((r) => !(r as HTMLInputElement).disabled).map((r) => (r as HTMLInputElement).value)
    renderForm({ ...DEFAULT_SETTINGS, model: 'o3' })
    expect(enabled('Output')).toEqual(['single', 'variations', 'series'])
    expect(enabled('Resolution')).toEqual(['1K', '2K', '4K'])
    expect(screen.queryByText(/needs O3/)).toBeNull()
    cleanup()
    renderForm({ ...DEFAULT_SETTINGS, model: 'v3' })
    expect(radios('Output').map((r) => (r as HTMLInputElement).value)).toEqual(['single', 'variations', 'series'])
    expect(enabled('Output')).toEqual(['single', 'variations'])
    expect(enabled('Resolution')).toEqual(['1K', '2K'])
    expect(screen.getByText('Series needs O3.')).toBeTruthy()
    expect(screen.getByText('4K needs O3.')).toBeTruthy()
  })

  it('Count is shown for a series, defaulting to one panel per beat, and hidden for a single image', () => {
    renderForm({ ...DEFAULT_SETTINGS, output: 'series' })
    expect((screen.getByLabelText('Count') as HTMLInputElement).value).toBe('3')
    cleanup()
    renderForm({ ...DEFAULT_SETTINGS, output: 'single' })
    expect(screen.queryByLabelText('Count')).toBeNull()
  })

  it('shows a count error next to Count and reports changes', () => {
    const changes = renderForm({ ...DEFAULT_SETTINGS, output: 'variations', count: 12 })
    const count = screen.getByLabelText('Count')
    const messages = document.getElementById(count.getAttribute('aria-describedby') ?? '')
    expect(messages?.textContent).toContain('Variations makes 2 to 9 images per request; Count is 12.')
    fireEvent.click(within(screen.getByRole('radiogroup', { name: 'Model' })).getByRole('radio', { name: 'V3' }))
    expect(changes).toContainEqual({ model: 'v3' })
  })

  it('offers a negative prompt only on V3 text-to-image', () => {
    renderForm({ ...DEFAULT_SETTINGS, model: 'v3' })
    expect(screen.getByLabelText('Negative prompt')).toBeTruthy()
    cleanup()
    renderForm({ ...DEFAULT_SETTINGS, model: 'o3' })
    expect(screen.queryByLabelText('Negative prompt')).toBeNull()
  })

  it('a negative prompt left over when a reference makes it image-to-image stays in view with its problem, to be cleared', () => {
    const withFrame: SelectionSnapshot = {
      ...beats,
      references: [{ id: 'f1', name: 'Harbour', type: 'FRAME', width: 1200, height: 800, defaultRole: 'image', problems: [] }]
    }
    renderForm({ ...DEFAULT_SETTINGS, model: 'v3', negativePrompt: 'blurry' }, withFrame)
    const field = screen.getByLabelText('Negative prompt') as HTMLInputElement
    expect(field.value).toBe('blurry')
    expect(field.disabled).toBe(false)
    expect(screen.getByText(/has no negative prompt\./)).toBeTruthy()
  })
})

describe('switching model says what it changed', () => {
  function Harness() {
    const { settings, notes, update } = useFittedSettings()
    const preview = previewRequest(beats, new Map(), settings)
    return <GenerateForm settings={settings} preview={preview} notes={notes} onChange={(c) => update(c, preview.mode)} />
  }
  const checked = (group: string) => (radios(group).find((r) => (r as HTMLInputElement).checked) as HTMLInputElement | undefined)?.value

  it('V3 after Series and 4K: the changed choices are named under their fields, and Back to O3 restores them', () => {
    render(<Harness />)
    fireEvent.click(within(screen.getByRole('radiogroup', { name: 'Output' })).getByRole('radio', { name: 'Series' }))
    fireEvent.click(within(screen.getByRole('radiogroup', { name: 'Resolution' })).getByRole('radio', { name: '4K' }))
    fireEvent.click(within(screen.getByRole('radiogroup', { name: 'Model' })).getByRole('radio', { name: 'V3' }))
    expect(checked('Output')).toBe('variations')
    expect(checked('Resolution')).toBe('2K')
    expect(screen.getByText('V3 has no Series: changed to Variations ×4.')).toBeTruthy()
    expect(screen.getByText('V3 has no 4K: changed to 2K.')).toBeTruthy()
    // The note already says why: the bare reason is not repeated under those fields.
    expect(screen.queryByText('Series needs O3.')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Back to O3' }))
    expect(checked('Model')).toBe('o3')
    expect(checked('Output')).toBe('series')
    expect(checked('Resolution')).toBe('4K')
    expect(screen.queryByText(/V3 has no/)).toBeNull()
    expect(screen.queryByRole('button', { name: 'Back to O3' })).toBeNull()
  })

  it('choosing the field again clears its note and leaves the reason for the disabled option', () => {
    render(<Harness />)
    fireEvent.click(within(screen.getByRole('radiogroup', { name: 'Resolution' })).getByRole('radio', { name: '4K' }))
    fireEvent.click(within(screen.getByRole('radiogroup', { name: 'Model' })).getByRole('radio', { name: 'V3' }))
    fireEvent.click(within(screen.getByRole('radiogroup', { name: 'Resolution' })).getByRole('radio', { name: '1K' }))
    expect(screen.queryByText(/V3 has no 4K/)).toBeNull()
    expect(screen.getByText('4K needs O3.')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Back to O3' })).toBeNull()
  })
})

describe("the layout's shape", () => {
  it('offers the nearest supported ratio as a one-click link when it differs, and sets nothing by itself', () => {
    const changes: Partial<FormSettings>[] = []
    const settings = { ...DEFAULT_SETTINGS, aspectRatio: '16:9' as const }
    render(<GenerateForm settings={settings} preview={previewRequest(beats, new Map(), settings)} onChange={(c) => changes.push(c)} layoutShape={{ width: 800, height: 1190 }} />)
    expect(changes).toEqual([])
    fireEvent.click(screen.getByRole('button', { name: "Use 2:3 (the layout's shape)" }))
    expect(changes).toEqual([{ aspectRatio: '2:3' }])
  })
  it('no link when the ratio already matches, or without a layout', () => {
    const settings = { ...DEFAULT_SETTINGS, aspectRatio: '2:3' as const }
    render(<GenerateForm settings={settings} preview={previewRequest(beats, new Map(), settings)} onChange={() => undefined} layoutShape={{ width: 800, height: 1200 }} />)
    expect(screen.queryByRole('button', { name: /layout's shape/ })).toBeNull()
    cleanup()
    renderForm({ ...DEFAULT_SETTINGS, aspectRatio: '16:9' })
    expect(screen.queryByRole('button', { name: /layout's shape/ })).toBeNull()
  })
})
