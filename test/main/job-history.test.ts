// A storyboard's job history as plain data: first and last whole, the others trimmed, bounded by bytes.
import { expect, test } from 'vitest'

import type { StoredJob } from '../../src/main/jobs'
import { boundHistory, HISTORY_LIMIT, isWholeJob, trimJob } from '../../src/main/job-history'

const job = (jobId: string, promptLength = 100): StoredJob => ({
  jobId,
  endpoint: 'fal-ai/kling-image/o3/text-to-image',
  input: { prompt: 'p'.repeat(promptLength), result_type: 'series', series_amount: 2 },
  panels: [{ number: 1, caption: 'a long caption' }, { number: 2, caption: 'another' }],
  nominalSize: { width: 1024, height: 576 },
  costUsd: 0.056,
  title: 'Storyboard',
  createdAt: '2026-11-26T12:00:00.000Z',
  state: 'done',
  requestId: `req-${jobId}`,
  sectionId: '1:2',
  filled: [1, 2]
})

test('a trimmed record keeps its outline: job, request, state, panel numbers, cost, time', () => {
  expect(trimJob(job('a'))).toEqual({ jobId: 'a', requestId: 'req-a', state: 'done', panels: [{ number: 1 }, { number: 2 }], costUsd: 0.056, createdAt: '2026-11-26T12:00:00.000Z' })
  const { requestId: _, ...unsent } = job('b')
  expect(trimJob(unsent)).not.toHaveProperty('requestId')
  expect(isWholeJob(trimJob(job('a')))).toBe(false)
  expect(isWholeJob(job('a'))).toBe(true)
  expect(isWholeJob(null as never)).toBe(false)
})

test('first and last stay whole, those between are trimmed, and the count is bounded', () => {
  const history = Array.from({ length: 30 }, (_, i) => job(`j${i}`))
  const kept = boundHistory(history, 100_000)
  expect(kept).toHaveLength(HISTORY_LIMIT)
  expect(kept[0]).toEqual(history[0])
  expect(kept.at(-1)).toEqual(history[29])
  expect(kept[1]).toEqual(trimJob(history[11]!))
  expect(kept.slice(1, -1).every((e) => !isWholeJob(e))).toBe(true)
  expect(boundHistory([history[0]!], 10)).toEqual([history[0]])
})

test('over the byte bound the oldest trimmed records go first; then the last is trimmed too', () => {
  const history = [job('first', 5000), ...Array.from({ length: 10 }, (_, i) => job(`m${i}`)), job('last', 5000)]
  const whole = JSON.stringify([history[0], history.at(-1)]).length
  const outline = JSON.stringify(trimJob(history[1]!)).length + 1
  const kept = boundHistory(history, whole + 3 * outline)
  expect(kept.map((e) => e.jobId)).toEqual(['first', 'm7', 'm8', 'm9', 'last'])
  expect(JSON.stringify(kept).length).toBeLessThanOrEqual(whole + 3 * outline)
  expect(boundHistory(history, whole - 1)).toEqual([history[0], trimJob(history.at(-1)!)])
})
