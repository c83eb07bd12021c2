// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/preact'
import { h } from 'preact'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { JobRecord } from '../../src/messages'
import { JobList } from '../../src/ui/components/job-list'
import { JobBoard } from '../../src/ui/jobs/job-board'
import { statusLine } from '../../src/ui/jobs/job-progress'
import { OTHERS_REFRESH_MS, refreshOthers } from '../../src/ui/jobs/pick-up-unfinished'

afterEach(cleanup)

/** Another person's unfinished job, as the main thread lists it. */
function othersJob(jobId: string, name: string): JobRecord {
  return {
    jobId,
    sectionId: `section-${jobId}`,
    endpoint: 'fal-ai/kling-image/v3/text-to-image',
    input: { prompt: 'Poster' },
    panels: [{ number: 1 }],
    nominalSize: { width: 1024, height: 576 },
    costUsd: 0.028,
    title: `Poster by ${name || 'nobody named'}`,
    createdAt: '2026-11-26T12:00:00.000Z',
    state: 'submitted',
    requestId: 'req',
    filled: [],
    startedBy: { id: name === '' ? '' : `id-${name}`, name }
  }
}

describe('the job board', () => {
  it('lists newest first, updates one job, and tells subscribers', () => {
    const board = new JobBoard()
    const seen: string[][] = []
    board.subscribe((jobs) => seen.push(jobs.map((j) => `${j.jobId}:${j.phase}`)))
    board.add({ jobId: 'a', title: 'A' })
    board.add({ jobId: 'b', title: 'B' })
    board.update('a', { phase: 'queued' })
    expect(seen.at(-1)).toEqual(['b:drafted', 'a:queued'])
  })

  it('remembers cancels per job', () => {
    const board = new JobBoard()
    board.add({ jobId: 'a', title: 'A' })
    board.add({ jobId: 'b', title: 'B' })
    board.cancel('a')
    expect(board.isCancelled('a')).toBe(true)
    expect(board.isCancelled('b')).toBe(false)
  })

  it('keeps the last five finished jobs and every running one', () => {
    const board = new JobBoard()
    for (let i = 0; i < 8; i++) board.add({ jobId: `done-${i}`, title: `${i}`, phase: 'done' })
    board.add({ jobId: 'running', title: 'R' })
    const ids = board.list().map((j) => j.jobId)
    expect(ids).toContain('running')
    expect(ids.filter((id) => id.startsWith('done-'))).toEqual(['done-7', 'done-6', 'done-5', 'done-4', 'done-3'])
  })

  it("shows other people's jobs as running by whom, never cancels them, and drops them once the file no longer lists them", () => {
    const board = new JobBoard()
    board.add({ jobId: 'mine', title: 'Mine', phase: 'queued' })
    board.showOthers([othersJob('ana-1', 'Ana'), othersJob('ben-1', 'Ben')])
    expect(board.list().map((j) => [j.jobId, j.phase, j.startedBy])).toEqual([
      ['mine', 'queued', undefined],
      ['ana-1', 'running', 'Ana'],
      ['ben-1', 'running', 'Ben']
    ])
    board.cancel('ana-1')
    expect(board.isCancelled('ana-1')).toBe(false)
    expect(board.list().find((j) => j.jobId === 'ana-1')?.detail).toBe('')
    // Ben's job finished in his plugin: the next read of the file lists only Ana's. Mine is untouched.
    board.showOthers([othersJob('ana-1', 'Ana')])
    expect(board.list().map((j) => j.jobId)).toEqual(['mine', 'ana-1'])
  })
})

