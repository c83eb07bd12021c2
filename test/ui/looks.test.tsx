// @vitest-environment happy-dom
// Looks as a designer meets them: four ticked to start, the total before the click, a refusal that names the
// fix, the list editor's rules, and "Use this look" on a look's panel.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact'
import { h } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'

import { DEFAULT_TREATMENTS, type Treatment } from '../../src/kling/treatments'
import type { PanelSummary } from '../../src/messages'
import { LookListEditor, LooksChooser, UseLook } from '../../src/ui/components/looks'

afterEach(cleanup)

const PANEL: PanelSummary = {
  id: '1:2',
  name: 'Panel 3',
  number: 3,
  costUsd: 0.028,
  versions: { count: 1, current: 1 },
  shown: {
    endpoint: 'fal-ai/kling-image/o3/text-to-image',
    input: { prompt: 'A ferry at the quay. Soft rain light.', resolution: '1K', aspect_ratio: '16:9', num_images: 1 },
    requestId: 'r',
    prompt: 'A ferry at the quay. Soft rain light.',
    costUsd: 0.028,
    index: 1
  }
}

function open(treatments: Treatment[] = [...DEFAULT_TREATMENTS]) {
  const made: string[][] = []
  render(<LooksChooser panel={PANEL} onLooks={(_p, list) => made.push(list.map((t) => t.name))} treatments={treatments} save={async () => undefined} />)
  fireEvent.click(screen.getByRole('button', { name: 'Looks' }))
  return { made, group: within(screen.getByRole('group', { name: 'Looks' })) }
}

describe('the Looks chooser', () => {
  it('ticks the first four, prices them before the click, and sends the chosen ones', () => {
    const { made, group } = open()
    const ticked = group.getAllByRole('checkbox').filter((c) => (c as HTMLInputElement).checked)
    expect(ticked).toHaveLength(4)
    expect(group.getByLabelText('Looks cost').textContent).toBe('$0.112 in all')
    fireEvent.click(group.getByRole('checkbox', { name: 'Overcast' }))
    expect(group.getByLabelText('Looks cost').textContent).toBe('$0.084 in all')
    fireEvent.click(group.getByRole('button', { name: 'Make 3 looks' }))
    expect(made).toEqual([['Golden hour', 'Neon night', 'Candlelit']])
  })

  it('with none ticked, the button is off and the alert says what to do', () => {
    const { made, group } = open(DEFAULT_TREATMENTS.slice(0, 1))
    fireEvent.click(group.getByRole('checkbox', { name: 'Golden hour' }))
    expect((group.getByRole('button', { name: 'Make 0 looks' }) as HTMLButtonElement).disabled).toBe(true)
    expect(group.getByRole('alert').textContent).toBe('No look is chosen. Tick at least one look, then click Make looks.')
    expect(made).toEqual([])
  })

  it('shows the note when the saved list could not be read', () => {
    render(<LooksChooser panel={PANEL} onLooks={() => undefined} treatments={[...DEFAULT_TREATMENTS]} note="Your saved list of looks could not be read." save={async () => undefined} />)
    fireEvent.click(screen.getByRole('button', { name: 'Looks' }))
    expect(screen.getByRole('group', { name: 'Looks' }).textContent).toContain('could not be read')
  })
})

describe('the list editor', () => {
  function edit(list: Treatment[]) {
    const saved: Treatment[][] = []
    render(<LookListEditor list={list} onSave={async (l) => void saved.push(l)} onCancel={() => undefined} />)
    return { saved, group: within(screen.getByRole('group', { name: 'Edit looks' })) }
  }

  it('renames, removes, adds a built-in back and saves the list', () => {
    const { saved, group } = edit(DEFAULT_TREATMENTS.slice(0, 3))
    fireEvent.input(group.getByLabelText('Look 1 name'), { target: { value: 'Magic hour' } })
    fireEvent.click(group.getAllByRole('button', { name: 'Remove' })[1]!)
    fireEvent.click(group.getByRole('button', { name: 'Add back Noir' }))
    fireEvent.click(group.getByRole('button', { name: 'Save looks' }))
    expect(saved.map((l) => l.map((t) => t.name))).toEqual([['Magic hour', 'Neon night', 'Noir']])
    expect(saved[0]![0]!.phrase).toBe(DEFAULT_TREATMENTS[0]!.phrase)
  })

  it('a full list offers no more; a nameless look blocks Save with the fix', () => {
    const { saved, group } = edit([...DEFAULT_TREATMENTS])
    expect((group.getByRole('button', { name: 'Add a look' }) as HTMLButtonElement).disabled).toBe(true)
    fireEvent.click(group.getAllByRole('button', { name: 'Remove' })[0]!)
    fireEvent.click(group.getByRole('button', { name: 'Add a look' }))
    expect(group.getByRole('alert').textContent).toBe('Look 6 has no name. Give it one, such as "Blue hour".')
    expect((group.getByRole('button', { name: 'Save looks' }) as HTMLButtonElement).disabled).toBe(true)
    expect(saved).toEqual([])
  })
})

describe('Use this look', () => {
  it("on a look's panel: names the panel it goes to; off while the look has no image", () => {
    const used: string[] = []
    const look = { ...PANEL, id: '9:9', name: 'Noir', lookOf: { panelId: '1:2', panelName: 'Panel 3', look: 'Noir' } }
    const { rerender } = render(<UseLook panel={{ ...look, versions: { count: 0, current: 0 } }} onUseLook={(p) => used.push(p.id)} />)
    expect((screen.getByRole('button', { name: 'Use this look on Panel 3' }) as HTMLButtonElement).disabled).toBe(true)
    rerender(<UseLook panel={look} onUseLook={(p) => used.push(p.id)} />)
    fireEvent.click(screen.getByRole('button', { name: 'Use this look on Panel 3' }))
    expect(used).toEqual(['9:9'])
  })

  it('is not offered on a panel that is not a look', () => {
    render(<UseLook panel={PANEL} onUseLook={() => undefined} />)
    expect(screen.queryByRole('button', { name: /Use this look/ })).toBeNull()
  })
})
