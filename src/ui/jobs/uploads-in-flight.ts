// Uploads under way in this UI session, by the upload cache's key (proxy and content hash). Jobs started
// together (a row of formats, a sheet of looks) export the same image at the same moment; the upload cache
// only knows uploads that finished, so each would send the bytes again. Here the second asker waits for the
// first one's upload instead. An entry lives only while its upload runs: once it ends the cache answers, and a
// failed upload leaves nothing behind, so the next try uploads afresh.

export class UploadsInFlight {
  private readonly running = new Map<string, Promise<unknown>>()

  /**
   * The running work for `key`, joined (`joined: true`) when another job started it, else `start()` begun
   * now. Every asker gets the same result, or the same error.
   */
  share<T>(key: string, start: () => Promise<T>): { result: Promise<T>; joined: boolean } {
    const running = this.running.get(key)
    if (running) return { result: running as Promise<T>, joined: true }
    const result = start()
    this.running.set(key, result)
    const clear = () => {
      if (this.running.get(key) === result) this.running.delete(key)
    }
    result.then(clear, clear)
    return { result, joined: false }
  }
}
