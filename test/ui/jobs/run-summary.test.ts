// A run of several jobs (formats, looks) says once what it placed, and names what it did not, with why.
import { describe, expect, test } from 'vitest'

import { FORMATS, LOOKS } from '../../../src/ui/jobs/run-together'
import { type RunEnding, runSummary } from '../../../src/ui/jobs/run-summary'
import { fitToast } from '../../../src/toast'

const done = (label: string): RunEnding => ({ label, phase: 'done', reason: 'Placed 1 · $0.028' })

describe('runSummary', () => {
  test('every job placed: the count, in the run\'s own word', () => {
    expect(runSummary(FORMATS, [done('2:3 poster'), done('16:9 thumbnail'), done('9:16 story')])).toEqual({ message: 'Placed 3 formats', error: false })
    expect(runSummary(LOOKS, [done('Noir')])).toEqual({ message: 'Placed 1 look', error: false })
  })

  test('failures are named with their reason, the same reason said once', () => {
    const refused = 'Not sent: nothing charged'
    const summary = runSummary(LOOKS, [
      done('Golden hour'),
      { label: 'Neon night', phase: 'failed', reason: refused },
      done('Overcast'),
      { label: 'Noir', phase: 'failed', reason: refused },
      done('High-key'),
      done('Candlelit')
    ])
    expect(summary).toEqual({ message: 'Placed 4 of 6 looks; Neon night and Noir failed (Not sent: nothing charged)', error: true })
  })

  test('different reasons each named; cancelled jobs named apart, and a cancel alone is not an error', () => {
    const summary = runSummary(FORMATS, [
      { label: '2:3 poster', phase: 'failed', reason: 'Kling failed' },
      { label: '1:1 square', phase: 'expired', reason: 'expired' },
      { label: '9:16', phase: 'cancelled', reason: 'Cancelled: nothing charged' }
    ])
    expect(summary.message).toBe('No formats placed; 2:3 poster failed (Kling failed); 1:1 square failed (expired); 9:16 cancelled')
    expect(summary.error).toBe(true)
    expect(runSummary(FORMATS, [done('2:3 poster'), { label: '1:1 square', phase: 'cancelled', reason: '' }, { label: '21:9 banner', phase: 'cancelled', reason: '' }])).toEqual({
      message: 'Placed 1 of 3 formats; 1:1 square and 21:9 banner cancelled',
      error: false
    })
  })

  test('a cancel fal may still bill says so, apart from the free ones', () => {
    const summary = runSummary(FORMATS, [
      done('2:3 poster'),
      { label: '16:9 thumbnail', phase: 'cancelled', reason: '', mayBeCharged: true },
      { label: '9:16 story', phase: 'cancelled', reason: '' }
    ])
    expect(summary).toEqual({ message: 'Placed 1 of 3 formats; 9:16 story cancelled; 16:9 thumbnail cancelled late, may still be billed', error: false })
    expect(fitToast(summary.message)).toBe(summary.message)
  })

  test('too long to show whole: counts and where to look, never a cut sentence', () => {
    const looks = ['Golden hour', 'Overcast', 'Neon night', 'Candlelit', 'High-key', 'Noir']
    const { message, error } = runSummary(
      LOOKS,
      looks.map((label, i) => ({ label, phase: i < 4 ? ('failed' as const) : ('cancelled' as const), reason: `Reason number ${i}`, mayBeCharged: i === 5 }))
    )
    expect(message).toBe('No looks placed; 4 failed, 2 cancelled (1 may still be billed): see the jobs in Keyframe')
    expect(error).toBe(true)
    expect(fitToast(message)).toBe(message)
  })
})
