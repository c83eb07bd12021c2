// @vitest-environment happy-dom
// The "Start from" row as a designer meets it: the seven examples listed, the line under it saying what the
// chosen one is for and what it still needs, and Undo offered only while it is safe.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { h } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'

import { STARTING_POINTS, startingPoint, type StartingPoint } from '../../src/kling/starting-points'
import { type Started, StartFrom } from '../../src/ui/components/start-from'

afterEach(cleanup)

function renderRow(started: Started | null) {
  const chosen: string[] = []
  let undone = 0
  render(<StartFrom started={started} onChoose={(p) => chosen.push(p.name)} onUndo={() => void (undone += 1)} />)
  return { chosen, undone: () => undone }
}

const transfer = startingPoint('Style transfer') as StartingPoint

describe('Start from', () => {
  it('lists the seven examples; choosing one hands it over, and the same one can be chosen again', () => {
    const { chosen } = renderRow(null)
    const box = screen.getByRole('combobox', { name: 'Start from' })
    for (const name of ['Storyboard series', 'Storyboard series']) {
      fireEvent.mouseDown(box)
      const options = screen.getAllByRole('radio')
      expect(options.map((o) => (o as HTMLInputElement).value)).toEqual(STARTING_POINTS.map((p) => p.name))
      fireEvent.click(options.find((o) => (o as HTMLInputElement).value === name)!)
    }
    expect(chosen).toEqual(['Storyboard series', 'Storyboard series'])
    expect(screen.queryByRole('status', { name: 'Starting point' })).toBeNull()
  })

  it('says what the chosen one is for, what it needs while placeholders are left, and offers Undo', () => {
    const { undone } = renderRow({ point: transfer, left: 2, undoable: true })
    const status = screen.getByRole('status', { name: 'Starting point' })
    expect(status.textContent).toBe(`Style transfer: ${transfer.purpose} ${transfer.needs} Undo`)
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }))
    expect(undone()).toBe(1)
  })

  it('drops the need once its frames took the placeholders, and Undo once the prompt was typed in', () => {
    renderRow({ point: transfer, left: 0, undoable: false })
    expect(screen.getByRole('status', { name: 'Starting point' }).textContent).toBe(`Style transfer: ${transfer.purpose}`)
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull()
  })
})
