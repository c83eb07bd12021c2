// "Formats" for one selected panel: the same key art as several deliverables (2:3 poster, 16:9 thumbnail…),
// each made by O3 image-to-image from the panel's shown image. The checklist offers only what the catalog
// offers; the total is shown before the click, and a format the composer refuses disables the click with why.
import { Button, Checkbox, Text } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useState } from 'preact/hooks'

import { DEFAULT_FORMAT_LABELS, type Deliverable, formatsCount, formatsFromPanel, type FormatsResult, offeredDeliverables } from '../../kling/formats'
import type { PanelSummary } from '../../messages'
import { moneyText, type ProxyMode } from '../money'
import { panelSource, PRICE_ONLY_URL } from '../form/panel-source'
import { styles } from './styles'

const PRICE_ONLY = { url: PRICE_ONLY_URL, width: 1, height: 1 }

export interface FormatsProps {
  panel: PanelSummary
  onFormats: (panel: PanelSummary, labels: string[]) => void
  mode?: ProxyMode | undefined
}

export function Formats({ panel, onFormats, mode }: FormatsProps) {
  if (!panel.shown) return null
  return (
    <FormatsChooser
      offered={offeredDeliverables('o3', 'image-to-image')}
      price={(labels) => formatsFromPanel(panelSource(panel), PRICE_ONLY, labels)}
      blocked={panel.running === true ? `${panel.name} is still being regenerated.` : undefined}
      onFormats={(labels) => onFormats(panel, labels)}
      hint="The same picture reframed for each format, placed as a labelled row beside its section."
      mode={mode}
    />
  )
}

export interface FormatsChooserProps {
  /** The deliverables the model offers (from the catalog). */
  offered: readonly Deliverable[]
  /** The checked formats' requests and total, or why they cannot be made. */
  price: (labels: string[]) => FormatsResult
  /** Why the click is off for now, whatever is checked ('' when said elsewhere: off without a message). */
  blocked?: string | undefined
  onFormats: (labels: string[]) => void
  hint: string
  mode?: ProxyMode | undefined
}

/** The checklist, the one total before the click, and the Formats button (off, with why, when any is refused). */
export function FormatsChooser({ offered, price, blocked, onFormats, hint, mode }: FormatsChooserProps) {
  const [checked, setChecked] = useState<readonly string[]>(DEFAULT_FORMAT_LABELS)
  const labels = offered.map((d) => d.label).filter((l) => checked.includes(l))
  const priced = price(labels)
  const why = blocked ?? (priced.ok ? undefined : priced.errors.map((e) => `${e.message} ${e.fix}`).join(' '))
  const toggle = (label: string, on: boolean) => setChecked((now) => (on ? [...now, label] : now.filter((l) => l !== label)))
  return (
    <div role="group" aria-label="Formats">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, margin: '4px 0' }}>
        {offered.map((d) => (
          <Checkbox key={d.label} value={checked.includes(d.label)} onValueChange={(on) => toggle(d.label, on)}>
            <Text>{d.label}</Text>
          </Checkbox>
        ))}
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
        <Button secondary onClick={() => onFormats(labels)} disabled={why !== undefined}>
          Formats
        </Button>
        <span style={styles.muted}>{priced.ok ? `${formatsCount(priced.requests.length)} · ${moneyText(priced.costUsd, mode)}` : ''}</span>
      </div>
      <p style={styles.hint}>{hint}</p>
      {why === undefined || why === '' ? null : (
        <p role="alert" style={styles.error}>
          {why}
        </p>
      )}
    </div>
  )
}
