// A write retried through a passing failure, and given up on (its error rethrown) after the last pause.
import { describe, expect, it } from 'vitest'

import { retryWrite } from '../../src/proxy/retry-write'

describe('retryWrite', () => {
  it('tries again after each pause until the write works', async () => {
    const slept: number[] = []
    let calls = 0
    const value = await retryWrite(
      async () => {
        calls += 1
        if (calls < 3) throw new Error(`hiccup ${calls}`)
        return 'bound'
      },
      [10, 20, 30],
      async (ms) => void slept.push(ms)
    )
    expect(value).toBe('bound')
    expect(calls).toBe(3)
    expect(slept).toEqual([10, 20])
  })

  it('rethrows the last failure once every pause is used', async () => {
    let calls = 0
    const attempt = retryWrite(
      async () => {
        calls += 1
        throw new Error(`down ${calls}`)
      },
      [1, 1],
      async () => undefined
    )
    await expect(attempt).rejects.toThrow('down 3')
    expect(calls).toBe(3)
  })
})
