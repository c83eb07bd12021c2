// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { h } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'

import type { StoryboardSummary } from '../../src/messages'
import { StoryboardCard } from '../../src/ui/components/storyboard-card'

afterEach(cleanup)

const board: StoryboardSummary = { id: '9:1', name: 'Storyboard · Mara steps off the night ferry', panelCount: 4, running: false, lastNumber: 4 }

describe('the storyboard card', () => {
  it('is not shown without a selected storyboard', () => {
    const { container } = render(<StoryboardCard storyboards={[]} renumber={async () => ({ count: 0, changed: 0 })} />)
    expect(container.textContent).toBe('')
  })

  it('"Renumber panels" asks for that section and says what it did', async () => {
    const asked: string[] = []
    render(<StoryboardCard storyboards={[board]} renumber={async (id) => (asked.push(id), { count: 4, changed: 2 })} />)
    expect(screen.getByRole('listitem', { name: `Storyboard: ${board.name}` }).textContent).toContain('4 panels')
    fireEvent.click(screen.getByRole('button', { name: 'Renumber panels' }))
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'Renumbered 4 panels in reading order.')
    expect(asked).toEqual(['9:1'])
  })

  it('forgets what it said once the section has other panels (beats were added)', async () => {
    const renumber = async () => ({ count: 4, changed: 1 })
    const { rerender } = render(<StoryboardCard storyboards={[board]} renumber={renumber} />)
    fireEvent.click(screen.getByRole('button', { name: 'Renumber panels' }))
    await screen.findByRole('status')
    rerender(<StoryboardCard storyboards={[{ ...board }]} renumber={renumber} />)
    expect(screen.queryByRole('status')).not.toBeNull()
    rerender(<StoryboardCard storyboards={[{ ...board, panelCount: 6, lastNumber: 6 }]} renumber={renumber} />)
    expect(screen.queryByRole('status')).toBeNull()
  })

  it('shows the refusal of a section still generating as an alert', async () => {
    const refusal = `"${board.name}" is still generating, and its images find their panels by number. Renumber panels when it has finished.`
    render(
      <StoryboardCard
        storyboards={[{ ...board, running: true }]}
        renumber={async () => {
          throw new Error(refusal)
        }}
      />
    )
    expect(screen.getByRole('listitem').textContent).toContain('generating')
    fireEvent.click(screen.getByRole('button', { name: 'Renumber panels' }))
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', refusal)
  })

  it('has room for more actions on the storyboard', () => {
    render(<StoryboardCard storyboards={[board]} renumber={async () => ({ count: 4, changed: 0 })} actions={<button>Export</button>} />)
    expect(screen.getByRole('button', { name: 'Export' })).toBeTruthy()
  })
})
