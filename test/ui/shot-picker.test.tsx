// @vitest-environment happy-dom
// The Shots picker under a series prompt: a pattern and each beat's shot rewrite the beats' starts in the
// prompt, which stays the one place a shot lives.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { h } from 'preact'
import { useState } from 'preact/hooks'
import { afterEach, describe, expect, it } from 'vitest'

import { ShotPicker } from '../../src/ui/components/shot-picker'

afterEach(cleanup)

let latest = ''
function Harness({ initial }: { initial: string }) {
  const [prompt, setPrompt] = useState(initial)
  latest = prompt
  return <ShotPicker prompt={prompt} onChange={setPrompt} />
}

const PROMPT = 'Ink wash.\nPanel 1: Wide: the harbour at dawn.\nPanel 2: Close-up: her ticket.\nPanel 3: Mara boards.\nPanel 4: She looks back.'
const shotOf = (n: number) => (screen.getByRole('combobox', { name: `Shot for panel ${n}` }) as HTMLSelectElement).value

describe('ShotPicker', () => {
  it('lists each beat with the shot it starts with, and its words without it', () => {
    render(<Harness initial={PROMPT} />)
    expect([1, 2, 3, 4].map(shotOf)).toEqual(['Wide', 'Close-up', '', ''])
    expect(screen.getByText('The harbour at dawn.')).toBeTruthy()
  })

  it('a pattern gives beats without a shot theirs; the written ones stay; No pattern takes them back', () => {
    render(<Harness initial={PROMPT} />)
    fireEvent.change(screen.getByRole('combobox', { name: 'Shots' }), { target: { value: 'establishing-medium-close' } })
    expect(latest).toBe('Ink wash.\nPanel 1: Wide: the harbour at dawn.\nPanel 2: Close-up: her ticket.\nPanel 3: Close-up, Mara boards.\nPanel 4: Close-up, she looks back.')
    expect([1, 2, 3, 4].map(shotOf)).toEqual(['Wide', 'Close-up', 'Close-up', 'Close-up'])
    fireEvent.change(screen.getByRole('combobox', { name: 'Shots' }), { target: { value: '' } })
    expect(latest).toBe(PROMPT)
  })

  it('shows No pattern again once the prompt carries none of its shots (the drafted prompt back)', () => {
    const drafted = 'Ink wash.\nPanel 1: The harbour at dawn.\nPanel 2: Mara boards.'
    const pattern = () => (screen.getByRole('combobox', { name: 'Shots' }) as HTMLSelectElement).value
    // The panel's prompt: set by the picker, then put back to the drafted one from outside it.
    let reset: () => void = () => undefined
    function Panel() {
      const [prompt, setPrompt] = useState(drafted)
      reset = () => setPrompt(drafted)
      return <ShotPicker prompt={prompt} onChange={setPrompt} />
    }
    render(<Panel />)
    fireEvent.change(screen.getByRole('combobox', { name: 'Shots' }), { target: { value: 'establishing-medium-close' } })
    expect(pattern()).toBe('establishing-medium-close')
    expect([1, 2].map(shotOf)).toEqual(['Establishing', 'Medium'])
    act(() => reset())
    expect([1, 2].map(shotOf)).toEqual(['', ''])
    expect(pattern()).toBe('')
    // Choosing it again gives the shots again (it is not taken as already applied).
    fireEvent.change(screen.getByRole('combobox', { name: 'Shots' }), { target: { value: 'establishing-medium-close' } })
    expect([1, 2].map(shotOf)).toEqual(['Establishing', 'Medium'])
  })

  it("choosing one beat's shot rewrites that beat's start only", () => {
    render(<Harness initial={PROMPT} />)
    fireEvent.change(screen.getByRole('combobox', { name: 'Shot for panel 3' }), { target: { value: 'Over the shoulder' } })
    expect(latest).toBe(PROMPT.replace('Panel 3: Mara boards.', 'Panel 3: Over-the-shoulder shot, Mara boards.'))
    fireEvent.change(screen.getByRole('combobox', { name: 'Shot for panel 1' }), { target: { value: '' } })
    expect(latest).toContain('Panel 1: The harbour at dawn.\n')
  })

  it('shows nothing for a prompt without beats', () => {
    const { container } = render(<Harness initial="A harbour at dawn." />)
    expect(container.innerHTML).toBe('')
  })
})
