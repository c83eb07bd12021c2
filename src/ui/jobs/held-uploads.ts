// Which of the main thread's exports this UI session has uploaded (or found uploaded), by export id: asked
// again for the same export, the main thread answers without its bytes and the URL is taken from here. Lives
// as long as the UI; a new session starts empty, so its first ask always gets bytes.

/** More than a few jobs' references; the oldest are dropped (then asked for with bytes, as before). */
const MAX_HELD = 200

export class HeldUploads {
  /** By JSON [proxy URL, export id]: fal URLs differ between proxies. */
  private readonly urls = new Map<string, string>()

  /** The uploads to this proxy held now, by export id. */
  uploads(proxyUrl: string): Map<string, string> {
    const held = new Map<string, string>()
    for (const [key, url] of this.urls) {
      const [proxy, id] = JSON.parse(key) as [string, string]
      if (proxy === proxyUrl) held.set(id, url)
    }
    return held
  }

  remember(proxyUrl: string, exportId: string, url: string): void {
    const key = JSON.stringify([proxyUrl, exportId])
    this.urls.delete(key)
    this.urls.set(key, url)
    if (this.urls.size > MAX_HELD) this.urls.delete(this.urls.keys().next().value!)
  }
}
