import { describe, expect, it } from 'vitest'

import { JobBoard } from '../../src/ui/jobs/job-board'

describe('the job board', () => {
  it('lists newest first, updates one job, and tells subscribers', () => {
    const board = new JobBoard()
    const seen: string[][] = []
    board.subscribe((jobs) => seen.push(jobs.map((j) => `${j.jobId}:${j.phase}`)))
    board.add({ jobId: 'a', title: 'A' })
    board.add({ jobId: 'b', title: 'B' })
    board.update('a', { phase: 'queued' })
    expect(seen.at(-1)).toEqual(['b:uploading', 'a:queued'])
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
})
