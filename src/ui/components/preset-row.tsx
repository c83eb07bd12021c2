// Presets in one compact row above the settings: one click applies one. A preset the form already
// matches shows as chosen (pressed). The designer's own presets can be deleted; "Save as preset" names
// the current settings as a new one.
import { Button, Textbox } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useState } from 'preact/hooks'

import { errorMessage } from '../../error-message'
import { BUILT_IN_PRESETS, type Preset, presetMatches } from '../../kling/presets'
import type { FormSettings } from '../form/form-settings'
import { styles } from './styles'

export interface PresetRowProps {
  settings: FormSettings
  saved: readonly Preset[]
  onApply: (preset: Preset) => void
  /** Rejects with the reason the name or the save was refused. */
  onSave: (name: string) => Promise<void>
  onDelete: (name: string) => Promise<void>
}

export function PresetRow({ settings, saved, onApply, onSave, onDelete }: PresetRowProps) {
  const [naming, setNaming] = useState(false)
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)

  const chip = (preset: Preset) => {
    const chosen = presetMatches(settings, preset)
    return (
      <button key={preset.name} type="button" aria-pressed={chosen} style={chosen ? { ...styles.chip, ...styles.chosenChip } : styles.chip} onClick={() => onApply(preset)}>
        {preset.name}
      </button>
    )
  }
  const attempt = (action: Promise<void>, after?: () => void) =>
    action.then(() => {
      setError(null)
      after?.()
    }, (e: unknown) => setError(errorMessage(e)))
  const save = () => void attempt(onSave(name), () => (setNaming(false), setName('')))

  return (
    <div style={styles.field}>
      <span id="presets-label" style={styles.label}>
        Presets
      </span>
      <div role="group" aria-labelledby="presets-label" style={styles.chips}>
        {BUILT_IN_PRESETS.map(chip)}
        {saved.map((preset) => (
          <span key={preset.name} style={{ display: 'inline-flex' }}>
            {chip(preset)}
            <button type="button" aria-label={`Delete preset ${preset.name}`} title="Delete preset" style={{ ...styles.chip, border: 'none' }} onClick={() => void attempt(onDelete(preset.name))}>
              ×
            </button>
          </span>
        ))}
        {naming ? null : (
          <button type="button" style={{ ...styles.chip, borderStyle: 'dashed' }} onClick={() => setNaming(true)}>
            Save as preset
          </button>
        )}
      </div>
      {naming ? (
        <div style={styles.row}>
          <div style={styles.grow}>
            <Textbox
              aria-label="Preset name"
              placeholder="Preset name"
              value={name}
              onValueInput={setName}
              onKeyDown={(event) => {
                if (event.key === 'Enter') save()
              }}
            />
          </div>
          <Button onClick={save}>Save preset</Button>
          <Button secondary onClick={() => (setNaming(false), setError(null))}>
            Cancel
          </Button>
        </div>
      ) : null}
      {error === null ? null : (
        <p role="alert" style={styles.error}>
          {error}
        </p>
      )}
    </div>
  )
}