describe("refreshing other people's jobs while the panel is open", () => {
  it('reads the file again on a timer, shows what it lists, reports failed reads once, and stops', async () => {
    vi.useFakeTimers()
    try {
      const board = new JobBoard()
      board.showOthers([othersJob('ana-1', 'Ana')])
      const unreadable = async () => {
        throw new Error('the section could not be read')
      }
      const answers = [async () => ({ mine: [], others: [othersJob('ben-1', 'Ben')] }), unreadable, unreadable]
      const errors: string[] = []
      const stop = refreshOthers(board, () => answers.shift()!(), (message) => errors.push(message))
      await vi.advanceTimersByTimeAsync(OTHERS_REFRESH_MS)
      expect(board.list().map((j) => [j.jobId, j.startedBy])).toEqual([['ben-1', 'Ben']])
      await vi.advanceTimersByTimeAsync(OTHERS_REFRESH_MS * 2)
      expect(errors).toEqual(['the section could not be read'])
      stop()
      await vi.advanceTimersByTimeAsync(OTHERS_REFRESH_MS * 3)
      expect(answers).toEqual([])
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('the job list', () => {
  it("offers Cancel for this person's running job only; another person's says who started it", () => {
    const board = new JobBoard()
    board.add({ jobId: 'mine', title: 'Mine', phase: 'queued', detail: 'Queued: next up' })
    board.showOthers([othersJob('ana-1', 'Ana'), othersJob('anon', '')])
    render(h(JobList, { jobs: board.list(), onCancel: () => undefined, onDismiss: () => undefined }))

    const mine = screen.getByRole('listitem', { name: 'Job: Mine' })
    expect(within(mine).getByRole('button', { name: 'Cancel' })).toBeTruthy()
    const anas = screen.getByRole('listitem', { name: 'Job: Poster by Ana' })
    expect(within(anas).getByRole('status').textContent).toBe('Running · Started by Ana')
    expect(within(anas).queryAllByRole('button')).toEqual([])
    const unnamed = screen.getByRole('listitem', { name: 'Job: Poster by nobody named' })
    expect(within(unnamed).getByRole('status').textContent).toBe('Running · Started by someone else')
  })

  it('says each thing once on the status line: the phase, then only what it adds', () => {
    const line = (phase: Parameters<typeof statusLine>[0]['phase'], detail: string) => statusLine({ jobId: 'j', title: 'T', phase, detail, logs: [], costUsd: 0 })
    expect(line('queued', '2 ahead')).toBe('Queued, 2 ahead')
    expect(line('queued', 'next up')).toBe('Queued, next up')
    // The doubled word of old ("Queued · Queued: 2 ahead") is said once.
    expect(line('queued', 'Queued: 2 ahead')).toBe('Queued, 2 ahead')
    expect(line('queued', '')).toBe('Queued')
    expect(line('queued', 'Queued')).toBe('Queued')
    expect(line('placing', 'Placed 0 of 4')).toBe('Placing 1 of 4')
    expect(line('placing', 'Placed 1 of 4')).toBe('Placing 2 of 4')
    expect(line('placing', 'Placed 4 of 4')).toBe('Placing 4 of 4')
    expect(line('uploading', 'Uploading reference 1 of 2')).toBe('Uploading reference 1 of 2')
    expect(line('submitting', 'Sending to fal')).toBe('Submitting · Sending to fal')
    expect(line('generating', '')).toBe('Generating')
    expect(line('generating', 'Cancel requested: Kling may still finish and bill it')).toBe('Generating · Cancel requested: Kling may still finish and bill it')
    expect(line('done', 'Placed 4 of 4')).toBe('Done')
  })

  it('once Cancel is pressed, the button says "Cancel sent" and cannot be pressed again', () => {
    const board = new JobBoard()
    const onCancel = vi.fn((jobId: string) => board.cancel(jobId))
    board.add({ jobId: 'mine', title: 'Mine', phase: 'generating', detail: '' })
    const { rerender } = render(h(JobList, { jobs: board.list(), onCancel, onDismiss: () => undefined }))
    within(screen.getByRole('listitem', { name: 'Job: Mine' })).getByRole('button', { name: 'Cancel' }).click()
    rerender(h(JobList, { jobs: board.list(), onCancel, onDismiss: () => undefined }))
    const button = within(screen.getByRole('listitem', { name: 'Job: Mine' })).getByRole('button', { name: 'Cancel sent' }) as HTMLButtonElement
    expect(button.disabled).toBe(true)
    expect(onCancel).toHaveBeenCalledTimes(1)
  })

  it('a job known to be free shows its price struck and "not charged"; a paid one shows the price', () => {
    const board = new JobBoard()
    board.add({ jobId: 'free', title: 'Free', phase: 'cancelled', detail: '', costUsd: 0.112, notCharged: true, message: 'Cancelled while queued: fal removed it from the queue, so nothing was charged.' })
    board.add({ jobId: 'paid', title: 'Paid', phase: 'done', detail: '', costUsd: 0.112, message: 'Placed 4 images · $0.112.' })
    render(h(JobList, { jobs: board.list(), onCancel: () => undefined, onDismiss: () => undefined }))
    const free = screen.getByRole('listitem', { name: 'Job: Free' })
    expect(within(free).getByLabelText('$0.112, not charged').textContent).toBe('$0.112 not charged')
    expect(free.querySelector('s')?.textContent).toBe('$0.112')
    const paid = screen.getByRole('listitem', { name: 'Job: Paid' })
    expect(paid.textContent).toContain('$0.112')
    expect(paid.textContent).not.toContain('not charged')
    expect(paid.querySelector('s')).toBeNull()
  })
})
