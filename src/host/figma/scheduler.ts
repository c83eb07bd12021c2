// Figma delivers events (selectionchange, UI messages) asynchronously. Everything deferred goes through
// here so tests and the playground can wait until the host is quiet.
export class Scheduler {
  private pending = 0
  private waiters: Array<() => void> = []

  later(fn: () => void): void {
    this.pending++
    setTimeout(() => {
      try {
        fn()
      } finally {
        this.pending--
        if (this.pending === 0) for (const w of this.waiters.splice(0)) w()
      }
    }, 0)
  }

  /** Resolves once nothing deferred is waiting to run (including work scheduled by deferred work). */
  idle(): Promise<void> {
    if (this.pending === 0) return new Promise((resolve) => setTimeout(resolve, 0))
    return new Promise((resolve) => this.waiters.push(resolve))
  }
}

type Handler = (...args: never[]) => unknown

export class Emitter<Name extends string> {
  private readonly handlers = new Map<Name, Array<{ fn: Handler; once: boolean }>>()

  on(name: Name, fn: Handler, once = false): void {
    const list = this.handlers.get(name) ?? []
    list.push({ fn, once })
    this.handlers.set(name, list)
  }

  off(name: Name, fn: Handler): void {
    const list = this.handlers.get(name)
    if (!list) return
    const i = list.findIndex((h) => h.fn === fn)
    if (i >= 0) list.splice(i, 1)
  }

  emit(name: Name, ...args: unknown[]): unknown[] {
    const list = this.handlers.get(name) ?? []
    const results: unknown[] = []
    for (const h of [...list]) {
      if (h.once) this.off(name, h.fn)
      results.push((h.fn as (...a: unknown[]) => unknown)(...args))
    }
    return results
  }

  count(name: Name): number {
    return this.handlers.get(name)?.length ?? 0
  }
}
