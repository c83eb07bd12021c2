// @vitest-environment happy-dom
// The five-layer line and the positive-framing fixes, through the real composer's lints (via the preview).
import { cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { h } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'

import type { SelectionSnapshot } from '../../src/messages'
import { GenerateForm } from '../../src/ui/components/generate-form'
import { PromptField } from '../../src/ui/components/prompt-field'
import { DEFAULT_SETTINGS, type FormSettings } from '../../src/ui/form/form-settings'
import { previewRequest } from '../../src/ui/form/preview'
import { PromptFieldHarness } from './prompt-field-harness'

afterEach(cleanup)

const selection: SelectionSnapshot = { version: 1, references: [], textLayers: [], panels: [], storyboards: [], ignored: [] }

const Harness = ({ initial }: { initial: string }) => <PromptFieldHarness initial={initial} selection={selection} />

const prompt = () => (screen.getByRole('textbox', { name: 'Prompt' }) as HTMLTextAreaElement).value

describe('the five-layer line', () => {
  it('is hidden while the prompt is empty', () => {
    render(<Harness initial="" />)
    expect(screen.queryByRole('group', { name: 'Prompt layers' })).toBeNull()
  })

  it('ticks covered layers and offers three phrasings for a missing one, appended as a sentence', () => {
    render(<Harness initial="Low angle, 35mm lens. A sailor kneeling on a harbour wall" />)
    expect(screen.getByText('Shot and lens: in the prompt')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Add shot and lens' })).toBeNull()
    const add = screen.getByRole('button', { name: 'Add lighting and mood' })
    expect(add.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(add)
    expect(add.getAttribute('aria-expanded')).toBe('true')
    const options = screen.getByRole('list', { name: 'Phrasings for lighting and mood' }).querySelectorAll('button')
    expect(options).toHaveLength(3)
    fireEvent.click(screen.getByRole('button', { name: 'Golden hour sidelight, calm and warm' }))
    expect(prompt()).toBe('Low angle, 35mm lens. A sailor kneeling on a harbour wall. Golden hour sidelight, calm and warm.')
    expect(screen.getByText('Lighting and mood: in the prompt')).toBeTruthy()
    expect(screen.queryByRole('list', { name: /Phrasings/ })).toBeNull()
  })

  it('goes in at the caret while the prompt has focus', () => {
    render(<Harness initial="A sailor kneeling, on a harbour wall" />)
    const box = screen.getByRole('textbox', { name: 'Prompt' }) as HTMLTextAreaElement
    box.focus()
    box.setSelectionRange('A sailor kneeling'.length, 'A sailor kneeling'.length)
    fireEvent.click(screen.getByRole('button', { name: 'Add shot and lens' }))
    fireEvent.click(screen.getByRole('button', { name: 'Low angle, 35 mm lens' }))
    expect(prompt()).toBe('A sailor kneeling, low angle, 35 mm lens, on a harbour wall')
  })

  it('closes the phrasings on Escape', () => {
    render(<Harness initial="A sailor" />)
    fireEvent.click(screen.getByRole('button', { name: 'Add shot and lens' }))
    const list = screen.getByRole('list', { name: 'Phrasings for shot and lens' })
    fireEvent.keyDown(list.querySelector('button')!, { key: 'Escape' })
    expect(screen.queryByRole('list', { name: /Phrasings/ })).toBeNull()
  })
})

describe('positive framing in the panel', () => {
  it('Replace swaps exactly the negative phrase', () => {
    render(<Harness initial="A sailor on a harbour wall, no blur, at dusk" />)
    expect(screen.getByText(/"no blur" tells Kling what to leave out/)).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Replace with "crystal sharp focus"' }))
    expect(prompt()).toBe('A sailor on a harbour wall, crystal sharp focus, at dusk')
    expect(screen.queryByText(/tells Kling what to leave out/)).toBeNull()
  })

  it('an unknown thing is named with no button', () => {
    render(<Harness initial="A sailor on a harbour wall at dusk, no clouds" />)
    expect(screen.getByText(/Describe what should be there instead of clouds/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: /^Replace/ })).toBeNull()
  })

  it('Move into prompt sets the prompt and keeps unknown negative terms', () => {
    const settings: FormSettings = { ...DEFAULT_SETTINGS, model: 'v3', output: 'single', prompt: 'A sailor at dusk', negativePrompt: 'blurry, watermark, cats' }
    const changes: Partial<FormSettings>[] = []
    render(<GenerateForm settings={settings} preview={previewRequest(selection, new Map(), settings)} onChange={(c) => changes.push(c)} />)
    expect(screen.getByText(/"cats" stays here/)).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Move into prompt' }))
    expect(changes).toEqual([{ prompt: 'A sailor at dusk. Crystal sharp focus, a clean frame free of marks.', negativePrompt: 'cats' }])
  })
})
