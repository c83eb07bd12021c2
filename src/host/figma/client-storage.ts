// figma.clientStorage: per-user, per-plugin, asynchronous; values are copied in and out
// (JSON values and Uint8Array), and the whole store is limited to 5 MB. The plugin only gets and sets.
import { asFigmaApi } from './strict'
import { isUint8Array } from './realm'
import { errorMessage } from '../../error-message'

export const CLIENT_STORAGE_LIMIT = 5 * 1024 * 1024

function copy(method: string, value: unknown): unknown {
  if (value === undefined) return undefined
  if (isUint8Array(value)) return value.slice()
  try {
    return JSON.parse(JSON.stringify(value)) as unknown
  } catch (error) {
    throw new Error(`in ${method}: Value cannot be stored: ${errorMessage(error)}`)
  }
}

function sizeOf(store: Map<string, unknown>): number {
  let total = 0
  for (const [k, v] of store) total += k.length + (isUint8Array(v) ? v.length : JSON.stringify(v ?? null).length)
  return total
}

class ClientStorageImpl {
  constructor(private readonly _store: Map<string, unknown>) {}

  async getAsync(key: string): Promise<unknown> {
    if (typeof key !== 'string') throw new Error('in getAsync: Expected "key" to be a string')
    return copy('getAsync', this._store.get(key))
  }
  async setAsync(key: string, value: unknown): Promise<void> {
    if (typeof key !== 'string') throw new Error('in setAsync: Expected "key" to be a string')
    const stored = copy('setAsync', value)
    const previous = this._store.get(key)
    this._store.set(key, stored)
    if (sizeOf(this._store) > CLIENT_STORAGE_LIMIT) {
      if (previous === undefined) this._store.delete(key)
      else this._store.set(key, previous)
      throw new Error('in setAsync: clientStorage is limited to 5 MB per plugin')
    }
  }
}

export function createClientStorage(store: Map<string, unknown>): ClientStorageAPI {
  return asFigmaApi<ClientStorageAPI>(new ClientStorageImpl(store), { label: () => 'figma.clientStorage' })
}
