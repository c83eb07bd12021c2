// Where the proxy is and the token for it, kept in figma.clientStorage on this machine only.
import { Button, Textbox } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useState } from 'preact/hooks'

import type { ProxySettings } from '../../messages'
import { LOCAL_PROXY_URL } from '../../proxy-url'
import { Field } from './field'
import { styles } from './styles'

export interface SettingsViewProps {
  settings: ProxySettings
  onSave: (settings: { proxyUrl: string; token: string }) => Promise<void>
  onClose: () => void
}

export function SettingsView({ settings, onSave, onClose }: SettingsViewProps) {
  const [proxyUrl, setProxyUrl] = useState(settings.proxyUrl)
  const [token, setToken] = useState(settings.token)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  async function save() {
    setSaving(true)
    setError(null)
    try {
      await onSave({ proxyUrl, token })
      onClose()
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setSaving(false)
    }
  }

  return (
    <form
      style={styles.page}
      onSubmit={(event) => {
        event.preventDefault()
        void save()
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
        <Button secondary onClick={onClose}>
          Back
        </Button>
      </div>
    </form>
  )
}
