// Settings' "Test connection": checks the typed URL against this build's allowed origins, then /healthz,
// then the usage route with the typed token, and says in one sentence what the designer has.
import { checkProxyUrl } from '../../proxy-url'
import type { UsageAnswer } from '../../proxy-answers'
import { errorMessage } from '../../error-message'
import { moneyText, spendText } from '../money'
import type { ProxyConnection } from '../fal-client'
import { checkHealth, readUsage } from './read-usage'

export type ConnectionResult = { ok: true; message: string; spend: string; usage: UsageAnswer } | { ok: false; message: string }

export async function testConnection(
  { proxyUrl, token }: ProxyConnection,
  allowed?: readonly string[],
  fetchImpl: typeof fetch = fetch
): Promise<ConnectionResult> {
  const checked = checkProxyUrl(proxyUrl, allowed)
  if (!checked.ok) return { ok: false, message: checked.message }
  const connection = { proxyUrl: checked.address.url, token: token.trim() }
  try {
    await checkHealth(connection, fetchImpl)
    const usage = await readUsage(connection, fetchImpl)
    const { spentUsd, budgetUsd } = usage.today
    const to = usage.name === undefined ? '' : ` to ${usage.name}`
    if (usage.mode === 'offline') {
      return { ok: true, usage, message: `Offline proxy${to}: placeholder images, nothing billed.`, spend: `Today: ${spentUsd > 0 ? moneyText(spentUsd, 'offline') : 'nothing yet'}.` }
    }
    const spend = spendText(spentUsd, budgetUsd)
    const { teamSpentUsd, teamBudgetUsd } = usage.today
    const team = teamBudgetUsd === null ? '' : `Team: ${spendText(teamSpentUsd ?? 0, teamBudgetUsd)}.`
    return { ok: true, usage, message: `Live, connected${to}: ${spend}.`, spend: team }
  } catch (error) {
    return { ok: false, message: errorMessage(error) }
  }
}
