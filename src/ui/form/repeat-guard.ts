// A double click on Generate (or Ctrl/Cmd+Enter pressed twice) must not pay for the same images twice.
// The same request started again within a moment is taken as the same press, not a second order; the
// same request started later is a deliberate repeat, and goes.
export const REPEAT_WINDOW_MS = 1500

export interface RepeatGuard {
  /** True when `key` was started less than the window ago; otherwise records it as started now. */
  isRepeat(key: string): boolean
}

export function createRepeatGuard(now: () => number = Date.now, windowMs: number = REPEAT_WINDOW_MS): RepeatGuard {
  let last: { key: string; at: number } | undefined
  return {
    isRepeat(key) {
      const at = now()
      if (last !== undefined && last.key === key && at - last.at < windowMs) return true
      last = { key, at }
      return false
    }
  }
}
