// Plugin data: string key/value pairs stored on nodes, pages and the document (shared plugin data is not
// modelled: the plugin keeps its records private).
// Figma limits each entry (key + value) to 100 kB; we count UTF-8 bytes against 100 000, the strict reading.

export const PLUGIN_DATA_ENTRY_LIMIT = 100_000

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length
}

function checkEntry(method: string, key: unknown, value: unknown): asserts key is string {
  if (typeof key !== 'string') throw new Error(`in ${method}: Expected "key" to be a string`)
  if (typeof value !== 'string') throw new Error(`in ${method}: Expected "value" to be a string`)
  const size = utf8Length(key) + utf8Length(value)
  if (size > PLUGIN_DATA_ENTRY_LIMIT) {
    throw new Error(
      `in ${method}: Plugin data entry is too large: key + value is ${size} bytes; the limit is 100 kB per entry`
    )
  }
}

export class PluginDataStore {
  private readonly own = new Map<string, string>()

  get(key: string): string {
    if (typeof key !== 'string') throw new Error('in getPluginData: Expected "key" to be a string')
    return this.own.get(key) ?? ''
  }

  set(key: string, value: string): void {
    checkEntry('setPluginData', key, value)
    // An empty value deletes the entry, as in Figma: it no longer shows in getPluginDataKeys.
    if (value === '') this.own.delete(key)
    else this.own.set(key, value)
  }

  keys(): string[] {
    return [...this.own.keys()]
  }
}
