// "Finalize" for one selected panel: the same picture at 2K or 4K, made from the panel's shown image (Kling has
// no seed, so its prompt alone would give another picture). Offered only above the shown image's resolution,
// its cost shown before the click. A final version whose file is larger than Figma holds (4096 px a side)
// offers that file as a download.
import { Button, SegmentedControl } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useState } from 'preact/hooks'

import { errorMessage } from '../../error-message'
import { finalizeRequest, finalizeResolutions } from '../../kling/from-panel-image'
import type { Resolution } from '../../kling/schemas'
import type { PanelSummary } from '../../messages'
import { downloadFile } from '../export/save-file'
import { panelSource, PRICE_ONLY_URL } from '../form/panel-source'
import { downloadImage } from '../jobs/place-results'
import { moneyText, type ProxyMode } from '../money'
import { styles } from './styles'

const PRICE_ONLY = { url: PRICE_ONLY_URL, width: 1, height: 1 }

export interface FinalizeProps {
  panel: PanelSummary
  onFinalize: (panel: PanelSummary, resolution: Resolution) => void
  mode?: ProxyMode | undefined
}

export function Finalize({ panel, onFinalize, mode }: FinalizeProps) {
  const choices = panel.shown ? finalizeResolutions(panel.shown.input.resolution) : []
  const [picked, setPicked] = useState<Resolution | undefined>(undefined)
  if (choices.length === 0) return null
  const resolution = picked !== undefined && choices.includes(picked) ? picked : choices[0]!
  const priced = finalizeRequest(panelSource(panel), PRICE_ONLY, resolution)
  // A running regenerate is said once, by the card; only Finalize's own problem is said here.
  const why = priced.ok ? undefined : priced.errors.map((e) => `${e.message} ${e.fix}`).join(' ')
  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
        <Button secondary onClick={() => onFinalize(panel, resolution)} disabled={why !== undefined || panel.running === true}>
          Finalize
        </Button>
        <div role="radiogroup" aria-label="Finalize at">
          <SegmentedControl value={resolution} options={choices.map((r) => ({ value: r, children: r }))} onValueChange={(v) => setPicked(v as Resolution)} />
        </div>
        <span style={styles.muted}>{priced.ok ? moneyText(priced.request.costUsd, mode) : ''}</span>
      </div>
      <p style={styles.hint}>The same picture at {resolution}: its image and prompt, kept as a new version marked final.</p>
      {why === undefined ? null : (
        <p role="alert" style={styles.error}>
          {why}
        </p>
      )}
    </div>
  )
}

/** "Download full size (W×H)" for a final version Figma shows smaller than it is; says so when fal no longer has it. */
export function FullSizeDownload({ panel }: { panel: PanelSummary }) {
  const [error, setError] = useState<string | null>(null)
  const size = panel.final?.fullSize
  const url = panel.final?.imageUrl
  if (!size || !url) return null
  const name = `${panel.name} final ${panel.final!.resolution}`
  const save = async () => {
    try {
      const bytes = await downloadImage(url)
      const type = url.toLowerCase().endsWith('.png') ? 'image/png' : url.toLowerCase().endsWith('.webp') ? 'image/webp' : 'image/jpeg'
      downloadFile(bytes as BlobPart, `${name}.${type.slice(6)}`, type)
      setError(null)
    } catch (e) {
      setError(
        `The full-size file could not be fetched from fal (${errorMessage(e)}). fal keeps results for a limited time; if it has expired, Finalize the panel again to get a new one.`
      )
    }
  }
  return (
    <div>
      <Button secondary onClick={() => void save()}>{`Download full size (${size.width}×${size.height})`}</Button>
      <p style={styles.hint}>Figma keeps a scaled-down copy. The full file is fetched from fal, which keeps it for a limited time: download it soon.</p>
      {error === null ? null : (
        <p role="alert" style={styles.error}>
          {error}
        </p>
      )}
    </div>
  )
}
