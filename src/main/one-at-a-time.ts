// Runs async calls one after another in the order they were made. The UI posts a job's panels without
// waiting for each answer; placing them one at a time keeps each placement whole (no other panel's
// fill runs between its awaits), as when every post waited for the answer before it.
export function oneAtATime(): <T>(call: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve()
  return (call) => {
    const run = last.then(call)
    last = run.catch(() => undefined)
    return run
  }
}
