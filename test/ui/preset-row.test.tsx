// @vitest-environment happy-dom
// The preset row and "Use as reference" as a designer meets them: buttons by name, chosen state, refusals shown.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact'
import { h } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'

import { addPreset, BUILT_IN_PRESETS, type Preset, removePreset } from '../../src/kling/presets'
import type { PanelSummary } from '../../src/messages'
import { PresetRow } from '../../src/ui/components/preset-row'
import { UseAsReference } from '../../src/ui/components/use-as-reference'
import { DEFAULT_SETTINGS, type FormSettings } from '../../src/ui/form/form-settings'
import { applyChoices } from '../../src/ui/form/remembered-settings'

afterEach(cleanup)

function renderRow(settings: FormSettings, saved: Preset[] = []) {
  const applied: string[] = []
  let list = saved
  render(
    <PresetRow
      settings={settings}
      saved={saved}
      onApply={(p) => applied.push(p.name)}
      onSave={async (name) => void (list = addPreset(list, name, settings))}
      onDelete={async (name) => void (list = removePreset(list, name))}
    />
  )
  return { applied, list: () => list }
}

const group = () => within(screen.getByRole('group', { name: 'Presets' }))

describe('the preset row', () => {
  it('offers the five built-in presets by name; one click applies one', () => {
    const { applied } = renderRow(DEFAULT_SETTINGS)
    expect(group().getAllByRole('button', { pressed: false }).map((b) => b.textContent)).toEqual(BUILT_IN_PRESETS.map((p) => p.name))
    fireEvent.click(group().getByRole('button', { name: 'Key art 2:3 2K' }))
    expect(applied).toEqual(['Key art 2:3 2K'])
  })

  it('shows as chosen the preset the form matches, and only that one', () => {
    renderRow(applyChoices(DEFAULT_SETTINGS, BUILT_IN_PRESETS[3]!.settings, 'text-to-image'))
    expect(group().getAllByRole('button', { pressed: true }).map((b) => b.textContent)).toEqual(['Banner 21:9 4K'])
  })

  it('saves the current settings under a name, and refuses a taken name with the reason', async () => {
    const { list } = renderRow(DEFAULT_SETTINGS)
    fireEvent.click(screen.getByRole('button', { name: 'Save as preset' }))
    fireEvent.input(screen.getByRole('textbox', { name: 'Preset name' }), { target: { value: 'Poster 3:4 2K' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save preset' }))
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', '"Poster 3:4 2K" is a built-in preset; choose another name.')
    expect(list()).toEqual([])
    fireEvent.input(screen.getByRole('textbox', { name: 'Preset name' }), { target: { value: 'Wide tests' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save preset' }))
    await waitFor(() => expect(list().map((p) => p.name)).toEqual(['Wide tests']))
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.queryByRole('textbox', { name: 'Preset name' })).toBeNull()
  })

  it('Enter in the name box saves, as the button does', async () => {
    const { list } = renderRow(DEFAULT_SETTINGS)
    fireEvent.click(screen.getByRole('button', { name: 'Save as preset' }))
    const box = screen.getByRole('textbox', { name: 'Preset name' })
    fireEvent.input(box, { target: { value: 'Night key art' } })
    fireEvent.keyDown(box, { key: 'Enter' })
    await waitFor(() => expect(list().map((p) => p.name)).toEqual(['Night key art']))
  })

  it('a chip no longer chosen gets its own border back, not a dark default one', () => {
    const chosen = applyChoices(DEFAULT_SETTINGS, BUILT_IN_PRESETS[1]!.settings, 'text-to-image')
    const { rerender } = render(<PresetRow settings={chosen} saved={[]} onApply={() => undefined} onSave={async () => undefined} onDelete={async () => undefined} />)
    const keyArt = group().getByRole('button', { name: 'Key art 2:3 2K' })
    expect(keyArt.getAttribute('aria-pressed')).toBe('true')
    rerender(<PresetRow settings={DEFAULT_SETTINGS} saved={[]} onApply={() => undefined} onSave={async () => undefined} onDelete={async () => undefined} />)
    expect(keyArt.getAttribute('aria-pressed')).toBe('false')
    expect(keyArt.style.border).toBe(group().getByRole('button', { name: 'Poster 3:4 2K' }).style.border)
  })

  it("lists the designer's own presets with a delete button each", async () => {
    const mine = addPreset([], 'Mine', DEFAULT_SETTINGS)
    const { list } = renderRow(DEFAULT_SETTINGS, mine)
    expect(group().getByRole('button', { name: 'Mine' })).toBeTruthy()
    fireEvent.click(group().getByRole('button', { name: 'Delete preset Mine' }))
    await waitFor(() => expect(list()).toEqual([]))
  })
})

describe('"Use as reference"', () => {
  const panel: PanelSummary = { id: '9:1', name: 'Panel 2', number: 2, costUsd: 0, versions: { count: 0, current: 0 } }

  it("shows the main thread's refusal beside the button", async () => {
    render(<UseAsReference panel={panel} onUse={() => Promise.reject(new Error('"Panel 2" has no image yet.'))} />)
    fireEvent.click(screen.getByRole('button', { name: 'Use as reference' }))
    expect((await screen.findByRole('alert')).textContent).toBe('"Panel 2" has no image yet.')
  })

  it('asks for the panel it is shown for', async () => {
    const asked: string[] = []
    render(<UseAsReference panel={panel} onUse={async (id) => void asked.push(id)} />)
    fireEvent.click(screen.getByRole('button', { name: 'Use as reference' }))
    await waitFor(() => expect(asked).toEqual(['9:1']))
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
