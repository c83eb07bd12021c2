// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { h } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'

import type { ReferenceSummary } from '../../src/messages'
import { PromptField } from '../../src/ui/components/prompt-field'
import { DEFAULT_SETTINGS } from '../../src/ui/form/form-settings'
import { previewRequest } from '../../src/ui/form/preview'
import { PromptFieldHarness } from './prompt-field-harness'

afterEach(cleanup)

const frame = (id: string, name: string): ReferenceSummary => ({
  id,
  name,
  type: 'FRAME',
  width: 1024,
  height: 1024,
  defaultRole: name.startsWith('@') ? 'element' : 'image',
  problems: []
})
const selection = { version: 1, references: [frame('1:2', '@Mara'), frame('1:3', 'Market')], textLayers: [], panels: [], storyboards: [], ignored: [] }

const Harness = ({ initial }: { initial: string }) => <PromptFieldHarness initial={initial} selection={selection} />

function typeInto(box: HTMLTextAreaElement, text: string) {
  box.value = text
  box.setSelectionRange(text.length, text.length)
  fireEvent.input(box)
}

describe('the prompt field', () => {
  it('offers the selected references after @ and inserts the chosen one with Enter', async () => {
    render(<Harness initial="" />)
    const box = screen.getByRole('textbox', { name: 'Prompt' }) as HTMLTextAreaElement
    typeInto(box, 'Close-up of @Ma')
    const list = await screen.findByRole('listbox', { name: 'References to mention' })
    expect([...list.querySelectorAll('[role=option]')].map((o) => o.textContent)).toEqual(['@Mara Element1', '@Market Image1'])
    expect(box.getAttribute('aria-expanded')).toBe('true')
    // "@Ma" is on its way to a name: not reported while the list is open.
    expect(screen.queryByRole('alert')).toBeNull()
    fireEvent.keyDown(box, { key: 'ArrowDown' })
    fireEvent.keyDown(box, { key: 'Enter' })
    expect(box.value).toBe('Close-up of @Market ')
    expect(screen.queryByRole('listbox')).toBeNull()
  })

  it('stays closed when nothing matches, and Escape closes it', async () => {
    render(<Harness initial="" />)
    const box = screen.getByRole('textbox', { name: 'Prompt' }) as HTMLTextAreaElement
    typeInto(box, 'A shot of @Zed')
    expect(screen.queryByRole('listbox')).toBeNull()
    expect(screen.getByRole('alert').textContent).toContain('The prompt mentions @Zed')
    typeInto(box, 'A shot of @')
    expect(await screen.findByRole('listbox')).toBeTruthy()
    fireEvent.keyDown(box, { key: 'Escape' })
    expect(screen.queryByRole('listbox')).toBeNull()
  })
})

describe('the prompt field teaches the @ tokens', () => {

  it('offers "Use @Mara" when the prompt says Mara without the @, and rewrites it in one click', () => {
    render(<Harness initial="Mara steps off the ferry at the Market, rain, neon, dusk, wide shot." />)
    expect(screen.queryByRole('button', { name: 'Use @Market' })).toBeNull() // an image: its name is an ordinary word
    fireEvent.click(screen.getByRole('button', { name: 'Use @Mara' }))
    const box = screen.getByRole('textbox', { name: 'Prompt' }) as HTMLTextAreaElement
    expect(box.value).toBe('@Mara steps off the ferry at the Market, rain, neon, dusk, wide shot.')
    expect(screen.queryByRole('button', { name: 'Use @Mara' })).toBeNull()
  })

  it('flags a trailing bare @ once the designer has stopped typing it', () => {
    render(<Harness initial="" />)
    const box = screen.getByRole('textbox', { name: 'Prompt' }) as HTMLTextAreaElement
    typeInto(box, 'Close-up of @Mara in the rain at night, neon, wet streets @')
    // The completion list is open: the @ is on its way to a name.
    expect(screen.getByRole('listbox', { name: 'References to mention' })).toBeTruthy()
    expect(screen.queryByText(/ends with a bare "@"/)).toBeNull()
    fireEvent.keyDown(box, { key: 'Escape' })
    expect(screen.getByText(/The prompt ends with a bare "@"\. Type a reference's name \(@Mara\) after it, or remove the @\./)).toBeTruthy()
  })
})
