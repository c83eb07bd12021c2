// @vitest-environment happy-dom
// The panel card: what a selected panel is, its actions by their exact names, and the cost of
// Regenerate and Variations before the click; refused states say why instead of offering the button.
import type { EndpointInput } from '../../src/kling/endpoints'
import { cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { h } from 'preact'
import { afterEach, describe, expect, test, vi } from 'vitest'

import type { PanelSummary } from '../../src/messages'
import { PanelCard } from '../../src/ui/components/panel-card'

afterEach(cleanup)

const input = {
  prompt: 'Ink. Panel 1: @Element1 a. Panel 2: b. Panel 3: @Element1 c.',
  elements: [{ frontal_image_url: 'https://x/m.png' }],
  resolution: '1K',
  aspect_ratio: '16:9',
  result_type: 'series',
  series_amount: 3
} satisfies EndpointInput<'fal-ai/kling-image/o3/text-to-image'>
const panel = (over: Partial<PanelSummary> = {}): PanelSummary => ({
  id: '7:3',
  name: 'Panel 3',
  number: 3,
  caption: 'Mara looks up.',
  shown: { endpoint: 'fal-ai/kling-image/o3/text-to-image', requestId: 'r', prompt: input.prompt, costUsd: 0.028, input, index: 3 },
  costUsd: 0.056,
  versions: { count: 3, current: 2 },
  ...over
})

function renderCard(panels: PanelSummary[], focus?: 'regenerate' | 'variations') {
  const calls = { regenerate: vi.fn(), step: vi.fn(), remove: vi.fn(), edit: vi.fn(), use: vi.fn(async () => undefined) }
  render(<PanelCard panels={panels} onRegenerate={calls.regenerate} onStep={calls.step} onRemove={calls.remove} onEditPrompt={calls.edit} onUseAsReference={calls.use} focus={focus} />)
  return calls
}

describe('panel card', () => {
  test('shows number, caption, model, cost so far and version, with every action by name', () => {
    const calls = renderCard([panel()])
    expect(screen.getByText('Panel 3')).toBeTruthy()
    expect(screen.getByText('Mara looks up.')).toBeTruthy()
    expect(screen.getByText('v2 of 3')).toBeTruthy()
    expect(screen.getByText(/Kling Image O3 · \$0\.056 so far/)).toBeTruthy()
    // Cost before the click: one image, then three.
    expect(screen.getByText('$0.028')).toBeTruthy()
    expect(screen.getByText('$0.084')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Regenerate' }))
    fireEvent.click(screen.getByRole('button', { name: 'Variations' }))
    fireEvent.click(screen.getByRole('button', { name: 'Previous version' }))
    fireEvent.click(screen.getByRole('button', { name: 'Next version' }))
    fireEvent.click(screen.getByRole('button', { name: 'Remove version' }))
    fireEvent.click(screen.getByRole('button', { name: 'Edit prompt' }))
    fireEvent.click(screen.getByRole('button', { name: 'Use as reference' }))
    expect(calls.use.mock.calls).toEqual([['7:3']])
    expect(calls.regenerate.mock.calls).toEqual([[1], [3]])
    expect(calls.step.mock.calls).toEqual([['7:3', -1], ['7:3', 1]])
    expect(calls.remove.mock.calls).toEqual([['7:3']])
    expect(calls.edit).toHaveBeenCalledTimes(1)
  })

  test('a single image cannot be switched or removed; the last version has no next', () => {
    renderCard([panel({ versions: { count: 1, current: 1 } })])
    expect(screen.queryByText(/v1 of 1/)).toBeNull()
    for (const name of ['Previous version', 'Next version', 'Remove version']) {
      expect((screen.getByRole('button', { name }) as HTMLButtonElement).disabled).toBe(true)
    }
  })

  test('a panel whose image has not arrived says so calmly, and offers no Regenerate yet', () => {
    const calls = renderCard([panel({ shown: undefined, costUsd: 0, versions: { count: 0, current: 0 } })])
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByRole('status').textContent).toBe('Panel 3: no image yet. Its actions open once the image arrives.')
    fireEvent.click(screen.getByRole('button', { name: 'Regenerate' }))
    expect(calls.regenerate).not.toHaveBeenCalled()
  })

  test('a panel with an image but no record of how it was made says why and what to do', () => {
    const calls = renderCard([panel({ shown: undefined, costUsd: 0, versions: { count: 1, current: 1 } })])
    expect(screen.getByRole('alert').textContent).toBe(
      'Panel 3 has no record of how its image was made (it has no image yet, or was made before Keyframe kept one). Select its references and prompt and Generate it again.'
    )
    fireEvent.click(screen.getByRole('button', { name: 'Regenerate' }))
    expect(calls.regenerate).not.toHaveBeenCalled()
  })

  test('several panels: Regenerate prices one job per panel; version actions wait for a single panel', () => {
    renderCard([panel(), panel({ id: '7:4', number: 4 })])
    expect(screen.getByText('$0.056')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Previous version' })).toBeNull()
    expect(screen.getByText('Select one panel to switch its versions or edit its prompt.')).toBeTruthy()
  })

  test('a panel still regenerating refuses another', () => {
    renderCard([panel({ running: true })])
    expect((screen.getByRole('button', { name: 'Regenerate' }) as HTMLButtonElement).disabled).toBe(true)
    expect(screen.getByRole('alert').textContent).toBe('Panel 3 is still being regenerated.')
  })
})

describe('opened from a relaunch button', () => {
  test('Variations lands on its Count box, Regenerate on its button', () => {
    renderCard([panel()], 'variations')
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Count' }))
    cleanup()
    renderCard([panel()], 'regenerate')
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Regenerate' }))
  })
  test('without a relaunch command nothing is focused', () => {
    renderCard([panel()])
    expect(document.activeElement).toBe(document.body)
  })
})
