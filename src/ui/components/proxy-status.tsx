// The header's one line: the proxy's mode as a word, its name (or host), and in live mode today's spend
// against the budget. An unreachable proxy or a refused token is said calmly in the same line.
import { h } from 'preact'

import { spendText } from '../money'
import type { UsageState } from '../usage/use-usage'
import { styles } from './styles'

const OFFLINE_HINT = 'Offline: placeholder images, nothing billed'

const line = { ...styles.muted, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0, flex: '1 1 auto' } as const

export function proxyStatusText(state: UsageState, host: string): { text: string; title: string } {
  if (state.kind === 'loading') return { text: `Connecting to ${host}…`, title: host }
  if (state.kind === 'error') {
    const text = state.problem === 'token' ? `${host}: token not accepted, see Settings` : state.problem === 'unreachable' ? `Can't reach ${host}` : `${host}: no usage answer`
    return { text, title: state.message }
  }
  const { usage } = state
  const name = usage.name ?? host
  if (usage.mode === 'offline') return { text: `${name} · placeholders, nothing billed`, title: `${OFFLINE_HINT}. ${name}` }
  const budget = usage.today.budgetUsd ?? usage.today.teamBudgetUsd
  const spent = usage.today.budgetUsd === null && usage.today.teamBudgetUsd !== null ? (usage.today.teamSpentUsd ?? 0) : usage.today.spentUsd
  return { text: `${name} · ${spendText(spent, budget)}`, title: `Live: images are billed to your team's fal account. ${name}` }
}

export function ProxyStatus({ state, host }: { state: UsageState; host: string }) {
  const { text, title } = proxyStatusText(state, host)
  const mode = state.kind === 'ok' ? (state.usage.mode === 'live' ? 'Live' : 'Offline') : null
  return (
    <span role="status" aria-label="Proxy" title={title} style={line}>
      {mode === null ? null : <strong style={{ color: mode === 'Live' ? 'var(--figma-color-text-success)' : 'var(--figma-color-text)' }}>{mode}</strong>}
      {mode === null ? '' : ' · '}
      <span style={state.kind === 'error' ? { color: 'var(--figma-color-text-warning)' } : undefined}>{text}</span>
    </span>
  )
}
