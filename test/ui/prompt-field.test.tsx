// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { h } from 'preact'
import { useState } from 'preact/hooks'
import { afterEach, describe, expect, it } from 'vitest'

import { PromptField } from '../../src/ui/components/prompt-field'

afterEach(cleanup)

const references = [
  { name: '@Mara', role: 'element' as const },
  { name: 'Market', role: 'image' as const }
]

function Harness({ initial }: { initial: string }) {
  const [value, setValue] = useState(initial)
  // As the composer reports an unknown token.
  const unknown = /@(\w+)$/.exec(value)?.[1]
  const errors = unknown && !['Mara', 'Market'].includes(unknown) ? [{ field: 'prompt' as const, token: `@${unknown}`, message: `The prompt mentions @${unknown}, but no selected frame is called that.`, fix: '' }] : []
  return <PromptField value={value} edited references={references} onChange={setValue} onReset={() => setValue('')} errors={errors} />
}

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
    expect([...list.querySelectorAll('[role=option]')].map((o) => o.textContent)).toEqual(['@Mara (Element1)', '@Market (Image1)'])
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
