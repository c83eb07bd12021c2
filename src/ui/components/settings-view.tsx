// Where the proxy is and the token for it, kept in figma.clientStorage on this machine only. No <form>:
// Figma's sandboxed iframe blocks form submission, so Save and Enter call save() directly.
import { Button, Textbox } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useState } from 'preact/hooks'

import type { ProxySettings } from '../../messages'
import { ALLOWED_PROXY_ORIGINS, LOCAL_PROXY_URL } from '../../proxy-url'
import { type ConnectionResult, testConnection } from '../usage/test-connection'
import { Field } from './field'
import { styles } from './styles'
import { errorMessage } from '../../error-message'

export interface SettingsViewProps {
  settings: ProxySettings
  onSave: (settings: { proxyUrl: string; token: string }) => Promise<void>
  onClose: () => void
  /** Tests pass their own; the build's allowed origins otherwise. */
  test?: (connection: { proxyUrl: string; token: string }) => Promise<ConnectionResult>
}

export function SettingsView({ settings, onSave, onClose, test = (c) => testConnection(c) }: SettingsViewProps) {
  const [proxyUrl, setProxyUrl] = useState(settings.proxyUrl)
  const [token, setToken] = useState(settings.token)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [testing, setTesting] = useState(false)
  const [result, setResult] = useState<ConnectionResult | null>(null)

  async function save() {
    setSaving(true)
    setError(null)
    try {
      await onSave({ proxyUrl, token })
      onClose()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }

  async function check() {
    setTesting(true)
    setResult(null)
    try {
      setResult(await test({ proxyUrl, token }))
    } finally {
      setTesting(false)
    }
  }

  return (
    <div
      style={styles.page}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && event.target instanceof HTMLInputElement) {
          event.preventDefault()
          void save()
        }
      }}
    >
      <h2 style={styles.title}>Settings</h2>
      <Field id="proxy-url" label="Proxy URL" labelFor="proxy-url" hint={`Your team's Keyframe proxy. The local one is ${LOCAL_PROXY_URL}.`}>
        <Textbox id="proxy-url" value={proxyUrl} onValueInput={setProxyUrl} />
      </Field>
      <Field id="token" label="Token" labelFor="token" hint="The token your team gave you for the proxy. Stored on this computer only.">
        <Textbox id="token" password value={token} onValueInput={setToken} placeholder="Not needed for the local proxy" />
      </Field>
      {error === null ? null : (
        <p role="alert" style={styles.error}>
          {error}
        </p>
      )}
      <div style={styles.row}>
        <Button loading={saving} onClick={() => void save()}>
          Save
        </Button>
        <Button secondary loading={testing} onClick={() => void check()}>
          Test connection
        </Button>
        <Button secondary onClick={onClose}>
          Back
        </Button>
      </div>
      {result === null ? null : (
        <div role="status" aria-label="Connection">
          <p style={result.ok ? styles.hint : styles.error}>{result.message}</p>
          {result.ok && result.spend !== '' ? <p style={styles.hint}>{result.spend}</p> : null}
        </div>
      )}
      <p style={styles.hint}>{`This build of Keyframe may reach: ${ALLOWED_PROXY_ORIGINS.join(', ')}.`}</p>
    </div>
  )
}
