// "Formats" for one selected panel: the same key art as several deliverables (2:3 poster, 16:9 thumbnail…),
// each made by O3 image-to-image from the panel's shown image. The checklist offers only what the catalog
// offers; the total is shown before the click, and a format the composer refuses disables the click with why.
import { Button, Checkbox, Text } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useState } from 'preact/hooks'

import { DEFAULT_FORMAT_LABELS, formatsCount, formatsFromPanel, offeredDeliverables } from '../../kling/formats'
import type { PanelSummary } from '../../messages'
import { moneyText, type ProxyMode } from '../money'
import { panelSource, PRICE_ONLY_URL } from './finalize'
import { styles } from './styles'

const PRICE_ONLY = { url: PRICE_ONLY_URL, width: 1, height: 1 }

export interface FormatsProps {
  panel: PanelSummary
  onFormats: (panel: PanelSummary, labels: string[]) => void
  mode?: ProxyMode | undefined
}

export function Formats({ panel, onFormats, mode }: FormatsProps) {
  const offered = offeredDeliverables('o3', 'image-to-image')
  const [checked, setChecked] = useState<readonly string[]>(DEFAULT_FORMAT_LABELS)
  if (!panel.shown) return null
  const labels = offered.map((d) => d.label).filter((l) => checked.includes(l))
  const priced = formatsFromPanel(panelSource(panel), PRICE_ONLY, labels)
  const why = panel.running === true ? `${panel.name} is still being regenerated.` : priced.ok ? undefined : priced.errors.map((e) => `${e.message} ${e.fix}`).join(' ')
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
        <Button secondary onClick={() => onFormats(panel, labels)} disabled={why !== undefined}>
          Formats
        </Button>
        <span style={styles.muted}>{priced.ok ? `${formatsCount(priced.requests.length)} · ${moneyText(priced.costUsd, mode)}` : ''}</span>
      </div>
      <p style={styles.hint}>The same picture reframed for each format, placed as a labelled row beside its section.</p>
      {why === undefined ? null : (
        <p role="alert" style={styles.error}>
          {why}
        </p>
      )}
    </div>
  )
}
