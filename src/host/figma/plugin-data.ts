// Plugin data and shared plugin data: string key/value pairs stored on nodes, pages and the document.
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

function checkNamespace(method: string, namespace: unknown): asserts namespace is string {
  // Figma asks for a namespace of at least 3 alphanumeric characters (plus `_` and `.`).
  if (typeof namespace !== 'string' || !/^[A-Za-z0-9_.]{3,}$/.test(namespace)) {
    throw new Error(`in ${method}: Invalid namespace "${String(namespace)}": use at least 3 alphanumeric characters`)
  }
}

export class PluginDataStore {
  private readonly own = new Map<string, string>()
  private readonly shared = new Map<string, Map<string, string>>()

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

  getShared(namespace: string, key: string): string {
    checkNamespace('getSharedPluginData', namespace)
    return this.shared.get(namespace)?.get(key) ?? ''
  }

  setShared(namespace: string, key: string, value: string): void {
    checkNamespace('setSharedPluginData', namespace)
    checkEntry('setSharedPluginData', key, value)
    let entries = this.shared.get(namespace)
    if (!entries) this.shared.set(namespace, (entries = new Map()))
    if (value === '') entries.delete(key)
    else entries.set(key, value)
  }

  sharedKeys(namespace: string): string[] {
    checkNamespace('getSharedPluginDataKeys', namespace)
    return [...(this.shared.get(namespace)?.keys() ?? [])]
  }

  ownEntries(): Record<string, string> {
    return Object.fromEntries(this.own)
  }

  sharedEntries(): Record<string, Record<string, string>> {
    return Object.fromEntries([...this.shared].map(([ns, m]) => [ns, Object.fromEntries(m)]))
  }
}
