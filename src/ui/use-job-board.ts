import { useEffect, useState } from 'preact/hooks'

import type { JobBoard } from './jobs/job-board'
import type { JobProgress } from './jobs/job-progress'

export function useJobBoard(board: JobBoard): readonly JobProgress[] {
  const [jobs, setJobs] = useState(board.list())
  useEffect(() => board.subscribe(setJobs), [board])
  return jobs
}
