// @vitest-environment happy-dom
// Job cards as a designer reads them: one status line, the model's log behind a disclosure and each line once,
// finished jobs folded to one line (on the next job, or after a while) and unfolded by a click, and past
// jobs from the file listed folded, a click selecting what they made.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact'
import { h } from 'preact'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { PastJob } from '../../src/messages'
import { FOLD_AFTER_MS, JobList } from '../../src/ui/components/job-list'
import { JobBoard } from '../../src/ui/jobs/job-board'
import { uniqueLogLines } from '../../src/ui/jobs/job-progress'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

const noop = () => undefined
const card = (title: string) => screen.getByRole('listitem', { name: `Job: ${title}` })

function past(jobId: string, title: string): PastJob {
  return { jobId, sectionId: `s-${jobId}`, title, state: 'done', costUsd: 0.112, createdAt: '2026-11-26T10:00:00.000Z', placed: 4 }
}

describe('job cards', () => {
  it('each log line once, in order, blank lines dropped', () => {
    expect(uniqueLogLines(['Loading model', 'Loading model', ' ', 'Generating image', 'Loading model '])).toEqual(['Loading model', 'Generating image'])
  })

  it("a running job's log sits behind a closed disclosure, each line once; its status line is one line", () => {
    const board = new JobBoard()
    board.add({ jobId: 'a', title: 'Ferry', phase: 'generating', logs: ['Loading model', 'Loading model', 'Generating image'] })
    render(h(JobList, { jobs: board.list(), onCancel: noop, onDismiss: noop }))
    expect(within(card('Ferry')).getByRole('status').textContent).toBe('Generating')
    const details = card('Ferry').querySelector('details')!
    expect(details.open).toBe(false)
    expect(details.querySelector('summary')!.textContent).toBe('Model log (2 lines)')
    expect(details.querySelector('pre')!.textContent).toBe('Loading model\nGenerating image')
  })

  it('a finished job folds to one line when a newer job starts, and a click unfolds it', () => {
    const board = new JobBoard()
    board.add({ jobId: 'a', title: 'Ferry', phase: 'done', costUsd: 0.112, message: 'Placed 4 images · $0.112.' })
    const { rerender } = render(h(JobList, { jobs: board.list(), onCancel: noop, onDismiss: noop }))
    // The newest finished job stays open, its message in view.
    expect(card('Ferry').textContent).toContain('Placed 4 images')
    board.add({ jobId: 'b', title: 'Harbour', phase: 'queued', detail: '2 ahead' })
    rerender(h(JobList, { jobs: board.list(), onCancel: noop, onDismiss: noop }))
    const folded = within(card('Ferry')).getByRole('button', { expanded: false })
    expect(folded.textContent).toBe('Ferry · Done$0.112')
    expect(card('Ferry').textContent).not.toContain('Placed 4 images')
    expect(within(card('Harbour')).getByRole('status').textContent).toBe('Queued, 2 ahead')
    fireEvent.click(folded)
    expect(card('Ferry').textContent).toContain('Placed 4 images')
    // And folds again on the designer's click.
    fireEvent.click(within(card('Ferry')).getByRole('button', { expanded: true }))
    expect(card('Ferry').textContent).not.toContain('Placed 4 images')
  })

  it('the newest finished job folds after a while; a running one never does', () => {
    vi.useFakeTimers()
    const board = new JobBoard()
    board.add({ jobId: 'r', title: 'Running', phase: 'generating' })
    board.update('r', {})
    board.add({ jobId: 'a', title: 'Ferry', phase: 'failed', message: 'Kling ended this job with an error.' })
    render(h(JobList, { jobs: board.list(), onCancel: noop, onDismiss: noop }))
    expect(card('Ferry').textContent).toContain('Kling ended this job')
    act(() => void vi.advanceTimersByTime(FOLD_AFTER_MS - 1))
    expect(card('Ferry').textContent).toContain('Kling ended this job')
    act(() => void vi.advanceTimersByTime(1))
    expect(card('Ferry').textContent).not.toContain('Kling ended this job')
    expect(within(card('Ferry')).getByRole('button', { expanded: false }).textContent).toBe('Ferry · Failed')
    expect(within(card('Running')).getByRole('status').textContent).toBe('Generating')
  })

  it('past jobs are listed folded after the known ones, once each; a click selects what they made', () => {
    const board = new JobBoard()
    board.add({ jobId: 'now', title: 'Now', phase: 'queued' })
    board.addPast([past('p1', 'Ferry'), past('now', 'Now again')])
    board.addPast([past('p1', 'Ferry')])
    expect(board.list().map((j) => j.jobId)).toEqual(['now', 'p1'])
    const onShow = vi.fn()
    render(h(JobList, { jobs: board.list(), onCancel: noop, onDismiss: noop, onShow }))
    fireEvent.click(within(card('Ferry')).getByRole('button', { expanded: false }))
    expect(onShow).toHaveBeenCalledTimes(1)
    expect(onShow.mock.calls[0]![0]).toMatchObject({ jobId: 'p1', past: { sectionId: 's-p1' } })
    // Unfolded, it offers Show again and Dismiss.
    fireEvent.click(within(card('Ferry')).getByRole('button', { name: 'Show Ferry on the canvas' }))
    expect(onShow).toHaveBeenCalledTimes(2)
    expect(within(card('Ferry')).getByRole('button', { name: 'Dismiss Ferry' })).toBeTruthy()
  })
})
