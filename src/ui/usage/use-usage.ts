// The proxy's usage, read when the panel opens (or the proxy settings change) and again whenever `after`
// changes (the app passes the number of finished jobs). A stale answer never replaces a newer one.
import { useEffect, useState } from 'preact/hooks'

import type { UsageAnswer } from '../../proxy-answers'
import { errorMessage } from '../../error-message'
import type { ProxyConnection } from '../fal-client'
import { readUsage, UsageError, type UsageProblem } from './read-usage'

export type UsageState =
  | { kind: 'loading' }
  | { kind: 'ok'; usage: UsageAnswer }
  | { kind: 'error'; problem: UsageProblem; message: string }

export function useUsage(proxy: ProxyConnection | null, after: number, read: typeof readUsage = readUsage): UsageState {
  const [state, setState] = useState<UsageState>({ kind: 'loading' })
  const url = proxy?.proxyUrl
  const token = proxy?.token
  useEffect(() => {
    if (url === undefined || token === undefined) return
    let current = true
    read({ proxyUrl: url, token }).then(
      (usage) => current && setState({ kind: 'ok', usage }),
      (error: unknown) =>
        current && setState({ kind: 'error', problem: error instanceof UsageError ? error.problem : 'answer', message: errorMessage(error) })
    )
    return () => {
      current = false
    }
  }, [url, token, after, read])
  return state
}
