// @vitest-environment happy-dom
// The header's mode line and Settings' Test connection as a designer meets them.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact'
import { h } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'

import type { UsageAnswer } from '../../src/proxy-answers'
import { ProxyStatus } from '../../src/ui/components/proxy-status'
import { SettingsView } from '../../src/ui/components/settings-view'
import type { ConnectionResult } from '../../src/ui/usage/test-connection'

afterEach(cleanup)

const usage = (over: Partial<UsageAnswer> = {}, today: Partial<UsageAnswer['today']> = {}): UsageAnswer => ({
  mode: 'live',
  day: '2026-11-27',
  ...over,
  today: { spentUsd: 1.234, budgetUsd: 25, teamSpentUsd: 4, teamBudgetUsd: null, ...today }
})

describe('header', () => {
  it('offline: the word Offline, the host, and that nothing is billed', () => {
    render(<ProxyStatus state={{ kind: 'ok', usage: usage({ mode: 'offline' }) }} host="Local proxy" />)
    const status = screen.getByRole('status', { name: 'Proxy' })
    expect(status.textContent).toBe('Offline · Local proxy · placeholders, nothing billed')
    expect(status.getAttribute('title')).toMatch(/^Offline: placeholder images, nothing billed/)
  })

  it("live: the proxy's name and today's spend against the budget", () => {
    render(<ProxyStatus state={{ kind: 'ok', usage: usage({ name: 'Acme studio' }) }} host="proxy.acme.com" />)
    expect(screen.getByRole('status', { name: 'Proxy' }).textContent).toBe('Live · Acme studio · $1.23 of $25 today')
  })

  it("live with only a team budget: the team's spend against it", () => {
    render(<ProxyStatus state={{ kind: 'ok', usage: usage({}, { budgetUsd: null, teamBudgetUsd: 100 }) }} host="proxy.acme.com" />)
    expect(screen.getByRole('status', { name: 'Proxy' }).textContent).toBe('Live · proxy.acme.com · $4.00 of $100 today')
  })

  it('an unreachable proxy or a refused token: one calm line, the whole reason in its tooltip', () => {
    render(<ProxyStatus state={{ kind: 'error', problem: 'unreachable', message: "Can't reach the proxy at http://localhost:8787. Is it running?" }} host="Local proxy" />)
    const status = screen.getByRole('status', { name: 'Proxy' })
    expect(status.textContent).toBe("Can't reach Local proxy")
    expect(status.getAttribute('title')).toMatch(/Is it running\?/)
    cleanup()
    render(<ProxyStatus state={{ kind: 'error', problem: 'token', message: 'Token not accepted (401)' }} host="proxy.acme.com" />)
    expect(screen.getByRole('status', { name: 'Proxy' }).textContent).toBe('proxy.acme.com: token not accepted, see Settings')
  })
})

describe('Settings', () => {
  const settings = { proxyUrl: 'http://localhost:8787/api/fal/proxy', token: '', isDefault: true }

  function renderSettings(answer: ConnectionResult) {
    const tested: { proxyUrl: string; token: string }[] = []
    const saved: unknown[] = []
    render(
      <SettingsView
        settings={settings}
        onSave={async (s) => void saved.push(s)}
        onClose={() => undefined}
        test={async (c) => (tested.push(c), answer)}
      />
    )
    return { tested, saved }
  }

  it('Test connection sends the typed URL and token and shows what came back', async () => {
    const { tested } = renderSettings({ ok: true, message: 'Live, connected: $1.23 of $20 today.', spend: 'Team: $4.00 of $100 today.', usage: usage() })
    fireEvent.input(screen.getByLabelText('Token'), { target: { value: 'typed-token' } })
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }))
    const status = await screen.findByRole('status', { name: 'Connection' })
    expect(status.textContent).toBe('Live, connected: $1.23 of $20 today.Team: $4.00 of $100 today.')
    expect(tested).toEqual([{ proxyUrl: settings.proxyUrl, token: 'typed-token' }])
  })

  it('a wrong token is said as the problem', async () => {
    renderSettings({ ok: false, message: 'Token not accepted (401): The access token was not accepted.' })
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }))
    expect((await screen.findByRole('status', { name: 'Connection' })).textContent).toBe('Token not accepted (401): The access token was not accepted.')
  })

  it("lists the build's allowed proxy origins", () => {
    renderSettings({ ok: false, message: '' })
    expect(screen.getByText(/^This build of Keyframe may reach: .*http:\/\/localhost:8787\.$/)).toBeTruthy()
  })

  it('Save and Enter save without a form submission (the sandbox blocks it)', async () => {
    const { saved } = renderSettings({ ok: false, message: '' })
    expect(document.querySelector('form')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(saved).toHaveLength(1))
    fireEvent.keyDown(screen.getByLabelText('Proxy URL'), { key: 'Enter' })
    await waitFor(() => expect(saved).toHaveLength(2))
  })
})

describe('useUsage', () => {
  it('reads on opening and again when a job ends; a refused read becomes a calm error state', async () => {
    const { useUsage } = await import('../../src/ui/usage/use-usage')
    const { UsageError } = await import('../../src/ui/usage/read-usage')
    let calls = 0
    let fail = false
    const read = async () => {
      calls++
      if (fail) throw new UsageError('unreachable', "Can't reach the proxy")
      return usage({ mode: 'live' }, { spentUsd: calls })
    }
    const proxy = { proxyUrl: 'http://localhost:8787/api/fal/proxy', token: '' }
    function Probe({ after }: { after: number }) {
      const state = useUsage(proxy, after, read)
      return <p>{state.kind === 'ok' ? `spent ${state.usage.today.spentUsd}` : state.kind === 'error' ? `error ${state.problem}` : 'loading'}</p>
    }
    const { rerender } = render(<Probe after={0} />)
    await screen.findByText('spent 1')
    rerender(<Probe after={1} />)
    await screen.findByText('spent 2')
    fail = true
    rerender(<Probe after={2} />)
    await screen.findByText('error unreachable')
    expect(calls).toBe(3)
  })
})
