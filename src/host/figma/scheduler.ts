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

/** figma.on's listeners: the plugin adds them, the playground removes them when a run ends (no once). */
export class Emitter<Name extends string> {
  private readonly handlers = new Map<Name, Handler[]>()

  on(name: Name, fn: Handler): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), fn])
  }

  off(name: Name, fn: Handler): void {
    this.handlers.set(name, (this.handlers.get(name) ?? []).filter((h) => h !== fn))
  }

  emit(name: Name, ...args: unknown[]): void {
    for (const fn of this.handlers.get(name) ?? []) (fn as (...a: unknown[]) => unknown)(...args)
  }
}
