// Offline rendering takes turns: at most a few renders at once in this process, the rest wait in order.
// Without a bound, four submits with 25 large references each held one plain job up for 17–21 s and
// took 558 MB (issue #12). A job waiting here is still IN_QUEUE or IN_PROGRESS by the queue's clock
// (jobs.ts); only the moment its images are ready moves.

export interface SlotCounts {
  running: number
  waiting: number
}

export class RenderSlots {
  private running = 0
  private readonly waiting: (() => void)[] = []
  private readonly observers = new Set<(counts: SlotCounts) => void>()

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`RenderSlots needs a limit of 1 or more, not ${limit}.`)
  }

  /** Runs `task` when a slot is free, first come first served. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve)
        this.notify()
      })
    } else {
      this.running++
    }
    this.notify()
    try {
      return await task()
    } finally {
      const next = this.waiting.shift()
      // The slot passes straight to the next in line, so `running` never dips and lets a newcomer jump ahead.
      if (next) next()
      else this.running--
      this.notify()
    }
  }

  counts(): SlotCounts {
    return { running: this.running, waiting: this.waiting.length }
  }

  /** Calls `observer` with the counts after every change; returns a function that stops it. For tests and logs. */
  observe(observer: (counts: SlotCounts) => void): () => void {
    this.observers.add(observer)
    return () => this.observers.delete(observer)
  }

  private notify(): void {
    const counts = this.counts()
    for (const observer of this.observers) observer(counts)
  }
}

/** Two at a time: the machine this runs on has two cores shared with the proxy's own work. */
export const renderSlots = new RenderSlots(2)
