// A write that must not be lost to a passing hiccup (a database failover, a full disk just freed): tried a
// few times with growing pauses before its failure is given up on. Only for writes that are safe to repeat.

/** Pauses before the second, third… attempt. */
export const RETRY_PAUSES_MS = [100, 400, 1600]

export async function retryWrite<T>(write: () => Promise<T>, pauses: readonly number[] = RETRY_PAUSES_MS, sleep = defaultSleep): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write()
    } catch (error) {
      const pause = pauses[attempt]
      if (pause === undefined) throw error
      await sleep(pause)
    }
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
