// @vitest-environment happy-dom
// Formats on the panel card: the checklist with the poster, thumbnail and story checked, one total before the
// click that follows the checks, and the click off (with why) when nothing is checked, the panel is still
// being regenerated, or it has no record to remake.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { h } from 'preact'
import { afterEach, describe, expect, test, vi } from 'vitest'

import type { PanelSummary } from '../../src/messages'
import { PanelCard } from '../../src/ui/components/panel-card'
import { lighthouseInput, lighthousePanel } from './panel-fixture'

afterEach(() => cleanup())

const panel = lighthousePanel

function renderCard(p: PanelSummary) {
  const onFormats = vi.fn()
  const noop = vi.fn()
  render(<PanelCard panels={[p]} onRegenerate={noop} onStep={noop} onRemove={noop} onEditPrompt={noop} onUseAsReference={async () => undefined} onFormats={onFormats} />)
  return onFormats
}

const formatsButton = () => screen.getByRole('button', { name: 'Formats' }) as HTMLButtonElement

describe('Formats on the panel card', () => {
  test('three checked by default, priced as one total; the total follows the checks; the click names them', () => {
    const onFormats = renderCard(panel())
    const boxes = screen.getAllByRole('checkbox') as HTMLInputElement[]
    expect(boxes.map((b) => b.checked)).toEqual([true, true, true, false, false])
    expect(screen.getByText('3 formats · $0.084')).toBeTruthy()
    fireEvent.click(screen.getByRole('checkbox', { name: '21:9 banner' }))
    expect(screen.getByText('4 formats · $0.112')).toBeTruthy()
    fireEvent.click(formatsButton())
    expect(onFormats.mock.calls.map(([p, labels]) => [(p as PanelSummary).id, labels])).toEqual([['7:3', ['2:3 poster', '16:9 thumbnail', '9:16 story', '21:9 banner']]])
  })

  test('nothing checked: off, saying so', () => {
    const onFormats = renderCard(panel())
    for (const name of ['2:3 poster', '16:9 thumbnail', '9:16 story']) fireEvent.click(screen.getByRole('checkbox', { name }))
    expect(formatsButton().disabled).toBe(true)
    expect(screen.getByRole('alert').textContent).toBe('No format is checked. Check at least one format.')
    fireEvent.click(formatsButton())
    expect(onFormats).not.toHaveBeenCalled()
  })

  test('while the panel is being regenerated: off, saying why', () => {
    renderCard(panel({ running: true }))
    expect(formatsButton().disabled).toBe(true)
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain('Image 1 is still being regenerated.')
  })

  test('a panel with no image yet is offered no Formats', () => {
    renderCard(panel({ shown: undefined }))
    expect(screen.queryByRole('button', { name: 'Formats' })).toBeNull()
  })
})
