// The double-press guard on Generate, with a clock the test controls.
import { describe, expect, test } from 'vitest'

import { createRepeatGuard, REPEAT_WINDOW_MS } from '../../src/ui/form/repeat-guard'

describe('the repeat guard', () => {
  test('the same request again within the window is the same press; later, or a different one, goes', () => {
    let now = 10_000
    const guard = createRepeatGuard(() => now)
    expect(guard.isRepeat('series of 4')).toBe(false)
    now += 200
    expect(guard.isRepeat('series of 4')).toBe(true)
    // A different request is its own order, at once.
    expect(guard.isRepeat('single image')).toBe(false)
    now += 100
    expect(guard.isRepeat('series of 4')).toBe(false)
    now += REPEAT_WINDOW_MS
    expect(guard.isRepeat('series of 4')).toBe(false)
  })

  test('the window counts from the first press, so holding the keys down cannot stretch it forever', () => {
    let now = 0
    const guard = createRepeatGuard(() => now, 1000)
    expect(guard.isRepeat('k')).toBe(false)
    now = 900
    expect(guard.isRepeat('k')).toBe(true)
    now = 1000
    expect(guard.isRepeat('k')).toBe(false)
  })
})
